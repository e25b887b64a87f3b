// `axon demo policy`: the seed's python-app CiliumNetworkPolicy (network-policy.md 14.2) applied
// to (or deleted from) the local agent, with what the datapath will and will not enforce.
import type {AgentPolicyClient} from '../policy/apply/agent.js';
import type {ApplyItem} from '../policy/store.js';
import type {PolicyResource} from '../policy/types.js';
import {compilePolicies} from './policy-compile.js';

export const DEMO_POLICY: PolicyResource = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: {name: 'python-app', namespace: 'python-app'},
  spec: {
    endpointSelector: {},
    ingress: [
      {
        fromEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': 'test'}}],
        toPorts: [{ports: [{port: '5000', protocol: 'TCP'}], rules: {http: [{method: 'GET', path: '/employees.*'}]}}],
      },
    ],
  },
} as PolicyResource;

export interface DemoPolicyResult {
  action: 'applied' | 'deleted';
  results: ApplyItem[];
  revision: number;
  /** what the local datapath does not enforce (L7) */
  warnings: string[];
}

export async function applyDemoPolicy(client: AgentPolicyClient): Promise<DemoPolicyResult> {
  const r = await client.apply([DEMO_POLICY]);
  return {action: 'applied', results: r.results, revision: r.revision, warnings: compilePolicies([DEMO_POLICY], []).warnings};
}

export async function deleteDemoPolicy(client: AgentPolicyClient): Promise<DemoPolicyResult> {
  const {namespace, name} = DEMO_POLICY.metadata;
  const r = await client.delete('CiliumNetworkPolicy', namespace, name);
  return {action: 'deleted', results: [{kind: 'CiliumNetworkPolicy', namespace, name, action: 'configured'}], revision: r.revision, warnings: []};
}

/** kubectl-style result lines, then what to expect (stdout); warnings are printed separately. */
export function formatDemoPolicy(r: DemoPolicyResult): string {
  const {namespace, name} = DEMO_POLICY.metadata;
  if (r.action === 'deleted') return `ciliumnetworkpolicy.cilium.io/${name} deleted (namespace ${namespace}, revision ${r.revision})\n`;
  const lines = r.results.map((i) => `ciliumnetworkpolicy.cilium.io/${i.name} ${i.action} (namespace ${i.namespace}, revision ${r.revision})`);
  lines.push(
    '',
    'With pods in namespaces test, default and python-app on this agent:',
    '  test/*    -> python-app/*:5000/TCP   FORWARDED, policy-verdict:L3-L4 INGRESS ALLOWED',
    '  default/* -> python-app/*:5000/TCP   Policy denied DROPPED (the connect times out)',
    '  python-app/* -> anywhere             unaffected (the policy has no egress section)',
    'Watch it:  axon observe --follow --namespace python-app',
    'Undo it:   axon demo policy --delete',
  );
  return lines.join('\n') + '\n';
}
