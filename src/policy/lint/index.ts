// The lint catalogue (section 15) over validated documents: warnings and infos with stable ids.
import type {Diagnostic} from '../parse/diagnostic.js';
import type {ParsedDocument} from '../parse/documents.js';
import type {Validated} from '../validate/index.js';
import {lintCiliumElements} from './cilium.js';
import {Lints} from './context.js';
import {lintDns} from './dns.js';
import {lintNetworkPolicy} from './netpol.js';
import {lintDenyOnly, lintDuplicates, lintL7Shadowed, lintNamespaces, lintSkipped} from './resource.js';

export {LINTS, type LintInfo} from './catalogue.js';

export function lintDocuments(validated: Validated[], skipped: ParsedDocument[]): Diagnostic[] {
  const l = new Lints();
  for (const v of validated) {
    lintDns(v, l);
    lintNamespaces(v, l);
    if (v.kind === 'NetworkPolicy') {
      lintNetworkPolicy(v, l);
    } else {
      lintCiliumElements(v, l);
      lintDenyOnly(v, l);
      lintL7Shadowed(v, l);
    }
  }
  lintDuplicates(validated, l);
  lintSkipped(skipped, l);
  return l.out;
}
