// The local agent's policy API on cilium.sock (contracts.md): PUT/GET /v1/axon/policies and
// DELETE /v1/axon/policies/{kind}/{namespace|-}/{name}, plus GET /v1/endpoint for trace.
import type {CiliumClient} from '../../cilium/client.js';
import type {Endpoint} from '../../cilium/types.js';
import {NotFoundError, ProtocolError} from '../../errors.js';
import type {ApplyResult, PolicyList} from '../store.js';
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
