// The local agent's policy API on cilium.sock (contracts.md): PUT/GET /v1/axon/policies and
// DELETE /v1/axon/policies/{kind}/{namespace|-}/{name}, plus GET /v1/endpoint for trace.
import type {CiliumClient} from '../../cilium/client.js';
import type {Endpoint} from '../../cilium/types.js';
import {NotFoundError, ProtocolError, UsageError} from '../../errors.js';
import type {AgentApplyOutput} from '../print/apply.js';
import type {ApplyResult, PolicyList} from '../store.js';
import {DEFAULT_NAMESPACE} from '../trace/compile.js';
import {CCNP_KIND, formatRef, type PolicyKind, type PolicyResource} from '../types.js';

function check<T>(v: unknown, what: string, ok: (v: unknown) => boolean): T {
  if (!ok(v)) throw new ProtocolError(`${what}: unexpected answer ${JSON.stringify(v)?.slice(0, 80)}`, {hint: 'is the agent an axon agent with the policy API?'});
  return v as T;
}

export class AgentPolicyClient {
  constructor(private readonly client: CiliumClient) {}

  async apply(resources: PolicyResource[]): Promise<ApplyResult> {
    const r = await this.client.put<ApplyResult>('/v1/axon/policies', {body: {resources}});
    return check(r, 'PUT /v1/axon/policies', (v) => Array.isArray((v as ApplyResult)?.results));
  }

  /** apply, or with dryRun what apply would do (created/configured) without writing. */
  async applyOrPreview(resources: PolicyResource[], dryRun: boolean): Promise<AgentApplyOutput> {
    if (!dryRun) {
      const r = await this.apply(resources);
      return {target: 'agent', revision: r.revision, items: r.results};
    }
    const list = await this.list();
    const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${kind === CCNP_KIND ? '' : (ns ?? DEFAULT_NAMESPACE)}/${name}`;
    const have = new Set(list.resources.map((r) => key(r.kind, r.metadata.namespace, r.metadata.name)));
    const items = resources.map((r) => ({
      kind: r.kind as PolicyKind,
      namespace: r.kind === CCNP_KIND ? undefined : (r.metadata.namespace ?? DEFAULT_NAMESPACE),
      name: r.metadata.name,
      action: have.has(key(r.kind, r.metadata.namespace, r.metadata.name)) ? ('configured' as const) : ('created' as const),
    }));
    return {target: 'agent', revision: list.revision, dryRun: 'client', items};
  }

  async list(): Promise<PolicyList> {
    const r = await this.client.get<PolicyList>('/v1/axon/policies');
    return check(r, 'GET /v1/axon/policies', (v) => Array.isArray((v as PolicyList)?.resources));
  }

  async delete(kind: PolicyKind, namespace: string | undefined, name: string): Promise<{revision: number}> {
    const ns = kind === CCNP_KIND || namespace === undefined ? '-' : namespace;
    try {
      return await this.client.delete<{revision: number}>(`/v1/axon/policies/${encodeURIComponent(kind)}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`);
    } catch (e) {
      if ((e as {status?: number}).status === 404) {
        throw new NotFoundError(`${formatRef({kind, namespace: ns === '-' ? undefined : ns, name})} not found on the agent`, {hint: 'list the applied policies with "axon policy list"', cause: e});
      }
      throw e;
    }
  }

  async endpoints(): Promise<Endpoint[]> {
    const r = await this.client.get<Endpoint[]>('/v1/endpoint');
    return check(r, 'GET /v1/endpoint', Array.isArray);
  }

  close(): void {
    this.client.close();
  }
}

const KIND_ALIASES: Record<string, PolicyKind> = {
  ciliumnetworkpolicy: 'CiliumNetworkPolicy',
  ciliumnetworkpolicies: 'CiliumNetworkPolicy',
  cnp: 'CiliumNetworkPolicy',
  ciliumnp: 'CiliumNetworkPolicy',
  ciliumclusterwidenetworkpolicy: 'CiliumClusterwideNetworkPolicy',
  ciliumclusterwidenetworkpolicies: 'CiliumClusterwideNetworkPolicy',
  ccnp: 'CiliumClusterwideNetworkPolicy',
  networkpolicy: 'NetworkPolicy',
  networkpolicies: 'NetworkPolicy',
  netpol: 'NetworkPolicy',
};

/** KIND/NS/NAME (KIND/NAME for CCNP); kinds also by kubectl short name (cnp, ccnp, netpol). */
export function parsePolicyRef(text: string): {kind: PolicyKind; namespace?: string; name: string} {
  const parts = text.split('/');
  const kind = KIND_ALIASES[parts[0]?.toLowerCase() ?? ''];
  const usage = 'write KIND/NAMESPACE/NAME, e.g. CiliumNetworkPolicy/default/allow-web or cnp/default/allow-web (ccnp/NAME for clusterwide)';
  if (!kind) throw new UsageError(`${text}: unknown policy kind "${parts[0]}"`, {hint: usage});
  if (kind === CCNP_KIND) {
    if (parts.length !== 2 || !parts[1]) throw new UsageError(`${text}: expected ${parts[0]}/NAME (clusterwide policies have no namespace)`, {hint: usage});
    return {kind, name: parts[1]};
  }
  if (parts.length !== 3 || !parts[1] || !parts[2]) throw new UsageError(`${text}: expected ${parts[0]}/NAMESPACE/NAME`, {hint: usage});
  return {kind, namespace: parts[1], name: parts[2]};
}
