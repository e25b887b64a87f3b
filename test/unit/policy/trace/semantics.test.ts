// Section 14 semantics, one table row per rule of the decision procedure (network-policy.md 3.3,
// 4, 8, 9, 11, 13.3, 14.1): each row is a policy set, a flow and the verdict Cilium would reach.
import assert from 'node:assert/strict';
import type {PolicyResource, Rule} from '../../../../src/policy/types.js';
import {traceFlow, type TraceFlowSpec} from '../../../../src/policy/trace/index.js';
import type {TraceEndpoint} from '../../../../src/policy/trace/identity.js';

const endpoints: TraceEndpoint[] = [
  {name: 'ns1/web', labels: {app: 'web'}, ip: '10.0.1.1', ports: {http: 8080, metrics: {port: 9090, protocol: 'UDP'}}},
  {name: 'ns1/client', labels: {app: 'client'}, ip: '10.0.1.2'},
  {name: 'ns2/client', labels: {app: 'client'}, ip: '10.0.2.2', namespaceLabels: {team: 'blue'}},
  {name: 'kube-system/coredns', labels: {'k8s-app': 'kube-dns'}, ip: '10.0.9.53'},
  {name: 'host', labels: {'reserved:host': ''}, ip: '10.0.0.1'},
  {name: 'remote', labels: {'reserved:remote-node': ''}, ip: '10.0.0.2'},
  {name: 'api', labels: {'reserved:world': ''}, ip: '203.0.113.7', dnsNames: ['api.example.com']},
];

const cnp = (spec: Rule, namespace = 'ns1', name = 'p'): PolicyResource => ({apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name, namespace}, spec});
const ccnp = (spec: Rule, name = 'c'): PolicyResource => ({apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: {name}, spec});
const np = (spec: object, namespace = 'ns1', name = 'n'): PolicyResource => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name, namespace}, spec} as PolicyResource);
const web = {matchLabels: {app: 'web'}};
const tcp = (port: string, extra: object = {}) => [{ports: [{port, protocol: 'TCP' as const, ...extra}]}];
const toWeb = (dport: number, from = 'ns1/client', protocol: TraceFlowSpec['protocol'] = 'TCP'): TraceFlowSpec => ({from, to: 'ns1/web', protocol, dport});

interface Row {
  name: string;
  policies: PolicyResource[];
  flow: TraceFlowSpec;
  verdict: 'ALLOWED' | 'DENIED';
  dropReason?: number;
  decidedPath?: string;
  enforcement?: 'default' | 'always' | 'never';
}

const rows: Row[] = [
  // default-deny enablement
  {name: 'no policy: allowed', policies: [], flow: toWeb(80), verdict: 'ALLOWED'},
  {name: 'enforcement always without policy: dropped 133', policies: [], flow: toWeb(80), verdict: 'DENIED', dropReason: 133, enforcement: 'always'},
  {name: 'ingress allow for another port: 133', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('443')}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'enableDefaultDeny.ingress false: other traffic still allowed', policies: [cnp({endpointSelector: web, enableDefaultDeny: {ingress: false}, ingress: [{toPorts: tcp('443')}]})], flow: toWeb(80), verdict: 'ALLOWED'},
  {name: 'empty rule {} only enables default-deny', policies: [cnp({endpointSelector: web, ingress: [{}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'enableDefaultDeny.ingress true with only egress rules', policies: [cnp({endpointSelector: web, enableDefaultDeny: {ingress: true}, egress: [{toEntities: ['all']}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'egress rules do not isolate ingress', policies: [cnp({endpointSelector: web, egress: [{toEntities: ['world']}]})], flow: toWeb(80), verdict: 'ALLOWED'},
  // deny before allow
  {name: 'deny beats an allow of the same policy: 181', policies: [cnp({endpointSelector: web, ingress: [{fromEntities: ['all']}], ingressDeny: [{fromEndpoints: [{matchLabels: {app: 'client'}}]}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 181, decidedPath: 'spec.ingressDeny[0]'},
  {name: 'CCNP deny beats a NetworkPolicy allow', policies: [np({podSelector: {}, ingress: [{}]}), ccnp({endpointSelector: {}, ingressDeny: [{fromEntities: ['cluster'], toPorts: tcp('80')}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 181},
  {name: 'deny for another port does not apply; default-deny by the deny rule: 133', policies: [cnp({endpointSelector: web, ingressDeny: [{fromEntities: ['all'], toPorts: tcp('22')}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'deny with enableDefaultDeny false leaves other ports open', policies: [cnp({endpointSelector: web, enableDefaultDeny: {ingress: false}, ingressDeny: [{fromEntities: ['all'], toPorts: tcp('22')}]})], flow: toWeb(80), verdict: 'ALLOWED'},
  {name: 'egress deny at the source: 181', policies: [cnp({endpointSelector: {matchLabels: {app: 'client'}}, egressDeny: [{toEndpoints: [web]}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 181, decidedPath: 'spec.egressDeny[0]'},
  // namespace scoping (3.3, 11)
  {name: 'CNP fromEndpoints {} = pods of the policy namespace', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{}]}]})], flow: toWeb(80), verdict: 'ALLOWED'},
  {name: 'CNP fromEndpoints {} excludes other namespaces', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'DENIED', dropReason: 133},
  {name: 'CNP peer naming a namespace is not re-scoped', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': 'ns2'}}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'ALLOWED'},
  {name: 'CNP peer with a namespace-labels key is not re-scoped', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchLabels: {'io.cilium.k8s.namespace.labels.team': 'blue'}}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'ALLOWED'},
  {name: 'kubernetes.io/metadata.name on a pod selector never matches', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchLabels: {'kubernetes.io/metadata.name': 'ns1'}}]}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'CNP endpointSelector namespace is overwritten by the policy namespace', policies: [cnp({endpointSelector: {matchLabels: {app: 'web', 'k8s:io.kubernetes.pod.namespace': 'ns2'}}, ingress: [{}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'CNP in another namespace does not select the pod', policies: [cnp({endpointSelector: {}, ingress: [{}]}, 'ns2')], flow: toWeb(80), verdict: 'ALLOWED'},
  {name: 'CCNP endpointSelector {} selects every namespace', policies: [ccnp({endpointSelector: {}, ingress: [{}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'CCNP fromEndpoints {} = pods of all namespaces', policies: [ccnp({endpointSelector: web, ingress: [{fromEndpoints: [{}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'ALLOWED'},
  {name: 'CCNP fromEndpoints {} excludes reserved identities', policies: [ccnp({endpointSelector: web, ingress: [{fromEndpoints: [{}]}]})], flow: {from: 'remote', to: 'ns1/web', protocol: 'TCP', dport: 80}, verdict: 'DENIED', dropReason: 133},
  {name: 'fromEndpoints [] (present, empty) matches nothing', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: []}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'reserved: selector matches the reserved identity', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchLabels: {'reserved:remote-node': ''}}]}]})], flow: {from: 'remote', to: 'ns1/web', protocol: 'TCP', dport: 80}, verdict: 'ALLOWED'},
  {name: 'L4-only rule (no peer) includes world', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('80')}]})], flow: {from: 'api', to: 'ns1/web', protocol: 'TCP', dport: 80}, verdict: 'ALLOWED'},
  {name: 'host is always allowed in (allow-localhost)', policies: [cnp({endpointSelector: web, ingress: [{}]})], flow: {from: 'host', to: 'ns1/web', protocol: 'TCP', dport: 80}, verdict: 'ALLOWED'},
  {name: 'a deny from the host beats allow-localhost', policies: [cnp({endpointSelector: web, ingressDeny: [{fromEntities: ['host']}]})], flow: {from: 'host', to: 'ns1/web', protocol: 'TCP', dport: 80}, verdict: 'DENIED', dropReason: 181},
  // entities (9)
  {name: 'toEntities world allows an outside IP', policies: [cnp({endpointSelector: web, egress: [{toEntities: ['world']}]})], flow: {from: 'ns1/web', to: '198.51.100.9', protocol: 'TCP', dport: 443}, verdict: 'ALLOWED'},
  {name: 'toEntities world does not cover pods', policies: [cnp({endpointSelector: web, egress: [{toEntities: ['world']}]})], flow: {from: 'ns1/web', to: 'ns1/client', protocol: 'TCP', dport: 80}, verdict: 'DENIED', dropReason: 133},
  {name: 'toEntities cluster covers pods and the host', policies: [cnp({endpointSelector: web, egress: [{toEntities: ['cluster']}]})], flow: {from: 'ns1/web', to: 'host', protocol: 'TCP', dport: 10250}, verdict: 'ALLOWED'},
  {name: 'toEntities cluster does not cover world', policies: [cnp({endpointSelector: web, egress: [{toEntities: ['cluster']}]})], flow: {from: 'ns1/web', to: '198.51.100.9', protocol: 'TCP', dport: 443}, verdict: 'DENIED', dropReason: 133},
  {name: 'fromEntities remote-node', policies: [cnp({endpointSelector: web, ingress: [{fromEntities: ['remote-node']}]})], flow: {from: 'remote', to: 'ns1/web', protocol: 'TCP', dport: 80}, verdict: 'ALLOWED'},
  // CIDR (8)
  {name: 'toCIDR covers a world address', policies: [cnp({endpointSelector: web, egress: [{toCIDR: ['198.51.100.0/24']}]})], flow: {from: 'ns1/web', to: '198.51.100.9', protocol: 'TCP', dport: 443}, verdict: 'ALLOWED'},
  {name: 'toCIDRSet except carves out an address', policies: [cnp({endpointSelector: web, egress: [{toCIDRSet: [{cidr: '198.51.100.0/24', except: ['198.51.100.8/29']}]}]})], flow: {from: 'ns1/web', to: '198.51.100.9', protocol: 'TCP', dport: 443}, verdict: 'DENIED', dropReason: 133},
  {name: 'toCIDR never selects a pod IP', policies: [cnp({endpointSelector: web, egress: [{toCIDR: ['10.0.0.0/8']}]})], flow: {from: 'ns1/web', to: 'ns1/client', protocol: 'TCP', dport: 80}, verdict: 'DENIED', dropReason: 133},
  {name: 'toCIDR with host bits set means the network', policies: [cnp({endpointSelector: web, egress: [{toCIDR: ['198.51.100.1/24']}]})], flow: {from: 'ns1/web', to: '198.51.100.200', protocol: 'TCP', dport: 443}, verdict: 'ALLOWED'},
  // ports (5, 14.1 step 5)
  {name: 'protocol omitted = ANY covers UDP', policies: [cnp({endpointSelector: web, ingress: [{toPorts: [{ports: [{port: '53'}]}]}]})], flow: toWeb(53, 'ns1/client', 'UDP'), verdict: 'ALLOWED'},
  {name: 'protocol TCP does not cover UDP', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('53')}]})], flow: toWeb(53, 'ns1/client', 'UDP'), verdict: 'DENIED', dropReason: 133},
  {name: 'port "0" = all ports', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('0')}]})], flow: toWeb(31337), verdict: 'ALLOWED'},
  {name: 'endPort range is inclusive', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('8000', {endPort: 8080})}]})], flow: toWeb(8080), verdict: 'ALLOWED'},
  {name: 'outside the range', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('8000', {endPort: 8080})}]})], flow: toWeb(8081), verdict: 'DENIED', dropReason: 133},
  {name: 'endPort below port: only the single port', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('8080', {endPort: 8000})}]})], flow: toWeb(8050), verdict: 'DENIED', dropReason: 133},
  {name: 'named port resolves against the destination', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('http')}]})], flow: toWeb(8080), verdict: 'ALLOWED'},
  {name: 'named port: another number is not covered', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('http')}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'named UDP port with protocol TCP does not match', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('metrics')}]})], flow: toWeb(9090, 'ns1/client', 'UDP'), verdict: 'DENIED', dropReason: 133},
  {name: 'egress named port resolves against the peer', policies: [cnp({endpointSelector: {matchLabels: {app: 'client'}}, egress: [{toEndpoints: [web], toPorts: [{ports: [{port: 'HTTP'}]}]}]})], flow: toWeb(8080), verdict: 'ALLOWED'},
  {name: 'L3-only rule covers every port and protocol', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchLabels: {app: 'client'}}]}]})], flow: {from: 'ns1/client', to: 'ns1/web', protocol: 'ICMP', icmpType: 8}, verdict: 'ALLOWED'},
  // ICMP
  {name: 'icmps allows echo (by name)', policies: [cnp({endpointSelector: web, ingress: [{icmps: [{fields: [{type: 'EchoRequest', family: 'IPv4'}]}]}]})], flow: {from: 'ns1/client', to: 'ns1/web', protocol: 'ICMP', icmpType: 8}, verdict: 'ALLOWED'},
  {name: 'icmps: another type is dropped', policies: [cnp({endpointSelector: web, ingress: [{icmps: [{fields: [{type: 8}]}]}]})], flow: {from: 'ns1/client', to: 'ns1/web', protocol: 'ICMP', icmpType: 13}, verdict: 'DENIED', dropReason: 133},
  {name: 'an icmps-only rule turns on default-deny for TCP', policies: [cnp({endpointSelector: web, ingress: [{icmps: [{fields: [{type: 8}]}]}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'toPorts never covers ICMP', policies: [cnp({endpointSelector: web, ingress: [{toPorts: tcp('0')}]})], flow: {from: 'ns1/client', to: 'ns1/web', protocol: 'ICMP', icmpType: 8}, verdict: 'DENIED', dropReason: 133},
  // toFQDNs (7)
  {name: 'toFQDNs matchPattern covers a learned name', policies: [cnp({endpointSelector: web, egress: [{toFQDNs: [{matchPattern: '*.example.com'}]}]})], flow: {from: 'ns1/web', to: 'api', protocol: 'TCP', dport: 443}, verdict: 'ALLOWED'},
  {name: 'toFQDNs: an unknown IP is not covered', policies: [cnp({endpointSelector: web, egress: [{toFQDNs: [{matchName: 'api.example.com'}]}]})], flow: {from: 'ns1/web', to: '198.51.100.9', protocol: 'TCP', dport: 443}, verdict: 'DENIED', dropReason: 133},
  {name: 'toServices cannot be resolved offline: nothing matches', policies: [cnp({endpointSelector: web, egress: [{toServices: [{k8sService: {serviceName: 's', namespace: 'ns1'}}]}]})], flow: {from: 'ns1/web', to: 'ns1/client', protocol: 'TCP', dport: 80}, verdict: 'DENIED', dropReason: 133},
  // NetworkPolicy (13.3)
  {name: 'NP ingress [{}] allows all', policies: [np({podSelector: {}, ingress: [{}]})], flow: toWeb(80, 'ns2/client'), verdict: 'ALLOWED'},
  {name: 'NP ingress [] (policyTypes Ingress) denies all', policies: [np({podSelector: {}, policyTypes: ['Ingress'], ingress: []})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'NP podSelector peer = the policy namespace', policies: [np({podSelector: web, ingress: [{from: [{podSelector: {matchLabels: {app: 'client'}}}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'DENIED', dropReason: 133},
  {name: 'NP namespaceSelector by namespace label', policies: [np({podSelector: web, ingress: [{from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'ns2'}}}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'ALLOWED'},
  {name: 'NP namespaceSelector AND podSelector in one peer', policies: [np({podSelector: web, ingress: [{from: [{namespaceSelector: {matchLabels: {team: 'blue'}}, podSelector: {matchLabels: {app: 'other'}}}]}]})], flow: toWeb(80, 'ns2/client'), verdict: 'DENIED', dropReason: 133},
  {name: 'NP port protocol defaults to TCP', policies: [np({podSelector: web, ingress: [{ports: [{port: 53}]}]})], flow: toWeb(53, 'ns1/client', 'UDP'), verdict: 'DENIED', dropReason: 133},
  {name: 'NP named port', policies: [np({podSelector: web, ingress: [{ports: [{port: 'http'}]}]})], flow: toWeb(8080), verdict: 'ALLOWED'},
  {name: 'NP endPort range', policies: [np({podSelector: web, ingress: [{ports: [{port: 8000, endPort: 8100}]}]})], flow: toWeb(8090), verdict: 'ALLOWED'},
  {name: 'NP ipBlock except', policies: [np({podSelector: web, policyTypes: ['Egress'], egress: [{to: [{ipBlock: {cidr: '198.51.100.0/24', except: ['198.51.100.9/32']}}]}]})], flow: {from: 'ns1/web', to: '198.51.100.9', protocol: 'TCP', dport: 443}, verdict: 'DENIED', dropReason: 133},
  {name: 'NP egress-only without policyTypes also isolates ingress', policies: [np({podSelector: web, egress: [{to: [{ipBlock: {cidr: '0.0.0.0/0'}}]}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'NP policyTypes [Ingress] with egress rules: Cilium enforces egress (cilium#48703)', policies: [np({podSelector: web, policyTypes: ['Ingress'], ingress: [{}], egress: [{ports: [{port: 443}]}]})], flow: {from: 'ns1/web', to: 'ns1/client', protocol: 'TCP', dport: 80}, verdict: 'DENIED', dropReason: 133},
  {name: 'NP policyTypes [Egress] with ingress rules: Cilium enforces ingress', policies: [np({podSelector: web, policyTypes: ['Egress'], ingress: [{ports: [{port: 443}]}], egress: [{}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'NP policyTypes [Egress] only: ingress unaffected', policies: [np({podSelector: web, policyTypes: ['Egress'], egress: [{}]})], flow: toWeb(80), verdict: 'ALLOWED'},
  // selectors
  {name: 'matchExpressions NotIn', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchExpressions: [{key: 'app', operator: 'NotIn', values: ['client']}]}]}]})], flow: toWeb(80), verdict: 'DENIED', dropReason: 133},
  {name: 'matchExpressions DoesNotExist', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [{matchExpressions: [{key: 'tier', operator: 'DoesNotExist'}]}]}]})], flow: toWeb(80), verdict: 'ALLOWED'},
  {name: 'policy enforcement never: nothing enforced', policies: [cnp({endpointSelector: web, ingress: [{}]})], flow: toWeb(80), verdict: 'ALLOWED', enforcement: 'never'},
];

describe('policy trace: semantics (section 14)', () => {
  for (const row of rows) {
    it(row.name, () => {
      const r = traceFlow({policies: row.policies, endpoints, flow: row.flow, enforcement: row.enforcement});
      assert.equal(r.verdict, row.verdict, r.steps.map((s) => s.message).join('\n'));
      assert.equal(r.dropReason, row.dropReason);
      if (row.decidedPath) assert.equal(r.decidedBy?.path, row.decidedPath);
    });
  }
});

describe('policy trace: L7 gathering and wildcarding (14.1 step 4)', () => {
  const http = (path: string, method = 'GET') => ({method, path});
  const l7 = (httpRules: object[]) => [{ports: [{port: '80', protocol: 'TCP' as const}], rules: {http: httpRules}}];
  const client = {matchLabels: {app: 'client'}};
  const cases: Array<{name: string; policies: PolicyResource[]; flow: TraceFlowSpec; verdict: 'ALLOWED' | 'DENIED'; l7: string}> = [
    {name: 'an L4-only rule for the same port wildcards L7', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [client], toPorts: l7([{path: '/a'}])}, {toPorts: tcp('80')}]})], flow: {...toWeb(80), http: http('/b')}, verdict: 'ALLOWED', l7: 'wildcarded'},
    {name: 'an L3-only rule for the peer wildcards L7 (other policy)', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [client], toPorts: l7([{path: '/a'}])}]}), cnp({endpointSelector: web, ingress: [{fromEndpoints: [client]}]}, 'ns1', 'q')], flow: {...toWeb(80), http: http('/b')}, verdict: 'ALLOWED', l7: 'wildcarded'},
    {name: 'rules for another peer do not wildcard', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [client], toPorts: l7([{path: '/a'}])}, {fromEntities: ['world'], toPorts: tcp('80')}]})], flow: {...toWeb(80), http: http('/b')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'HTTP rules are gathered from all allowing rules (OR)', policies: [cnp({endpointSelector: web, ingress: [{fromEndpoints: [client], toPorts: l7([{path: '/a'}])}, {fromEndpoints: [{}], toPorts: l7([{path: '/b'}])}]})], flow: {...toWeb(80), http: http('/b')}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'enableDefaultDeny false: L7 still filters the named peer (cilium#38841)', policies: [cnp({endpointSelector: web, enableDefaultDeny: {ingress: false}, ingress: [{fromEndpoints: [client], toPorts: l7([{path: '/a'}])}]})], flow: {...toWeb(80), http: http('/b')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'enableDefaultDeny false: other peers are not L7-filtered', policies: [cnp({endpointSelector: web, enableDefaultDeny: {ingress: false}, ingress: [{fromEndpoints: [client], toPorts: l7([{path: '/a'}])}]})], flow: {...toWeb(80, 'ns2/client'), http: http('/b')}, verdict: 'ALLOWED', l7: 'none'},
    {name: 'http: [] means no L7 enforcement', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([])}]})], flow: {...toWeb(80), http: http('/x')}, verdict: 'ALLOWED', l7: 'none'},
    {name: 'method (?i) matches case-insensitively', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{method: '(?i)get'}])}]})], flow: {...toWeb(80), http: http('/x')}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'method without (?i) is case-sensitive', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{method: 'get'}])}]})], flow: {...toWeb(80), http: http('/x')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'query string is part of :path', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{path: '/employees.*'}])}]})], flow: {...toWeb(80), http: http('/employees?id=1')}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'header "Name: value" must be present with the value', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{headers: ['X-Token: abc']}])}]})], flow: {...toWeb(80), http: {method: 'GET', path: '/', headers: ['x-token: abc']}}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'header with another value is denied', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{headers: ['X-Token: abc']}])}]})], flow: {...toWeb(80), http: {method: 'GET', path: '/', headers: ['X-Token: xyz']}}, verdict: 'DENIED', l7: 'denied'},
    {name: 'header "Name:value" without a space is a header name', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{headers: ['X-Token:abc']}])}]})], flow: {...toWeb(80), http: {method: 'GET', path: '/', headers: ['X-Token: abc']}}, verdict: 'DENIED', l7: 'denied'},
    {name: 'host is matched against :authority (Host header)', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{host: 'web\\.ns1'}])}]})], flow: {...toWeb(80), http: {method: 'GET', path: '/', headers: ['Host: web.ns1']}}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'headerMatches value', policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{headerMatches: [{name: 'X-A', value: '1'}]}])}]})], flow: {...toWeb(80), http: {method: 'GET', path: '/', headers: ['X-A: 2']}}, verdict: 'DENIED', l7: 'denied'},
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = traceFlow({policies: c.policies, endpoints, flow: c.flow});
      assert.equal(r.verdict, c.verdict, r.steps.map((s) => s.message).join('\n'));
      assert.equal(r.l7?.result ?? 'none', c.l7);
    });
  }

  const dnsPolicy = (dns: object[]) => [cnp({endpointSelector: web, egress: [{toEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns'}}], toPorts: [{ports: [{port: '53', protocol: 'ANY' as const}], rules: {dns}}]}]})];
  const dnsCases: Array<[string, object[], string, 'ALLOWED' | 'DENIED']> = [
    ['matchName is case-insensitive, trailing dot implied', [{matchName: 'API.example.com'}], 'api.example.com.', 'ALLOWED'],
    ['matchName is exact', [{matchName: 'example.com'}], 'api.example.com', 'DENIED'],
    ['* within a label', [{matchPattern: '*.example.com'}], 'api.example.com', 'ALLOWED'],
    ['* never crosses a dot', [{matchPattern: '*.example.com'}], 'a.b.example.com', 'DENIED'],
    ['*.example.com does not match the apex', [{matchPattern: '*.example.com'}], 'example.com', 'DENIED'],
    ['**. matches several labels', [{matchPattern: '**.example.com'}], 'a.b.example.com', 'ALLOWED'],
    ['**. needs at least one label', [{matchPattern: '**.example.com'}], 'example.com', 'DENIED'],
    ['* alone matches everything', [{matchPattern: '*'}], 'svc.cluster.local', 'ALLOWED'],
  ];
  for (const [name, dns, query, verdict] of dnsCases) {
    it(`DNS: ${name}`, () => {
      const r = traceFlow({policies: dnsPolicy(dns), endpoints, flow: {from: 'ns1/web', to: 'kube-system/coredns', protocol: 'UDP', dport: 53, dnsQuery: query}});
      assert.equal(r.verdict, verdict, r.steps.map((s) => s.message).join('\n'));
      assert.equal(r.l7?.type, 'dns');
      if (verdict === 'DENIED') assert.equal(r.l7?.response, 'REFUSED');
    });
  }

  it('deny rules have no L7 part: an HTTP request is dropped at L4 (181)', () => {
    const r = traceFlow({
      policies: [cnp({endpointSelector: web, ingress: [{toPorts: l7([{path: '/.*'}])}], ingressDeny: [{fromEndpoints: [client], toPorts: tcp('80')}]})],
      endpoints,
      flow: {...toWeb(80), http: http('/x')},
    });
    assert.equal(r.verdict, 'DENIED');
    assert.equal(r.dropReason, 181);
    assert.equal(r.l7, undefined);
  });
});

describe('policy trace: inputs', () => {
  it('an unknown endpoint is a usage error listing known ones', () => {
    assert.throws(() => traceFlow({policies: [], endpoints, flow: {from: 'ns9/x', to: 'ns1/web', protocol: 'TCP', dport: 80}}), (e: Error & {hint?: string}) => /--from ns9\/x: no such endpoint/.test(e.message) && /ns1\/web/.test(e.hint ?? ''));
  });
  it('an IP of a known endpoint resolves to it', () => {
    const r = traceFlow({policies: [], endpoints, flow: {from: 'ns1/client', to: '10.0.1.1', protocol: 'TCP', dport: 80}});
    assert.equal(r.destination.name, 'ns1/web');
    assert.ok(r.destination.labels.includes('k8s:io.kubernetes.pod.namespace=ns1'));
  });
  it('CNP without metadata.namespace uses the default namespace option', () => {
    const p: PolicyResource = {apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'x'}, spec: {endpointSelector: {}, ingress: [{}]}};
    const r1 = traceFlow({policies: [p], endpoints, flow: toWeb(80)});
    assert.equal(r1.verdict, 'ALLOWED');
    const r2 = traceFlow({policies: [p], endpoints, flow: toWeb(80), defaultNamespace: 'ns1'});
    assert.equal(r2.verdict, 'DENIED');
  });
});
