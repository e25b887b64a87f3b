// Golden printer tests: every expectation of upstream's printer_test.go (hubble-observe.md 7),
// table-driven over the same base flow F and its variants.
import assert from 'node:assert/strict';
import {create} from '@bufbuild/protobuf';
import {FlowSchema, type Flow} from '../../../src/hubble/gen/flow/flow_pb.js';
import {GetFlowsResponseSchema, type GetFlowsResponse} from '../../../src/hubble/gen/observer/observer_pb.js';
import {formatCompact, formatCompactLost} from '../../../src/flows/print/compact.js';
import {formatDict, formatDictLost} from '../../../src/flows/print/dict.js';
import {formatTable, tableFlowRow, tableHeader, tableLostRow} from '../../../src/flows/print/table.js';
import {formatJson} from '../../../src/flows/print/json.js';
import {DEFAULT_PRINT_OPTIONS, flowType, hostNames, type PrintOptions} from '../../../src/flows/print/fields.js';
import {formatTimestamp} from '../../../src/flows/time.js';

type FlowInit = Parameters<typeof create<typeof FlowSchema>>[1];
const E = '\x1b';

// Upstream tests print IPs: the printer's own default has IP translation off.
const base: PrintOptions = {...DEFAULT_PRINT_OPTIONS, ipTranslation: false};
const withNode: PrintOptions = {...base, nodeName: true};
const F_INIT: FlowInit = {
  time: {seconds: 1234n, nanos: 567800000},
  Type: 1,
  nodeName: 'k8s1',
  verdict: 2,
  IP: {source: '1.1.1.1', destination: '2.2.2.2'},
  source: {identity: 4},
  destination: {identity: 12345},
  l4: {protocol: {case: 'TCP', value: {sourcePort: 31793, destinationPort: 8080}}},
  eventType: {type: 1, subType: 133},
  Summary: 'TCP Flags: SYN',
  isReply: false,
};
const mk = (over: FlowInit = {}, drop: (keyof Flow)[] = []): Flow => {
  const f = create(FlowSchema, {...F_INIT, ...over} as FlowInit);
  for (const k of drop) (f as unknown as Record<string, unknown>)[k] = undefined;
  return f;
};
const F = mk();
const reply = mk({isReply: true});
const unknown = mk({}, ['isReply']);
const policyDenied = mk({eventType: {type: 5}, trafficDirection: 2, egressDeniedBy: [{name: 'my-policy', namespace: 'my-policy-namespace', kind: 'CiliumNetworkPolicy'}]}, ['isReply']);
const policyAllowed = mk(
  {
    eventType: {type: 5},
    verdict: 1,
    trafficDirection: 1,
    policyMatchType: 1,
    ingressAllowedBy: [
      {name: 'my-policy', namespace: 'my-policy-namespace', kind: 'CiliumNetworkPolicy'},
      {name: 'my-policy-2', kind: 'CiliumClusterwideNetworkPolicy'},
    ],
  },
  ['isReply'],
);
const policyAudited = mk({...{eventType: {type: 5}, trafficDirection: 2, egressDeniedBy: [{name: 'my-policy', namespace: 'my-policy-namespace', kind: 'CiliumNetworkPolicy'}]}, verdict: 4}, ['isReply']);
const kafka = mk({
  Type: 2,
  l7: {type: 1, latencyNs: 10n, record: {case: 'kafka', value: {apiKey: '1234', correlationId: 1, topic: `my-topic${E}[30mblack${E}[0m${E}\r`}}},
  Summary: "Kafka request 1234 correlation id 1 topic 'my-topic[^[30mblack[^[0m[^\\r'",
});
const traced = mk({ipTraceId: {traceId: 1234n}});
const tracedOpt = mk({ipTraceId: {traceId: 1234n, ipOptionType: 136}});

const table = (f: Flow, o: PrintOptions) => formatTable([tableHeader(o), tableFlowRow(f, o)]).trimEnd();

const cases: Array<{name: string; got: () => string; want: string}> = [
  {name: 'tabular', got: () => table(F, base), want: 'TIMESTAMP             SOURCE          DESTINATION    TYPE            VERDICT   SUMMARY\nJan  1 00:20:34.567   1.1.1.1:31793   2.2.2.2:8080   Policy denied   DROPPED   TCP Flags: SYN'},
  {name: 'tabular-with-node', got: () => table(F, withNode), want: 'TIMESTAMP             NODE   SOURCE          DESTINATION    TYPE            VERDICT   SUMMARY\nJan  1 00:20:34.567   k8s1   1.1.1.1:31793   2.2.2.2:8080   Policy denied   DROPPED   TCP Flags: SYN'},
  {name: 'tabular-terminal-escaped', got: () => table(kafka, base), want: "TIMESTAMP             SOURCE          DESTINATION    TYPE            VERDICT   SUMMARY\nJan  1 00:20:34.567   1.1.1.1:31793   2.2.2.2:8080   kafka-request   DROPPED   Kafka request 1234 correlation id 1 topic 'my-topic[^[30mblack[^[0m[^\\r'"},
  {name: 'compact', got: () => formatCompact(F, base), want: 'Jan  1 00:20:34.567: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)'},
  {name: 'compact-with-node', got: () => formatCompact(F, withNode), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)'},
  {name: 'compact-with-trace-id', got: () => formatCompact(traced, withNode), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (IP Trace ID: 1234; TCP Flags: SYN)'},
  {name: 'compact-reply', got: () => formatCompact(reply, withNode), want: 'Jan  1 00:20:34.567 [k8s1]: 2.2.2.2:8080 (ID:12345) <- 1.1.1.1:31793 (health) Policy denied DROPPED (TCP Flags: SYN)'},
  {name: 'compact-policy-verdict-denied', got: () => formatCompact(policyDenied, withNode), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) <> 2.2.2.2:8080 (ID:12345) policy-verdict:none EGRESS DENIED (TCP Flags: SYN)'},
  {name: 'compact-policy-verdict-denied-with-policy-name', got: () => formatCompact(policyDenied, {...withNode, policyNames: true}), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) <> 2.2.2.2:8080 (ID:12345) policy-verdict:none EGRESS DENIED BY my-policy (CiliumNetworkPolicy) (TCP Flags: SYN)'},
  {name: 'compact-policy-verdict-allowed-with-policy-name', got: () => formatCompact(policyAllowed, {...withNode, policyNames: true}), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) <> 2.2.2.2:8080 (ID:12345) policy-verdict:L3-Only INGRESS ALLOWED BY my-policy (CiliumNetworkPolicy), my-policy-2 (CiliumClusterwideNetworkPolicy) (TCP Flags: SYN)'},
  {name: 'compact-policy-verdict-audited-with-policy-name', got: () => formatCompact(policyAudited, {...withNode, policyNames: true}), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) <> 2.2.2.2:8080 (ID:12345) policy-verdict:none EGRESS AUDITED BY my-policy (CiliumNetworkPolicy) (TCP Flags: SYN)'},
  {name: 'compact-direction-unknown', got: () => formatCompact(unknown, withNode), want: 'Jan  1 00:20:34.567 [k8s1]: 1.1.1.1:31793 (health) <> 2.2.2.2:8080 (ID:12345) Policy denied DROPPED (TCP Flags: SYN)'},
  {name: 'compact-terminal-escaped', got: () => formatCompact(kafka, base), want: "Jan  1 00:20:34.567: 1.1.1.1:31793 (health) -> 2.2.2.2:8080 (ID:12345) kafka-request DROPPED (Kafka request 1234 correlation id 1 topic 'my-topic[^[30mblack[^[0m[^\\r')"},
  {name: 'compact-terminal-escaped-colored', got: () => formatCompact(kafka, {...base, color: true}), want: `Jan  1 00:20:34.567: ${E}[36m1.1.1.1:${E}[33m31793${E}[0m${E}[0m ${E}[35m(health)${E}[0m -> ${E}[36m2.2.2.2:${E}[33m8080${E}[0m${E}[0m ${E}[35m(ID:12345)${E}[0m kafka-request ${E}[31mDROPPED${E}[0m (Kafka request 1234 correlation id 1 topic 'my-topic[^[30mblack[^[0m[^\\r')`},
  {name: 'jsonpb', got: () => formatJson(resp(F)), want: '{"flow":{"time":"1970-01-01T00:20:34.567800Z","verdict":"DROPPED","IP":{"source":"1.1.1.1","destination":"2.2.2.2"},"l4":{"TCP":{"source_port":31793,"destination_port":8080}},"source":{"identity":4},"destination":{"identity":12345},"Type":"L3_L4","node_name":"k8s1","event_type":{"type":1,"sub_type":133},"is_reply":false,"Summary":"TCP Flags: SYN"}}'},
  {name: 'jsonpb_with_trace', got: () => formatJson(resp(tracedOpt)), want: '{"flow":{"time":"1970-01-01T00:20:34.567800Z","verdict":"DROPPED","IP":{"source":"1.1.1.1","destination":"2.2.2.2"},"l4":{"TCP":{"source_port":31793,"destination_port":8080}},"source":{"identity":4},"destination":{"identity":12345},"Type":"L3_L4","node_name":"k8s1","event_type":{"type":1,"sub_type":133},"ip_trace_id":{"trace_id":"1234","ip_option_type":136},"is_reply":false,"Summary":"TCP Flags: SYN"}}'},
  {name: 'jsonpb-terminal-escaped', got: () => formatJson(resp(kafka)), want: '{"flow":{"time":"1970-01-01T00:20:34.567800Z","verdict":"DROPPED","IP":{"source":"1.1.1.1","destination":"2.2.2.2"},"l4":{"TCP":{"source_port":31793,"destination_port":8080}},"source":{"identity":4},"destination":{"identity":12345},"Type":"L7","node_name":"k8s1","l7":{"type":"REQUEST","latency_ns":"10","kafka":{"api_key":"1234","correlation_id":1,"topic":"my-topic\\u001b[30mblack\\u001b[0m\\u001b\\r"}},"event_type":{"type":1,"sub_type":133},"is_reply":false,"Summary":"Kafka request 1234 correlation id 1 topic \'my-topic[^[30mblack[^[0m[^\\\\r\'"}}'},
  {name: 'dict', got: () => formatDict(F, base), want: '  TIMESTAMP: Jan  1 00:20:34.567\n     SOURCE: 1.1.1.1:31793\nDESTINATION: 2.2.2.2:8080\n       TYPE: Policy denied\n    VERDICT: DROPPED\n    SUMMARY: TCP Flags: SYN'},
  {name: 'dict-with-node', got: () => formatDict(F, withNode), want: '  TIMESTAMP: Jan  1 00:20:34.567\n       NODE: k8s1\n     SOURCE: 1.1.1.1:31793\nDESTINATION: 2.2.2.2:8080\n       TYPE: Policy denied\n    VERDICT: DROPPED\n    SUMMARY: TCP Flags: SYN'},
  {name: 'dict-with-policy-name', got: () => formatDict(policyDenied, {...base, policyNames: true}), want: '  TIMESTAMP: Jan  1 00:20:34.567\n     SOURCE: 1.1.1.1:31793\nDESTINATION: 2.2.2.2:8080\n       TYPE: policy-verdict:none EGRESS\n    VERDICT: DENIED BY my-policy (CiliumNetworkPolicy)\n    SUMMARY: TCP Flags: SYN'},
  {name: 'dict-terminal-escaped', got: () => formatDict(kafka, base), want: "  TIMESTAMP: Jan  1 00:20:34.567\n     SOURCE: 1.1.1.1:31793\nDESTINATION: 2.2.2.2:8080\n       TYPE: kafka-request\n    VERDICT: DROPPED\n    SUMMARY: Kafka request 1234 correlation id 1 topic 'my-topic[^[30mblack[^[0m[^\\r'"},
];

function resp(f: Flow): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {responseTypes: {case: 'flow', value: f}});
}

// TestPrinter_WriteLostEventsResponse
const lostResp = (node = '', times = false) =>
  create(GetFlowsResponseSchema, {
    responseTypes: {
      case: 'lostEvents',
      value: {source: 3, numEventsLost: 1n, cpu: 5, ...(times ? {first: {seconds: 1230n, nanos: 567800000}, last: {seconds: 1238n, nanos: 567800000}} : {})},
    },
    nodeName: node,
    time: {seconds: 1234n, nanos: 567800000},
  });
const lost = (r: GetFlowsResponse) => (r.responseTypes.case === 'lostEvents' ? r.responseTypes.value : assert.fail('not lost'));
const lostTable = (r: GetFlowsResponse, o: PrintOptions) => formatTable([tableHeader(o), tableLostRow(r, lost(r), o)]).trimEnd();
const TIMES = ' (first: Jan  1 00:20:30.567, last: Jan  1 00:20:38.567)';
const lostCases: typeof cases = [
  {name: 'lost table', got: () => lostTable(lostResp(), base), want: 'TIMESTAMP             SOURCE               DESTINATION   TYPE          VERDICT   SUMMARY\nJan  1 00:20:34.567   HUBBLE_RING_BUFFER   -             EVENTS LOST   -         CPU(5) - 1'},
  {name: 'lost table with node', got: () => lostTable(lostResp('node-name'), withNode), want: 'TIMESTAMP             NODE        SOURCE               DESTINATION   TYPE          VERDICT   SUMMARY\nJan  1 00:20:34.567   node-name   HUBBLE_RING_BUFFER   -             EVENTS LOST   -         CPU(5) - 1'},
  {name: 'lost table with timestamps', got: () => lostTable(lostResp('', true), base), want: `TIMESTAMP             SOURCE               DESTINATION   TYPE          VERDICT   SUMMARY\nJan  1 00:20:34.567   HUBBLE_RING_BUFFER   -             EVENTS LOST   -         CPU(5) - 1${TIMES}`},
  {name: 'lost compact', got: () => formatCompactLost(lostResp(), lost(lostResp()), base), want: 'Jan  1 00:20:34.567 EVENTS LOST: HUBBLE_RING_BUFFER CPU(5) 1'},
  {name: 'lost compact with node', got: () => formatCompactLost(lostResp('node-name'), lost(lostResp('node-name')), withNode), want: 'Jan  1 00:20:34.567 EVENTS LOST: HUBBLE_RING_BUFFER CPU(5) 1'},
  {name: 'lost compact with timestamps', got: () => formatCompactLost(lostResp('', true), lost(lostResp('', true)), base), want: `Jan  1 00:20:34.567 EVENTS LOST: HUBBLE_RING_BUFFER CPU(5) 1${TIMES}`},
  {name: 'lost json', got: () => formatJson(lostResp()), want: '{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"1","cpu":5},"time":"1970-01-01T00:20:34.567800Z"}'},
  {name: 'lost json with node', got: () => formatJson(lostResp('node-name')), want: '{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"1","cpu":5},"node_name":"node-name","time":"1970-01-01T00:20:34.567800Z"}'},
  {name: 'lost json with timestamps', got: () => formatJson(lostResp('', true)), want: '{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"1","cpu":5,"first":"1970-01-01T00:20:30.567800Z","last":"1970-01-01T00:20:38.567800Z"},"time":"1970-01-01T00:20:34.567800Z"}'},
  {name: 'lost dict', got: () => formatDictLost(lostResp(), lost(lostResp()), base), want: '  TIMESTAMP: Jan  1 00:20:34.567\n     SOURCE: HUBBLE_RING_BUFFER\n       TYPE: EVENTS LOST\n    VERDICT: -\n    SUMMARY: CPU(5) - 1'},
  {name: 'lost dict with node', got: () => formatDictLost(lostResp('node-name'), lost(lostResp('node-name')), withNode), want: '  TIMESTAMP: Jan  1 00:20:34.567\n       NODE: node-name\n     SOURCE: HUBBLE_RING_BUFFER\n       TYPE: EVENTS LOST\n    VERDICT: -\n    SUMMARY: CPU(5) - 1'},
  {name: 'lost dict without node name', got: () => formatDictLost(lostResp(), lost(lostResp()), withNode).split('\n')[1], want: '       NODE: -'},
  {name: 'lost dict with timestamps', got: () => formatDictLost(lostResp('', true), lost(lostResp('', true)), base).split('\n').at(-1)!, want: `    SUMMARY: CPU(5) - 1${TIMES}`},
];

describe('flows/print golden (printer_test.go)', () => {
  for (const c of [...cases, ...lostCases]) it(c.name, () => assert.equal(c.got(), c.want));
});

describe('flows/print helpers', () => {
  const tr: PrintOptions = {...base, ipTranslation: true};
  const tcp = (s: number, d: number) => ({protocol: {case: 'TCP' as const, value: {sourcePort: s, destinationPort: d}}});
  const ip = {source: '1.1.1.1', destination: '2.2.2.2'};
  const hosts: Array<{name: string; flow: FlowInit; want: [string, string]}> = [
    {name: 'no IP', flow: {}, want: ['', '']},
    {name: 'IPs only', flow: {IP: ip}, want: ['1.1.1.1', '2.2.2.2']},
    {name: 'pods', flow: {IP: ip, source: {namespace: 'srcns', podName: 'srcpod'}, destination: {namespace: 'dstns', podName: 'dstpod'}}, want: ['srcns/srcpod', 'dstns/dstpod']},
    {name: 'tcp ports', flow: {IP: ip, l4: tcp(55555, 80)}, want: ['1.1.1.1:55555', '2.2.2.2:80']},
    {name: 'udp', flow: {IP: ip, l4: {protocol: {case: 'UDP', value: {sourcePort: 55555, destinationPort: 53}}}}, want: ['1.1.1.1:55555', '2.2.2.2:53']},
    {name: 'sctp', flow: {IP: ip, l4: {protocol: {case: 'SCTP', value: {sourcePort: 55555, destinationPort: 5060}}}}, want: ['1.1.1.1:55555', '2.2.2.2:5060']},
    {name: 'services', flow: {IP: ip, l4: tcp(55555, 80), sourceService: {name: 'xwing', namespace: 'default'}, destinationService: {name: 'tiefighter', namespace: 'deathstar'}}, want: ['default/xwing:55555', 'deathstar/tiefighter:80']},
    {name: 'dns names', flow: {IP: ip, l4: tcp(54321, 65432), sourceNames: ['a'], destinationNames: ['b']}, want: ['a:54321', 'b:65432']},
    {name: 'ethernet only', flow: {ethernet: {source: '00:01:02:03:04:05', destination: '06:07:08:09:0a:0b'}}, want: ['00:01:02:03:04:05', '06:07:08:09:0a:0b']},
    {name: 'ipv6 bracketed', flow: {IP: {source: '2001:db8::1', destination: '2001:db8::2'}, l4: tcp(44312, 0)}, want: ['[2001:db8::1]:44312', '2001:db8::2']},
    {name: 'service namespace wins next to a pod', flow: {IP: ip, source: {namespace: 'a', podName: 'p'}, sourceService: {name: 's', namespace: 'b'}}, want: ['b/p', '2.2.2.2']},
  ];
  for (const h of hosts) it(`getHostNames ${h.name}`, () => assert.deepEqual(hostNames(create(FlowSchema, h.flow), tr), h.want));

  const times: Array<{ts?: {seconds: bigint; nanos: number}; want: string}> = [
    {ts: {seconds: 0n, nanos: 0}, want: 'Jan  1 00:00:00.000'},
    {ts: {seconds: 1530984600n, nanos: 123000000}, want: 'Jul  7 17:30:00.123'},
    {ts: {seconds: -1n, nanos: -1}, want: 'N/A'},
    {ts: undefined, want: 'N/A'},
  ];
  for (const t of times) it(`fmtTimestamp ${t.want}`, () => assert.equal(formatTimestamp(t.ts && create(FlowSchema, {time: t.ts}).time), t.want));

  const types: Array<{name: string; flow: FlowInit; want: string}> = [
    {name: 'l7 without record', flow: {l7: {type: 1}}, want: 'l7-request'},
    {name: 'http response', flow: {l7: {type: 2, record: {case: 'http', value: {}}}}, want: 'http-response'},
    {name: 'kafka request', flow: {l7: {type: 1, record: {case: 'kafka', value: {}}}}, want: 'kafka-request'},
    {name: 'dns request proxy', flow: {l7: {type: 1, record: {case: 'dns', value: {observationSource: 'proxy'}}}}, want: 'dns-request proxy'},
    {name: 'trace to-host', flow: {eventType: {type: 4, subType: 2}}, want: 'to-host'},
    {name: 'policy verdict L3-L4', flow: {eventType: {type: 5}, verdict: 1, policyMatchType: 2, trafficDirection: 1}, want: 'policy-verdict:L3-L4 INGRESS'},
    {name: 'policy verdict dropped', flow: {eventType: {type: 5}, verdict: 2, dropReason: 153, trafficDirection: 1}, want: 'policy-verdict:none INGRESS'},
    {name: 'trace-sock pre-fwd by point', flow: {eventType: {type: 7}, sockXlatePoint: 1}, want: 'pre-xlate-fwd'},
    {name: 'trace-sock post-fwd by subtype', flow: {eventType: {type: 7, subType: 2}}, want: 'post-xlate-fwd'},
    {name: 'capture', flow: {eventType: {type: 3}, debugCapturePoint: 5}, want: 'DBG_CAPTURE_FROM_LB'},
    {name: 'trace unknown subtype', flow: {eventType: {type: 4, subType: 123}}, want: '123'},
    {name: 'empty flow', flow: {}, want: 'UNKNOWN'},
    {name: 'unknown drop code', flow: {eventType: {type: 1, subType: 250}}, want: '250, 0'},
  ];
  for (const t of types) it(`getFlowType ${t.name}`, () => assert.equal(flowType(create(FlowSchema, t.flow)), t.want));

  it('hostname: pod wins over service, port 0 hidden, numeric shows IPs', () => {
    const f = create(FlowSchema, {IP: ip, source: {namespace: 'default', podName: 'pod'}, sourceService: {name: 'service', namespace: 'default'}, l4: tcp(0, 80)});
    assert.deepEqual(hostNames(f, tr), ['default/pod', '2.2.2.2:80']);
    assert.deepEqual(hostNames(f, base), ['1.1.1.1', '2.2.2.2:80']);
  });

  it('colour sequences inside flow data are escaped even with colour on', () => {
    const f = create(FlowSchema, {IP: ip, source: {namespace: 'a', podName: `x${E}[31mred`}, Summary: 'ok'});
    assert.equal(hostNames(f, {...tr, color: true})[0], `${E}[36ma/x^[[31mred${E}[0m`);
  });
});
