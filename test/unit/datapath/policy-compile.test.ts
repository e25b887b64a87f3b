// The datapath's policy maps against `policy trace`: for the trace fixtures and a set of rule
// shapes from every part of section 14, every flow between the endpoints (all ports the policies
// name plus others, TCP/UDP/SCTP/ICMP) must get the same L3/L4 verdict and drop reason from the
// compiled map entries (looked up the way flow.bpf.c does) as from the tracer.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {traceFlow, type TraceEndpoint, type TraceFlowSpec} from '../../../src/policy/trace/index.js';
import type {PolicyResource} from '../../../src/policy/types.js';
import {loadYaml, policyInputs, TRACE_FIXTURES as FIXTURES} from '../../fixtures/datapath/policy-cases.js';
import {
  compilePolicies, lookup, representative, DIR_EGRESS, DIR_INGRESS, ENFORCE_INGRESS, type CompiledPolicy, type Decision, type PolicyEndpoint,
} from '../../../src/datapath/policy-compile.js';

const HOST_IP = '10.0.0.1';


// Named container ports are not known to the local datapath: compare on endpoints without them.
const traceEndpoints = (loadYaml(join(FIXTURES, 'endpoints.yaml'))[0] as TraceEndpoint[]).map(({ports: _p, ...e}) => e);
const pods = traceEndpoints.filter((e) => e.name.includes('/'));
const podIdentity = (i: number) => 1000 + i;
const policyEndpoints: PolicyEndpoint[] = pods.map((e, i) => {
  const [namespace, podName] = e.name.split('/');
  const labels = Object.entries(e.labels as Record<string, string>).map(([k, v]) => `k8s:${k}=${v}`);
  return {identity: podIdentity(i), ipv4: e.ip!, namespace, podName, labels};
});

function v4(ip: string): number {
  return ip.split('.').reduce((n, x) => ((n << 8) | Number(x)) >>> 0, 0);
}

/** The ipcache as the agent fills it: pods, the host, the policies' CIDRs (longest prefix), else world. */
function identityOfIp(ip: string, c: CompiledPolicy): number {
  const pod = policyEndpoints.find((p) => p.ipv4 === ip);
  if (pod) return pod.identity;
  if (ip === HOST_IP) return 1;
  let best = -1;
  let id = 2;
  for (const [cidr, cid] of c.cidrs) {
    const [a, l] = cidr.split('/');
    const len = Number(l);
    if (a.includes(':')) continue;
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    if (((v4(a) & mask) >>> 0) === ((v4(ip) & mask) >>> 0) && len > best) [best, id] = [len, cid];
  }
  return id;
}

type Verdict = {verdict: 'ALLOWED' | 'DENIED'; dropReason?: number};

function tracerL4(policies: unknown[], endpoints: TraceEndpoint[], flow: TraceFlowSpec): Verdict {
  const r = traceFlow({policies: policies as PolicyResource[], endpoints, flow});
  const denied = r.steps.find((s) => (s.stage === 'egress' || s.stage === 'ingress') && s.result === 'denied');
  return denied ? {verdict: 'DENIED', dropReason: denied.dropReason} : {verdict: 'ALLOWED'};
}

const PROTO = {TCP: 6, UDP: 17, SCTP: 132, ICMP: 1} as const;

function datapathL4(c: CompiledPolicy, from: TraceEndpoint, to: TraceEndpoint | string, flow: TraceFlowSpec): Verdict {
  const toIp = typeof to === 'string' ? to : to.ip!;
  const srcId = identityOfIp(from.ip!, c);
  const dstId = identityOfIp(toIp, c);
  const port = flow.protocol === 'ICMP' ? flow.icmpType! : flow.dport!;
  const asVerdict = (d: Decision): Verdict | undefined => (d.kind === 'deny' ? {verdict: 'DENIED', dropReason: d.reason} : undefined);
  const isPod = (ip: string) => policyEndpoints.some((p) => p.ipv4 === ip);
  if (isPod(from.ip!)) {
    const v = asVerdict(lookup(c, srcId, dstId, PROTO[flow.protocol], port, DIR_EGRESS));
    if (v) return v;
  }
  if (isPod(toIp)) {
    const v = asVerdict(lookup(c, dstId, srcId, PROTO[flow.protocol], port, DIR_INGRESS));
    if (v) return v;
  }
  return {verdict: 'ALLOWED'};
}

const peers: Array<TraceEndpoint | string> = [...traceEndpoints.filter((e) => e.name === 'host' || e.name.includes('/')), '203.0.113.7', '203.0.113.3', '198.51.100.9'];
const PORTS = [22, 53, 80, 443, 5000, 8000, 8010, 8011, 31337];

describe('datapath: policy maps agree with policy trace (L3/L4)', () => {
  for (const [name, policies] of policyInputs()) {
    it(name, () => {
      const compiled = compilePolicies(policies, policyEndpoints);
      let checked = 0;
      const disagree: string[] = [];
      for (const from of traceEndpoints.filter((e) => e.name === 'host' || e.name.includes('/'))) {
        for (const to of peers) {
          const toName = typeof to === 'string' ? to : to.name;
          if (toName === from.name) continue;
          const flows: TraceFlowSpec[] = [
            ...(['TCP', 'UDP', 'SCTP'] as const).flatMap((protocol) => PORTS.map((dport) => ({from: from.name, to: toName, protocol, dport}))),
            {from: from.name, to: toName, protocol: 'ICMP', icmpType: 8},
            {from: from.name, to: toName, protocol: 'ICMP', icmpType: 0},
          ];
          for (const flow of flows) {
            const want = tracerL4(policies, traceEndpoints, flow);
            const got = datapathL4(compiled, from, to, flow);
            checked++;
            if (JSON.stringify(want) !== JSON.stringify(got)) disagree.push(`${from.name} -> ${toName} ${flow.protocol}/${flow.dport ?? flow.icmpType}: trace ${JSON.stringify(want)}, datapath ${JSON.stringify(got)}`);
          }
        }
      }
      assert.deepEqual(disagree.slice(0, 10), [], `${disagree.length} of ${checked} flows disagree`);
      assert.ok(checked > 1000, `${checked} flows checked`);
    });
  }

  it('python-app: L7 rules are reported as not enforced, the L3/L4 part is compiled', () => {
    const c = compilePolicies(loadYaml(join(FIXTURES, 'python-app.yaml')), policyEndpoints);
    assert.deepEqual(c.warnings, [
      'CiliumNetworkPolicy/python-app/python-app spec.ingress[0].toPorts[0]: L7 rules (http) are not enforced locally yet; only their L3/L4 part (5000/TCP) is enforced',
    ]);
    const api = policyEndpoints.find((p) => p.namespace === 'python-app')!;
    assert.equal(c.enforce.get(api.identity), ENFORCE_INGRESS);
  });

  it('representative addresses avoid more specific CIDRs', () => {
    assert.equal(representative('10.0.0.0/24', ['10.0.0.0/24', '10.0.0.0/29']), '10.0.0.8');
    assert.equal(representative('10.0.0.0/30', ['10.0.0.0/30', '10.0.0.0/31', '10.0.0.2/31']), undefined);
    assert.equal(representative('0.0.0.0/0', ['0.0.0.0/0']), '0.0.0.0');
  });
});
