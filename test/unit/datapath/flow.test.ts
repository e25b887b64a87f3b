// Raw datapath events -> flow.Flow: table of events with the fields Cilium's parser would set,
// and a schema check that the hand-built literals are complete, valid protobuf-es messages.
import assert from 'node:assert/strict';
import {create, equals, fromBinary, toBinary, type DescMessage} from '@bufbuild/protobuf';
import {FlowSchema, EndpointSchema, IPSchema, Layer4Schema, TCPSchema, TCPFlagsSchema, LostEventSchema} from '../../../src/hubble/gen/flow/flow_pb.js';
import {GetFlowsResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {decodeEvent, encodeEvent, ipv6, type RawEvent} from '../../../src/datapath/event.js';
import {flowBuilder, flowResponse, lostResponse, type FlowContext} from '../../../src/datapath/flow.js';

const ctx: FlowContext = {
  nodeName: 'node-1',
  monoToWallNs: 1_700_000_000_000_000_000n,
  endpointByIp: (ip) =>
    ({
      '10.0.2.10': {id: 12, namespace: 'test', podName: 'linux-tools', labels: ['k8s:io.kubernetes.pod.namespace=test', 'k8s:app=linux-tools']},
      '10.0.1.5': {id: 7, namespace: 'python-app', podName: 'api', labels: ['k8s:app=api']},
    })[ip],
  ifName: (i) => (i === 9 ? 'lxc00aa' : ''),
};

const toFlow = (e: RawEvent, c: FlowContext) => flowBuilder(c).toFlow(e);
const v4 = (s: string) => Uint8Array.from(s.split('.').map(Number));
const base = {tsNs: 5_000_000_123, source: v4('10.0.2.10'), destination: v4('10.0.1.5'), sport: 40000, dport: 5000, ifindex: 9, srcIdentity: 1001, dstIdentity: 1002, epId: 12, proto: 6, tcpFlags: 0x02, matchType: 0};
const raw = (over: Partial<typeof base> & {type: number; subType: number; flags: number}): RawEvent => {
  const b = encodeEvent({...base, ...over});
  return decodeEvent(new DataView(b.buffer, b.byteOffset, b.length), 0);
};

interface Case {
  name: string;
  ev: RawEvent;
  want: Record<string, unknown>;
}

const pick = (f: ReturnType<typeof toFlow>) => ({
  verdict: f.verdict,
  dropReason: f.dropReasonDesc,
  eventType: [f.eventType?.type, f.eventType?.subType],
  point: f.traceObservationPoint,
  reason: f.traceReason,
  dir: f.trafficDirection,
  isReply: f.isReply,
  match: f.policyMatchType,
  summary: f.Summary,
  iface: f.interface?.name,
});

const cases: Case[] = [
  {
    name: 'trace from-endpoint, new TCP SYN',
    ev: raw({type: 4, subType: 5, flags: 0x02 | 0x10}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 5], point: 5, reason: 1, dir: 2, isReply: false, match: 0, summary: 'TCP Flags: SYN', iface: 'lxc00aa'},
  },
  {
    name: 'trace to-endpoint (subtype 0 -> TO_ENDPOINT 101)',
    ev: raw({type: 4, subType: 0, flags: 0x02 | 0x04 | 0x10}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 0], point: 101, reason: 1, dir: 1, isReply: false, match: 0, summary: 'TCP Flags: SYN', iface: 'lxc00aa'},
  },
  {
    name: 'reply SYN-ACK at from-endpoint: ingress direction',
    ev: raw({type: 4, subType: 5, flags: 0x02 | 0x01, tcpFlags: 0x12}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 5], point: 5, reason: 3, dir: 1, isReply: true, match: 0, summary: 'TCP Flags: SYN, ACK', iface: 'lxc00aa'},
  },
  {
    name: 'established FIN',
    ev: raw({type: 4, subType: 5, flags: 0x02, tcpFlags: 0x11}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 5], point: 5, reason: 2, dir: 2, isReply: false, match: 0, summary: 'TCP Flags: ACK, FIN', iface: 'lxc00aa'},
  },
  {
    name: 'policy verdict allowed (L3-L4, ingress)',
    ev: raw({type: 5, subType: 0, flags: 0x04 | 0x02, matchType: 2}),
    want: {verdict: 1, dropReason: 0, eventType: [5, 0], point: 0, reason: 0, dir: 1, isReply: false, match: 2, summary: 'TCP Flags: SYN', iface: undefined},
  },
  {
    name: 'policy verdict denied: DROPPED 133, is_reply unknown',
    ev: raw({type: 5, subType: 0, flags: 0x04}),
    want: {verdict: 2, dropReason: 133, eventType: [5, 0], point: 0, reason: 0, dir: 1, isReply: undefined, match: 0, summary: 'TCP Flags: SYN', iface: undefined},
  },
  {
    name: 'drop 181 (denylist) at egress',
    ev: raw({type: 1, subType: 181, flags: 0}),
    want: {verdict: 2, dropReason: 181, eventType: [1, 181], point: 0, reason: 0, dir: 2, isReply: undefined, match: 0, summary: 'TCP Flags: SYN', iface: undefined},
  },
  {
    name: 'UDP',
    ev: raw({type: 4, subType: 5, flags: 0x12, proto: 17, tcpFlags: 0}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 5], point: 5, reason: 1, dir: 2, isReply: false, match: 0, summary: 'UDP', iface: 'lxc00aa'},
  },
  {
    name: 'ICMPv4 echo request (type in sport, code in dport)',
    ev: raw({type: 4, subType: 5, flags: 0x12, proto: 1, tcpFlags: 0, sport: 8, dport: 0}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 5], point: 5, reason: 1, dir: 2, isReply: false, match: 0, summary: 'ICMPv4 EchoRequest', iface: 'lxc00aa'},
  },
  {
    name: 'ICMPv4 port unreachable',
    ev: raw({type: 4, subType: 0, flags: 0x12, proto: 1, tcpFlags: 0, sport: 3, dport: 3}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 0], point: 101, reason: 1, dir: 1, isReply: false, match: 0, summary: 'ICMPv4 DestinationUnreachable(Port)', iface: 'lxc00aa'},
  },
  {
    name: 'GRE ends at the IP layer',
    ev: raw({type: 4, subType: 5, flags: 0x12, proto: 47, tcpFlags: 0, sport: 0, dport: 0}),
    want: {verdict: 1, dropReason: 0, eventType: [4, 5], point: 5, reason: 1, dir: 2, isReply: false, match: 0, summary: 'IPv4', iface: 'lxc00aa'},
  },
];

describe('datapath: events -> flow.Flow', () => {
  for (const c of cases) it(c.name, () => assert.deepEqual(pick(toFlow(c.ev, ctx)), c.want));

  it('fills endpoints from the local pods and reserved identities', () => {
    const f = toFlow(raw({type: 4, subType: 5, flags: 0x12}), ctx);
    assert.deepEqual(
      {id: f.source?.ID, identity: f.source?.identity, ns: f.source?.namespace, pod: f.source?.podName, labels: f.source?.labels},
      {id: 12, identity: 1001, ns: 'test', pod: 'linux-tools', labels: ['k8s:app=linux-tools', 'k8s:io.kubernetes.pod.namespace=test']},
    );
    const w = toFlow(raw({type: 4, subType: 5, flags: 0x12, destination: v4('198.51.100.7'), dstIdentity: 2}), ctx);
    assert.deepEqual({identity: w.destination?.identity, labels: w.destination?.labels, pod: w.destination?.podName}, {identity: 2, labels: ['reserved:world'], pod: ''});
    const h = toFlow(raw({type: 4, subType: 0, flags: 0x12, source: v4('10.0.0.1'), srcIdentity: 1}), ctx);
    assert.deepEqual(h.source?.labels, ['reserved:host']);
  });

  it('time is the event time on the wall clock; IP and ports as sent', () => {
    const f = toFlow(raw({type: 4, subType: 5, flags: 0x12}), ctx);
    assert.deepEqual({s: f.time?.seconds, n: f.time?.nanos}, {s: 1_700_000_005n, n: 123});
    assert.deepEqual({src: f.IP?.source, dst: f.IP?.destination, v: f.IP?.ipVersion}, {src: '10.0.2.10', dst: '10.0.1.5', v: 1});
    assert.equal(f.l4?.protocol.case, 'TCP');
    const t = f.l4!.protocol.value as {sourcePort: number; destinationPort: number; flags: {SYN: boolean; ACK: boolean}};
    assert.deepEqual([t.sourcePort, t.destinationPort, t.flags.SYN, t.flags.ACK], [40000, 5000, true, false]);
    assert.equal(f.nodeName, 'node-1');
    assert.equal(f.Type, 1);
  });

  it('carries nanoseconds into seconds', () => {
    const f = flowBuilder({...ctx, monoToWallNs: 1_700_000_000_900_000_000n}).toFlow(raw({type: 4, subType: 5, flags: 0x12, tsNs: 5_200_000_000}));
    assert.deepEqual({s: f.time?.seconds, n: f.time?.nanos}, {s: 1_700_000_006n, n: 100_000_000});
  });

  it('decodes IPv6 addresses in RFC 5952 form', () => {
    const b = Buffer.alloc(16);
    b.writeUInt16BE(0xfd00, 0);
    b.writeUInt16BE(0x1, 14);
    assert.equal(ipv6(new DataView(b.buffer, b.byteOffset, 16), 0), 'fd00::1');
    const c = Buffer.from('20010db8000000010000000000000001', 'hex');
    assert.equal(ipv6(new DataView(c.buffer, c.byteOffset, 16), 0), '2001:db8:0:1::1');
  });

  // The literals skip create() for speed; they must still be exactly what the schema describes.
  const complete = (schema: DescMessage, msg: object, path: string) => {
    const want = Object.keys(create(schema));
    const missing = want.filter((k) => !(k in msg));
    assert.deepEqual(missing, [], `${path} lacks fields of ${schema.typeName}`);
  };
  for (const c of cases) {
    it(`literal is a complete message that round-trips: ${c.name}`, () => {
      const f = toFlow(c.ev, ctx);
      complete(FlowSchema, f, 'flow');
      complete(EndpointSchema, f.source!, 'source');
      complete(IPSchema, f.IP!, 'IP');
      if (f.l4) complete(Layer4Schema, f.l4, 'l4');
      if (f.l4?.protocol.case === 'TCP') {
        complete(TCPSchema, f.l4.protocol.value, 'tcp');
        complete(TCPFlagsSchema, f.l4.protocol.value.flags!, 'flags');
      }
      const resp = flowResponse(f, 'node-1');
      const back = fromBinary(GetFlowsResponseSchema, toBinary(GetFlowsResponseSchema, resp));
      assert.ok(equals(GetFlowsResponseSchema, back, resp));
    });
  }

  it('lost events: PERF_EVENT_RING_BUFFER with the count and CPU', () => {
    const r = lostResponse(17, 1_700_000_000_000_000_000n, 'node-1', 1);
    assert.equal(r.responseTypes.case, 'lostEvents');
    const l = r.responseTypes.value as {source: number; numEventsLost: bigint; cpu?: number};
    complete(LostEventSchema, l, 'lost');
    assert.deepEqual([l.source, l.numEventsLost, l.cpu], [1, 17n, 1]);
    const back = fromBinary(GetFlowsResponseSchema, toBinary(GetFlowsResponseSchema, r));
    assert.ok(equals(GetFlowsResponseSchema, back, r));
  });
});
