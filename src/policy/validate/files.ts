// `policy validate FILE...`: read, parse, validate; input with no policy at all is an error.
import {AxonError} from '../../errors.js';
import {readSources} from '../parse/read.js';
import type {ValidateOutcome} from '../print/validate.js';
import {validateSources, type ValidateOptions} from './index.js';

export async function validateFiles(paths: string[], opts: Pick<ValidateOptions, 'agent'> & {strict?: boolean} = {}): Promise<ValidateOutcome> {
  const sources = await readSources(paths);
  const r = validateSources(sources, {agent: opts.agent});
  if (r.documents === 0 && r.errors.length === 0) {
    const kinds = r.warnings.filter((w) => w.id === 'skipped-non-policy').map((w) => w.message.replace(/^skipped (\S+).*$/, '$1'));
    throw new AxonError(`${paths.join(', ')}: no policy documents${kinds.length ? ` (found ${[...new Set(kinds)].join(', ')})` : ' (the input is empty)'}`, {
      hint: 'validate checks CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (cilium.io/v2) and NetworkPolicy (networking.k8s.io/v1) documents',
    });
  }
  const {parsed: _parsed, ...rest} = r;
  return {...rest, strict: opts.strict ?? false};
}
