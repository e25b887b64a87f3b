// Input of `policy apply`: read, parse and validate every file first; anything invalid, or a
// document of another kind, refuses the whole input (nothing is applied).
import {AxonError} from '../../errors.js';
import {readSources} from '../parse/read.js';
import {formatValidateHuman} from '../print/validate.js';
import type {PolicyResource} from '../types.js';
import {validateSources, type ValidationResult} from '../validate/index.js';

export interface PolicyInput {
  resources: PolicyResource[];
  validation: ValidationResult;
}

export async function readPolicyInput(paths: string[]): Promise<PolicyInput> {
  const r = validateSources(await readSources(paths));
  const skipped = r.warnings.filter((w) => w.id === 'skipped-non-policy');
  if (r.errors.length || skipped.length) {
    const shown = {...r, errors: [...r.errors, ...skipped.map((w) => ({...w, severity: 'error' as const}))], warnings: r.warnings.filter((w) => w.id !== 'skipped-non-policy'), infos: [], strict: false};
    throw new AxonError(`invalid policy input, nothing applied:\n${formatValidateHuman(shown, {color: false}).trimEnd()}`, {
      hint: skipped.length && !r.errors.length ? 'apply takes CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and NetworkPolicy documents only' : 'fix the errors above ("axon policy validate FILE" shows the same)',
    });
  }
  if (r.parsed.length === 0) {
    throw new AxonError(`${paths.join(', ')}: no policy documents, nothing applied`, {hint: 'the input is empty'});
  }
  return {resources: r.parsed.map((d) => d.value as PolicyResource), validation: r};
}
