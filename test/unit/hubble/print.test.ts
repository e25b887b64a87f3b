// ServerStatus printers (TestPrinter_WriteServerStatusResponse) and the list printers.
import assert from 'node:assert/strict';
import {create} from '@bufbuild/protobuf';
import {NamespaceSchema, NodeSchema, ServerStatusResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {formatServerStatus, type StatusFormat} from '../../../src/hubble/print/status.js';
import {formatNamespaces, formatNodes} from '../../../src/hubble/print/list.js';

const ss = create(ServerStatusResponseSchema, {numFlows: 2031n, maxFlows: 4095n, seenFlows: 2348885n, flowsRate: 23.456, uptimeNs: 301515181665n, version: 'cilium v1.15.0+g4145278'});
const sso = create(ServerStatusResponseSchema, {numFlows: 2031n, maxFlows: 4095n, seenFlows: 2348885n, uptimeNs: 301515181665n, version: 'cilium v1.10.3+g4145278'});
const ssn = create(ServerStatusResponseSchema, {numFlows: 2771n, maxFlows: 8190n, seenFlows: 2771n, flowsRate: 23.456, uptimeNs: 301515181665n, version: 'hubble-relay v1.15.0+g4145278', numConnectedNodes: 2, numUnavailableNodes: 0});
const HEAD = 'NUM FLOWS   MAX FLOWS   SEEN FLOWS   FLOWS PER SECOND   UPTIME           NUM CONNECTED NODES   NUM UNAVAILABLE NODES   VERSION\n';

const cases: Array<{name: string; s: typeof ss; f: StatusFormat; want: string}> = [
  {name: 'table ss', s: ss, f: 'table', want: HEAD + '2,031       4,095       2,348,885    23.46              5m1.515181665s   N/A                   N/A                     cilium v1.15.0+g4145278\n'},
  {name: 'table ssn', s: ssn, f: 'table', want: HEAD + '2,771       8,190       2,771        23.46              5m1.515181665s   2                     0                       hubble-relay v1.15.0+g4145278\n'},
  {name: 'table sso', s: sso, f: 'table', want: HEAD + '2,031       4,095       2,348,885    N/A                5m1.515181665s   N/A                   N/A                     cilium v1.10.3+g4145278\n'},
  {name: 'compact ss', s: ss, f: 'compact', want: 'Current/Max Flows: 2,031/4,095 (49.60%)\nFlows/s: 23.46\n'},
  {name: 'compact ssn', s: ssn, f: 'compact', want: 'Current/Max Flows: 2,771/8,190 (33.83%)\nFlows/s: 23.46\nConnected Nodes: 2/2\n'},
  {name: 'compact sso', s: sso, f: 'compact', want: 'Current/Max Flows: 2,031/4,095 (49.60%)\nFlows/s: 7790.27\n'},
  {name: 'json ss', s: ss, f: 'json', want: '{"num_flows":"2031","max_flows":"4095","seen_flows":"2348885","uptime_ns":"301515181665","version":"cilium v1.15.0+g4145278","flows_rate":23.456}\n'},
  {name: 'json ssn', s: ssn, f: 'json', want: '{"num_flows":"2771","max_flows":"8190","seen_flows":"2771","uptime_ns":"301515181665","num_connected_nodes":2,"num_unavailable_nodes":0,"version":"hubble-relay v1.15.0+g4145278","flows_rate":23.456}\n'},
  {name: 'json sso', s: sso, f: 'json', want: '{"num_flows":"2031","max_flows":"4095","seen_flows":"2348885","uptime_ns":"301515181665","version":"cilium v1.10.3+g4145278"}\n'},
  {
    name: 'dict ss',
    s: ss,
    f: 'dict',
    want: '          NUM FLOWS: 2,031\n          MAX FLOWS: 4,095\n         SEEN FLOWS: 2,348,885\n   FLOWS PER SECOND: 23.46\n             UPTIME: 5m1.515181665s\nNUM CONNECTED NODES: N/A\n NUM UNAVAIL. NODES: N/A\n            VERSION: cilium v1.15.0+g4145278\n',
  },
  {name: 'compact unavailable nodes', s: create(ServerStatusResponseSchema, {numFlows: 1n, maxFlows: 2n, numConnectedNodes: 1, numUnavailableNodes: 3, unavailableNodes: ['b', 'a']}), f: 'compact', want: 'Current/Max Flows: 1/2 (50.00%)\nFlows/s: N/A\nConnected Nodes: 1/4\nUnavailable Nodes: 3\n  - a\n  - b\n  - and 1 more...\n'},
];

describe('hubble/print server status (printer_test.go)', () => {
  for (const c of cases) it(c.name, () => assert.equal(formatServerStatus(c.s, c.f), c.want));
});

describe('hubble/print list', () => {
  const nodes = [
    create(NodeSchema, {name: 'z', state: 2, uptimeNs: 0n}),
    create(NodeSchema, {name: 'k8s1', version: 'v1', address: '10.0.0.1:4244', state: 1, tls: {enabled: true}, uptimeNs: 125_400_000_000n, numFlows: 2031n, maxFlows: 4095n, seenFlows: 251n}),
  ];
  it('nodes table sorted by name', () =>
    assert.equal(formatNodes(nodes, 'table'), 'NAME   STATUS        AGE    FLOWS/S   CURRENT/MAX-FLOWS\nk8s1   Connected     2m5s   2.01      2031/4095 ( 49.60%)\nz      Unavailable   N/A    N/A       N/A\n'));
  it('nodes wide', () => assert.match(formatNodes(nodes, 'wide').split('\n')[1], /v1 {3,}10\.0\.0\.1:4244 {3,}Enabled$/));
  it('nodes json is indented protojson', () => assert.equal(formatNodes([nodes[0]], 'json'), '[\n  {\n    "name": "z",\n    "state": "NODE_UNAVAILABLE"\n  }\n]\n'));
  it('namespaces', () => {
    const ns = [create(NamespaceSchema, {namespace: 'default', cluster: 'c1'}), create(NamespaceSchema, {namespace: 'kube-system'})];
    assert.equal(formatNamespaces(ns, 'table'), 'NAMESPACE\ndefault\nkube-system\n');
    assert.equal(formatNamespaces(ns, 'wide'), 'NAMESPACE   CLUSTER\ndefault     c1\nkube-system\n');
    assert.equal(formatNamespaces([], 'json'), '[]\n');
  });
});
