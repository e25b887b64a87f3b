// Live values: the policies applied to the local agent (GET /v1/axon/policies), as the
// KIND/NAMESPACE/NAME (KIND/NAME when clusterwide) references `policy delete` takes.
import {AgentPolicyClient} from '../../policy/apply/agent.js';
import {CCNP_KIND, formatRef, type PolicyKind} from '../../policy/types.js';
import type {Candidate} from '../protocol.js';
import type {ProviderContext} from '../sources.js';
import {withAgent} from './agent.js';

export async function appliedPolicies(ctx: ProviderContext): Promise<Candidate[]> {
  const {resources} = await withAgent(ctx, (c) => new AgentPolicyClient(c).list());
  return resources
    .map((r) => {
      const kind = r.kind as PolicyKind;
      const ref = formatRef({kind, namespace: kind === CCNP_KIND ? undefined : r.metadata.namespace, name: r.metadata.name});
      return {value: ref, description: kind === CCNP_KIND ? 'clusterwide' : `in namespace ${r.metadata.namespace}`};
    })
    .sort((a, b) => a.value.localeCompare(b.value));
}
