// Inputs of `policy trace`: policies from files (through the policy parser, so results carry
// file:line) or the agent's applied set; endpoints from a file or the agent's GET /v1/endpoint.
import {UsageError} from '../../errors.js';
import type {AgentPolicyClient} from '../apply/agent.js';
import {parseSources, readSources, type ParsedDocument} from '../parse/index.js';
import type {PolicyResource} from '../types.js';
import {validateDocuments} from '../validate/index.js';
import {endpointsFromCilium, parseEndpoints} from './endpoints.js';
import type {TraceEndpoint} from './identity.js';

export interface TraceInputs {
  policies: Array<ParsedDocument | PolicyResource>;
  endpoints: TraceEndpoint[];
  /** Where each came from, for the output ("2 files", "agent revision 7"). */
  from: {policies: string; endpoints: string};
  /** Validation errors of the policy files: traced anyway, as the API server would store them. */
  invalid: string[];
}

export async function loadPolicyFiles(paths: string[]): Promise<ParsedDocument[]> {
  const parsed = parseSources(await readSources(paths));
  if (parsed.errors.length) {
    const lines = parsed.errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.path ? `${d.path}: ` : ''}${d.message}`);
    throw new UsageError(`cannot read the policies:\n${lines.join('\n')}`, {hint: parsed.errors[0].hint ?? 'fix the YAML/JSON, then check it with "axon policy validate"'});
  }
  return parsed.documents;
}

export async function loadTraceInputs(o: {policies?: string[]; endpoints?: string; agent: () => AgentPolicyClient}): Promise<TraceInputs> {
  let policies: TraceInputs['policies'];
  let policiesFrom: string;
  let invalid: string[] = [];
  if (o.policies?.length) {
    const docs = await loadPolicyFiles(o.policies);
    invalid = validateDocuments(docs, {lint: false}).errors.map((d) => `${d.file}:${d.line}:${d.column}: ${d.path ? `${d.path}: ` : ''}${d.message}`);
    policies = docs;
    policiesFrom = o.policies.join(', ');
  } else {
    const list = await o.agent().list();
    policies = list.resources;
    policiesFrom = `agent (revision ${list.revision})`;
  }
  let endpoints: TraceEndpoint[];
  let endpointsFrom: string;
  if (o.endpoints) {
    const [src] = await readSources([o.endpoints]);
    endpoints = parseEndpoints(src.text, src.file);
    endpointsFrom = src.file;
  } else {
    endpoints = endpointsFromCilium(await o.agent().endpoints());
    endpointsFrom = 'agent';
  }
  return {policies, endpoints, from: {policies: policiesFrom, endpoints: endpointsFrom}, invalid};
}
