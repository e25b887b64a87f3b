// `policy list`: the agent's applied policies as a table (Go tabwriter, as kubectl get). Pure.
import {escapeTerminal} from '../../flows/escape.js';
import {formatTabwriter} from '../../render/tabwriter.js';
import type {PolicyList} from '../store.js';
import {CCNP_KIND} from '../types.js';

function ruleCount(r: PolicyList['resources'][number]): number {
  if (r.kind === 'NetworkPolicy') return (r.spec?.ingress?.length ?? 0) + (r.spec?.egress?.length ?? 0);
  const rules = [...(r.spec ? [r.spec] : []), ...(r.specs ?? [])];
  return rules.reduce((n, x) => n + (x.ingress?.length ?? 0) + (x.ingressDeny?.length ?? 0) + (x.egress?.length ?? 0) + (x.egressDeny?.length ?? 0), 0);
}

export function formatPolicyList(l: PolicyList): string {
  if (l.resources.length === 0) return `No policies applied (revision ${l.revision}).\n`;
  const rows = [...l.resources].sort((a, b) => `${a.kind}/${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.namespace ?? ''}/${b.metadata.name}`));
  const text = ['KIND\tNAMESPACE\tNAME\tRULES\t', ...rows.map((r) => `${r.kind}\t${r.kind === CCNP_KIND ? '-' : escapeTerminal(r.metadata.namespace ?? '')}\t${escapeTerminal(r.metadata.name)}\t${ruleCount(r)}\t`)].join('\n') + '\n';
  return formatTabwriter(text, {minwidth: 0, padding: 3}).replace(/ +$/gm, '') + `Revision: ${l.revision}\n`;
}
