// Golden printer table for formatTrace: allowed, dropped by deny (181), default-deny (133),
// L7 denial, a world destination, colour and terminal escaping.
import assert from 'node:assert/strict';
import {formatTrace} from '../../../../src/policy/print/trace.js';
import {traceFlow, type TraceResult} from '../../../../src/policy/trace/index.js';
import type {PolicyResource} from '../../../../src/policy/types.js';

const endpoints = [
  {name: 'ns/a', labels: {app: 'a'}, ip: '10.0.0.1'},
  {name: 'ns/b', labels: {app: 'b'}, ip: '10.0.0.2'},
  {name: 'ns/evil\x1b[31m', labels: {app: 'x'}},
];
const deny: PolicyResource = {apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'd', namespace: 'ns'}, spec: {endpointSelector: {matchLabels: {app: 'b'}}, ingressDeny: [{fromEndpoints: [{matchLabels: {app: 'a'}}]}]}};
const http: PolicyResource = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: {name: 'h', namespace: 'ns'},
  spec: {endpointSelector: {matchLabels: {app: 'b'}}, ingress: [{toPorts: [{ports: [{port: '80', protocol: 'TCP'}], rules: {http: [{path: '/ok'}]}}]}]},
};
const run = (policies: PolicyResource[], flow: Partial<Parameters<typeof traceFlow>[0]['flow']>): TraceResult =>
  traceFlow({policies, endpoints, flow: {from: 'ns/a', to: 'ns/b', protocol: 'TCP', dport: 80, ...flow}});

const LA = '             k8s:app=a k8s:io.kubernetes.pod.namespace=ns k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=ns k8s:io.cilium.k8s.policy.cluster=default';
const LB = LA.replace('app=a', 'app=b');

const cases: Array<{name: string; result: TraceResult; color?: boolean; want: string}> = [
  {
    name: 'no policy: allowed',
    result: run([], {}),
    want: `Flow:        ns/a → ns/b 80/TCP
Source:      ns/a 10.0.0.1
${LA}
Destination: ns/b 10.0.0.2
${LB}

 1. egress  allowed  no policy selects ns/a for egress: egress is allowed
 2. ingress allowed  no policy selects ns/b for ingress: ingress is allowed
 3. reply   info     replies of this connection are not evaluated again (connection tracking)

Verdict:     ALLOWED
Decided by:  no policy restricts this flow
`,
  },
  {
    name: 'deny rule: 181',
    result: run([deny], {}),
    want: `Flow:        ns/a → ns/b 80/TCP
Source:      ns/a 10.0.0.1
${LA}
Destination: ns/b 10.0.0.2
${LB}

 1. egress  allowed  no policy selects ns/a for egress: egress is allowed
 2. ingress denied   denied by CiliumNetworkPolicy/ns/d spec.ingressDeny[0] (drop reason 181: Policy denied by denylist)
             selected by: CiliumNetworkPolicy/ns/d spec; default-deny on

Verdict:     DENIED (dropped, reason 181: Policy denied by denylist)
Decided by:  CiliumNetworkPolicy/ns/d spec.ingressDeny[0]
`,
  },
  {
    name: 'default-deny: 133',
    result: run([http], {from: 'ns/a', to: 'ns/b', dport: 81}),
    want: `Flow:        ns/a → ns/b 81/TCP
Source:      ns/a 10.0.0.1
${LA}
Destination: ns/b 10.0.0.2
${LB}

 1. egress  allowed  no policy selects ns/a for egress: egress is allowed
 2. ingress denied   default-deny: no ingress allow rule matches from ns/a on 81/TCP (drop reason 133: Policy denied)
             selected by: CiliumNetworkPolicy/ns/h spec; default-deny on

Verdict:     DENIED (dropped, reason 133: Policy denied)
Decided by:  default-deny (no rule allows it)
`,
  },
  {
    name: 'L7 denial, coloured',
    color: true,
    result: run([http], {http: {method: 'GET', path: '/no'}}),
    want: `Flow:        ns/a → ns/b 80/TCP GET /no
Source:      ns/a 10.0.0.1
${LA}
Destination: ns/b 10.0.0.2
${LB}

 1. egress  \x1b[32mallowed\x1b[39m  no policy selects ns/a for egress: egress is allowed
 2. ingress \x1b[32mallowed\x1b[39m  allowed at L3/L4 by CiliumNetworkPolicy/ns/h spec.ingress[0]
             selected by: CiliumNetworkPolicy/ns/h spec; default-deny on
 3. l7      \x1b[31mdenied \x1b[39m  HTTP GET /no matches no HTTP rule (path /no does not fully match "/ok"): the proxy answers 403 "Access denied"

Verdict:     \x1b[31m\x1b[1mDENIED\x1b[22m\x1b[39m (L7 HTTP: 403 Access denied)
Decided by:  CiliumNetworkPolicy/ns/h spec.ingress[0]
`,
  },
  {
    name: 'world destination, escaped source name',
    result: run([], {from: 'ns/evil\x1b[31m', to: '192.0.2.1'}),
    want: `Flow:        ns/evil^[[31m → 192.0.2.1 80/TCP
Source:      ns/evil^[[31m
             k8s:app=x k8s:io.kubernetes.pod.namespace=ns k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=ns k8s:io.cilium.k8s.policy.cluster=default
Destination: 192.0.2.1 (not a pod endpoint)
             reserved:world

 1. egress  allowed  no policy selects ns/evil^[[31m for egress: egress is allowed
 2. ingress skipped  ingress not evaluated: 192.0.2.1 is reserved:world, not a pod endpoint
 3. reply   info     replies of this connection are not evaluated again (connection tracking)

Verdict:     ALLOWED
Decided by:  no policy restricts this flow
`,
  },
];

describe('formatTrace', () => {
  for (const c of cases) it(c.name, () => assert.equal(formatTrace(c.result, {color: c.color ?? false}), c.want));
});
