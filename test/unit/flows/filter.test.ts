// Server-side filter semantics (hubble-observe.md 5.3), table-driven over real Flow messages.
import assert from 'node:assert/strict';
import {create} from '@bufbuild/protobuf';
import {FlowFilterSchema, FlowSchema, Verdict, type Flow, type FlowFilter} from '../../../src/hubble/gen/flow/flow_pb.js';
import {compileFilters} from '../../../src/flows/filter/index.js';
import {UsageError} from '../../../src/errors.js';

type FlowInit = Parameters<typeof create<typeof FlowSchema>>[1];
type FilterInit = Parameters<typeof create<typeof FlowFilterSchema>>[1];
const flow = (init: FlowInit): Flow => create(FlowSchema, init);
const ff = (init: FilterInit): FlowFilter => create(FlowFilterSchema, init);

const tcp = (sp: number, dp: number, flags = {}) => ({protocol: {case: 'TCP' as const, value: {sourcePort: sp, destinationPort: dp, flags}}});
const pod = (namespace: string, podName: string, extra = {}) => ({namespace, podName, ...extra});

const base = flow({
  verdict: Verdict.FORWARDED,
  IP: {source: '10.0.0.1', destination: '10.0.1.2', ipVersion: 1},
  l4: tcp(40000, 80, {SYN: true, ACK: true}),
  source: pod('shop', 'frontend-7d9', {identity: 11111, labels: ['k8s:app=frontend', 'k8s:io.kubernetes.pod.namespace=shop'], workloads: [{name: 'frontend', kind: 'Deployment'}], clusterName: 'c1'}),
  destination: pod('kube-system', 'coredns-5dd', {identity: 31735, labels: ['k8s:k8s-app=kube-dns', 'reserved:host']}),
  nodeName: 'k8s1',
  eventType: {type: 4, subType: 3},
  sourceNames: ['api.github.com'],
  destinationService: {name: 'kube-dns', namespace: 'kube-system'},
  trafficDirection: 2,
  isReply: false,
  uuid: 'u-1',
  interface: {index: 7, name: 'eth0'},
  traceContext: {parent: {traceId: 'abc'}},
  ipTraceId: {traceId: 1234n},
});
const http = flow({
  verdict: Verdict.FORWARDED,
  eventType: {type: 129},
  l7: {type: 2, record: {case: 'http', value: {code: 404, method: 'GET', url: 'http://backend:8080/api/v1/items?x=1', headers: [{key: 'X-A', value: 'b'}]}}},
});
const dns = flow({l7: {type: 1, record: {case: 'dns', value: {query: 'api.github.com.'}}}, eventType: {type: 129}});
const dropped = flow({verdict: Verdict.DROPPED, dropReasonDesc: 133});

const cases: Array<{name: string; allow?: FilterInit[]; deny?: FilterInit[]; flow: Flow; want: boolean}> = [
  {name: 'no filters', flow: base, want: true},
  {name: 'source pod prefix in namespace', allow: [{sourcePod: ['shop/front']}], flow: base, want: true},
  {name: 'pod without namespace means default', allow: [{sourcePod: ['frontend']}], flow: base, want: false},
  {name: 'namespace only', allow: [{sourcePod: ['shop/']}], flow: base, want: true},
  {name: 'any namespace', allow: [{destinationPod: ['/coredns']}], flow: base, want: true},
  {name: 'pod in other namespace', allow: [{sourcePod: ['kube-system/front']}], flow: base, want: false},
  {name: 'either direction OR (two filters)', allow: [{sourcePod: ['x/']}, {destinationPod: ['kube-system/']}], flow: base, want: true},
  {name: 'AND inside one filter', allow: [{sourcePod: ['shop/'], verdict: [Verdict.DROPPED]}], flow: base, want: false},
  {name: 'OR inside one field', allow: [{verdict: [Verdict.DROPPED, Verdict.FORWARDED]}], flow: base, want: true},
  {name: 'blacklist excludes', deny: [{destinationIp: ['10.0.1.2']}], flow: base, want: false},
  {name: 'whitelist minus blacklist', allow: [{sourceIp: ['10.0.0.1']}], deny: [{destinationPort: ['53']}], flow: base, want: true},
  {name: 'CIDR', allow: [{destinationIp: ['10.0.0.0/16']}], flow: base, want: true},
  {name: 'CIDR miss', allow: [{destinationIp: ['10.1.0.0/16']}], flow: base, want: false},
  {name: 'ipv6 CIDR against v4', allow: [{sourceIp: ['2001:db8::/32']}], flow: base, want: false},
  {name: 'source port', allow: [{sourcePort: ['40000']}], flow: base, want: true},
  {name: 'port on a flow without L4', allow: [{destinationPort: ['80']}], flow: dns, want: false},
  {name: 'protocol case-insensitive', allow: [{protocol: ['TCP']}], flow: base, want: true},
  {name: 'protocol icmp', allow: [{protocol: ['icmp']}], flow: base, want: false},
  {name: 'protocol l7', allow: [{protocol: ['dns']}], flow: dns, want: true},
  {name: 'label selector with source', allow: [{sourceLabel: ['k8s:app=frontend']}], flow: base, want: true},
  {name: 'label key without source matches any', allow: [{sourceLabel: ['app=frontend']}], flow: base, want: true},
  {name: 'label in set', allow: [{sourceLabel: ['app in (a,frontend)']}], flow: base, want: true},
  {name: 'label not equal', allow: [{sourceLabel: ['app!=frontend']}], flow: base, want: false},
  {name: 'label absent !key', allow: [{destinationLabel: ['!app']}], flow: base, want: true},
  {name: 'reserved label', allow: [{destinationLabel: ['reserved:host']}], flow: base, want: true},
  {name: 'two requirements AND', allow: [{sourceLabel: ['app=frontend,k8s:io.kubernetes.pod.namespace=other']}], flow: base, want: false},
  {name: 'fqdn pattern', allow: [{sourceFqdn: ['*.GitHub.com.']}], flow: base, want: true},
  {name: 'fqdn whole-name', allow: [{sourceFqdn: ['github.com']}], flow: base, want: false},
  {name: 'node name plain', allow: [{nodeName: ['k8s*']}], flow: base, want: true},
  {name: 'node name with cluster', allow: [{nodeName: ['default/k8s1']}], flow: base, want: true},
  {name: 'node name other cluster', allow: [{nodeName: ['prod/k8s1']}], flow: base, want: false},
  {name: 'identity', allow: [{destinationIdentity: [31735]}], flow: base, want: true},
  {name: 'workload kind only', allow: [{sourceWorkload: [{kind: 'Deployment'}]}], flow: base, want: true},
  {name: 'workload wrong name', allow: [{sourceWorkload: [{name: 'x', kind: 'Deployment'}]}], flow: base, want: false},
  {name: 'cluster', allow: [{sourceClusterName: ['c1']}], flow: base, want: true},
  {name: 'service', allow: [{destinationService: ['kube-system/kube']}], flow: base, want: true},
  {name: 'event type any subtype', allow: [{eventType: [{type: 4}]}], flow: base, want: true},
  {name: 'event type subtype', allow: [{eventType: [{type: 4, matchSubType: true, subType: 0}]}], flow: base, want: false},
  {name: 'tcp flags all set', allow: [{tcpFlags: [{SYN: true, ACK: true}]}], flow: base, want: true},
  {name: 'tcp flags missing one', allow: [{tcpFlags: [{FIN: true}]}], flow: base, want: false},
  {name: 'tcp flags OR of filters', allow: [{tcpFlags: [{FIN: true}, {SYN: true}]}], flow: base, want: true},
  {name: 'traffic direction', allow: [{trafficDirection: [2]}], flow: base, want: true},
  {name: 'uuid', allow: [{uuid: ['u-1']}], flow: base, want: true},
  {name: 'interface name only', allow: [{interface: [{name: 'eth0'}]}], flow: base, want: true},
  {name: 'interface wrong index', allow: [{interface: [{index: 3, name: 'eth0'}]}], flow: base, want: false},
  {name: 'trace id', allow: [{traceId: ['abc']}], flow: base, want: true},
  {name: 'ip trace id', allow: [{ipTraceId: [1234n]}], flow: base, want: true},
  {name: 'ip version', allow: [{ipVersion: [2]}], flow: base, want: false},
  {name: 'encrypted false', allow: [{encrypted: [false]}], flow: base, want: true},
  {name: 'reply false', allow: [{reply: [false]}], flow: base, want: true},
  {name: 'reply unknown never matches', allow: [{reply: [false]}], flow: http, want: false},
  {name: 'drop reason', allow: [{dropReasonDesc: [133]}], flow: dropped, want: true},
  {name: 'http status exact', allow: [{httpStatusCode: ['404'], eventType: [{type: 129}]}], flow: http, want: true},
  {name: 'http status prefix', allow: [{httpStatusCode: ['4+']}], flow: http, want: true},
  {name: 'http status other', allow: [{httpStatusCode: ['5+']}], flow: http, want: false},
  {name: 'http method any case', allow: [{httpMethod: ['get']}], flow: http, want: true},
  {name: 'http path RE2 on the path', allow: [{httpPath: ['^/api/v[0-9]+/items$']}], flow: http, want: true},
  {name: 'http url RE2', allow: [{httpUrl: ['x=1']}], flow: http, want: true},
  {name: 'http header', allow: [{httpHeader: [{key: 'X-A', value: 'b'}]}], flow: http, want: true},
  {name: 'dns query', allow: [{dnsQuery: ['github']}], flow: dns, want: true},
  {name: 'dns query on non-dns', allow: [{dnsQuery: ['.*']}], flow: base, want: false},
];

describe('flows/filter compileFilters', () => {
  for (const c of cases)
    it(c.name, () => {
      const match = compileFilters((c.allow ?? []).map(ff), (c.deny ?? []).map(ff));
      assert.equal(match(c.flow), c.want);
    });

  const bad: Array<{name: string; filter: FilterInit; msg: RegExp}> = [
    {name: 'empty pod name', filter: {sourcePod: ['']}, msg: /name must not be empty/},
    {name: 'bad ip', filter: {sourceIp: ['1.2.3']}, msg: /invalid IP address "1.2.3"/},
    {name: 'bad cidr', filter: {sourceIp: ['1.2.3.4/33']}, msg: /invalid IP prefix/},
    {name: 'bad port', filter: {sourcePort: ['http']}, msg: /invalid source port filter: invalid port "http"/},
    {name: 'unknown protocol', filter: {protocol: ['foo']}, msg: /unknown protocol: "foo"/},
    {name: 'http with non-l7 type', filter: {httpMethod: ['GET'], eventType: [{type: 4}]}, msg: /filtering by http method requires the event type filter to only match 'l7' events/},
    {name: 'bad status', filter: {httpStatusCode: ['99']}, msg: /invalid status code prefix: "99"/},
    {name: 'bad RE2 (lookbehind)', filter: {httpPath: ['(?<=a)b']}, msg: /invalid http path filter/},
    {name: 'bad fqdn', filter: {destinationFqdn: ['a b']}, msg: /invalid rune in pattern/},
    {name: 'bad node name', filter: {nodeName: ['a/b/c']}, msg: /too many slashes/},
    {name: 'bad selector', filter: {sourceLabel: ['app in a']}, msg: /invalid source label filter/},
  ];
  for (const b of bad)
    it(`rejects ${b.name}`, () => {
      assert.throws(
        () => compileFilters([ff(b.filter)], []),
        (e: unknown) => e instanceof UsageError && b.msg.test(e.message),
      );
    });
});
