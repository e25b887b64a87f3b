// Raw datapath events -> GetFlowsResponse, filled the way Cilium's Hubble parser fills them
// (hubble-observe.md 3-3.2). Messages are built as literals with every field of the generated
// schema (protobuf-es v2 messages are plain objects): create() costs ~9 us per flow, far too
// slow for 150k flows/s; test/unit/datapath/flow.test.ts checks each literal against create().
// Sub-messages that repeat from flow to flow (endpoints, TCP flags, event type, interface, empty
// lists) are shared, frozen objects: most of the cost of a flow is garbage collection, and the
// flows are read-only once emitted.
import {randomUUID} from 'node:crypto';
import type {Endpoint, Flow, LostEvent} from '../hubble/gen/flow/flow_pb.js';
import type {GetFlowsResponse} from '../hubble/gen/observer/observer_pb.js';
import type {Timestamp} from '@bufbuild/protobuf/wkt';
import {
  EV_INGRESS, EV_IPV6, EV_NEW, EV_REPLY, EV_REPLY_KNOWN, ID_HOST, ID_WORLD, MSG_DROP, MSG_POLICY_VERDICT, MSG_TRACE,
  OBS_FROM_ENDPOINT, OBS_TO_ENDPOINT, type RawEvent,
} from './event.js';
import {summary, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG} from './summary.js';

// Enum numbers of flow.proto (kept as numbers: importing the generated enums would load the
// whole generated module for a handful of constants).
const VERDICT_FORWARDED = 1;
const VERDICT_DROPPED = 2;
const TYPE_L3_L4 = 1;
const DIR_INGRESS = 1;
const DIR_EGRESS = 2;
const POINT_TO_ENDPOINT = 101; // the proto's to-endpoint; the datapath subtype is 0
const POINT_FROM_ENDPOINT = 5;
const REASON_NEW = 1;
const REASON_ESTABLISHED = 2;
const REASON_REPLY = 3;
const LOST_PERF_EVENT_RING_BUFFER = 1;

/** What the decoder knows about a local pod (a subset of DatapathEndpoint). */
export interface EndpointInfo {
  id: number;
  namespace: string;
  podName: string;
  labels: string[];
}

export interface FlowContext {
  nodeName: string;
  /** Unix-epoch nanoseconds minus CLOCK_MONOTONIC nanoseconds. */
  monoToWallNs: bigint;
  endpointByIp(ip: string): EndpointInfo | undefined;
  ifName(ifindex: number): string;
}

const RESERVED_LABELS: Record<number, string[]> = {
  [ID_HOST]: ['reserved:host'],
  [ID_WORLD]: ['reserved:world'],
};

export function timestamp(ns: bigint): Timestamp {
  return {$typeName: 'google.protobuf.Timestamp', seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n)};
}

/** monotonic ns (a double) + a wall-clock offset split into seconds and nanoseconds. */
function wallTime(mono: number, offS: number, offN: number): Timestamp {
  const ms = Math.floor(mono / 1e9);
  let s = ms + offS;
  let n = mono - ms * 1e9 + offN;
  if (n >= 1e9) {
    n -= 1e9;
    s++;
  }
  return {$typeName: 'google.protobuf.Timestamp', seconds: BigInt(s), nanos: n};
}

const EMPTY = Object.freeze([]) as unknown as never[];

function endpoint(identity: number, ip: string, ctx: FlowContext): Endpoint {
  const ep = ctx.endpointByIp(ip);
  return Object.freeze({
    $typeName: 'flow.Endpoint',
    ID: ep?.id ?? 0,
    identity,
    clusterName: '',
    namespace: ep?.namespace ?? '',
    labels: ep ? [...ep.labels].sort() : [...(RESERVED_LABELS[identity] ?? [])],
    podName: ep?.podName ?? '',
    workloads: EMPTY,
  }) as Endpoint;
}

const TCP_FLAGS: Array<NonNullable<Extract<NonNullable<Flow['l4']>['protocol'], {case: 'TCP'}>['value']['flags']>> = [];
function tcpFlags(f: number) {
  return (TCP_FLAGS[f] ??= Object.freeze({
    $typeName: 'flow.TCPFlags',
    FIN: !!(f & TCP_FIN), SYN: !!(f & TCP_SYN), RST: !!(f & TCP_RST), PSH: !!(f & TCP_PSH),
    ACK: !!(f & TCP_ACK), URG: !!(f & TCP_URG), ECE: !!(f & TCP_ECE), CWR: !!(f & TCP_CWR), NS: false,
  }) as never);
}

function layer4(e: RawEvent, v6: boolean): Flow['l4'] {
  const ports = {sourcePort: e.sport, destinationPort: e.dport};
  let protocol: NonNullable<Flow['l4']>['protocol'];
  switch (e.proto) {
    case 6: {
      const f = e.tcpFlags;
      protocol = {
        case: 'TCP',
        value: {$typeName: 'flow.TCP', ...ports, flags: tcpFlags(f)},
      };
      break;
    }
    case 17:
      protocol = {case: 'UDP', value: {$typeName: 'flow.UDP', ...ports}};
      break;
    case 132:
      protocol = {case: 'SCTP', value: {$typeName: 'flow.SCTP', ...ports}};
      break;
    case 1:
      if (v6) return undefined;
      protocol = {case: 'ICMPv4', value: {$typeName: 'flow.ICMPv4', type: e.sport, code: e.dport}};
      break;
    case 58:
      if (!v6) return undefined;
      protocol = {case: 'ICMPv6', value: {$typeName: 'flow.ICMPv6', type: e.sport, code: e.dport}};
      break;
    default:
      return undefined;
  }
  return {$typeName: 'flow.Layer4', protocol};
}

/**
 * Traffic direction of a trace as Hubble derives it: egress when the observing endpoint is the
 * flow's source, flipped for replies; verdicts and drops carry the policy direction.
 */
function direction(e: RawEvent): number {
  if (e.type === MSG_TRACE) {
    const fromSource = e.subType === OBS_FROM_ENDPOINT;
    return fromSource !== !!(e.flags & EV_REPLY) ? DIR_EGRESS : DIR_INGRESS;
  }
  return e.flags & EV_INGRESS ? DIR_INGRESS : DIR_EGRESS;
}

function traceReason(e: RawEvent): number {
  if (e.type !== MSG_TRACE) return 0;
  if (e.flags & EV_REPLY) return REASON_REPLY;
  return e.flags & EV_NEW ? REASON_NEW : REASON_ESTABLISHED;
}

/** Builds flows for one context; invalidate() when the endpoints change. */
export function flowBuilder(ctx: FlowContext): {toFlow(e: RawEvent): Flow; invalidate(): void} {
  let endpoints = new Map<string, Endpoint>();
  const eventTypes = new Map<number, Flow['eventType']>();
  const interfaces = new Map<number, Flow['interface']>();
  const ep = (identity: number, ip: string) => {
    const key = `${identity}|${ip}`;
    let m = endpoints.get(key);
    if (!m) {
      if (endpoints.size > 65536) endpoints = new Map();
      endpoints.set(key, (m = endpoint(identity, ip, ctx)));
    }
    return m;
  };
  const eventType = (type: number, subType: number) => {
    const key = type * 256 + subType;
    let m = eventTypes.get(key);
    if (!m) eventTypes.set(key, (m = Object.freeze({$typeName: 'flow.CiliumEventType', type, subType}) as Flow['eventType']));
    return m;
  };
  const iface = (index: number) => {
    let m = interfaces.get(index);
    if (!m) interfaces.set(index, (m = Object.freeze({$typeName: 'flow.NetworkInterface', index, name: ctx.ifName(index)}) as Flow['interface']));
    return m;
  };
  let offFor = -1n;
  let offS = 0;
  let offN = 0;
  const time = (mono: number) => {
    if (offFor !== ctx.monoToWallNs) {
      offFor = ctx.monoToWallNs;
      offS = Number(offFor / 1_000_000_000n);
      offN = Number(offFor % 1_000_000_000n);
    }
    return wallTime(mono, offS, offN);
  };
  return {
    toFlow: (e) => toFlow(e, ctx, ep, eventType, iface, time),
    invalidate() {
      endpoints = new Map();
      interfaces.clear();
    },
  };
}

function toFlow(
  e: RawEvent,
  ctx: FlowContext,
  ep: (identity: number, ip: string) => Endpoint,
  eventType: (type: number, subType: number) => Flow['eventType'],
  iface: (index: number) => Flow['interface'],
  wall: (mono: number) => Timestamp,
): Flow {
  const v6 = !!(e.flags & EV_IPV6);
  const trace = e.type === MSG_TRACE;
  const verdictEv = e.type === MSG_POLICY_VERDICT;
  // A verdict without REPLY_KNOWN is a denial (the datapath drops right after it).
  const denied = e.type === MSG_DROP || (verdictEv && !(e.flags & EV_REPLY_KNOWN));
  const dropReason = e.type === MSG_DROP ? e.subType : denied ? 133 : 0;
  let isReply: boolean | undefined;
  if (trace) isReply = !!(e.flags & EV_REPLY);
  else if (verdictEv && !denied) isReply = false;
  const time = wall(e.tsNs);
  return {
    $typeName: 'flow.Flow',
    time,
    uuid: randomUUID(),
    emitter: undefined,
    verdict: denied ? VERDICT_DROPPED : VERDICT_FORWARDED,
    dropReason,
    authType: 0,
    ethernet: undefined,
    IP: {$typeName: 'flow.IP', source: e.source, sourceXlated: '', destination: e.destination, ipVersion: v6 ? 2 : 1, encrypted: false},
    l4: layer4(e, v6),
    tunnel: undefined,
    source: ep(e.srcIdentity, e.source),
    destination: ep(e.dstIdentity, e.destination),
    Type: TYPE_L3_L4,
    nodeName: ctx.nodeName,
    nodeLabels: EMPTY,
    sourceNames: EMPTY,
    destinationNames: EMPTY,
    l7: undefined,
    reply: isReply ?? false,
    eventType: eventType(e.type, verdictEv ? 0 : e.subType),
    sourceService: undefined,
    destinationService: undefined,
    trafficDirection: direction(e),
    policyMatchType: verdictEv ? e.matchType : 0,
    traceObservationPoint: trace ? (e.subType === OBS_TO_ENDPOINT ? POINT_TO_ENDPOINT : POINT_FROM_ENDPOINT) : 0,
    traceReason: traceReason(e),
    file: undefined,
    ipTraceId: undefined,
    dropReasonDesc: dropReason,
    isReply,
    debugCapturePoint: 0,
    interface: trace ? iface(e.ifindex) : undefined,
    proxyPort: 0,
    traceContext: undefined,
    sockXlatePoint: 0,
    socketCookie: 0n,
    cgroupId: 0n,
    Summary: summary(e.proto, v6, e.tcpFlags, e.sport, e.dport),
    egressAllowedBy: EMPTY,
    ingressAllowedBy: EMPTY,
    egressDeniedBy: EMPTY,
    ingressDeniedBy: EMPTY,
    policyLog: EMPTY,
    aggregate: undefined,
  };
}

export function flowResponse(flow: Flow, nodeName: string): GetFlowsResponse {
  return {$typeName: 'observer.GetFlowsResponse', responseTypes: {case: 'flow', value: flow}, nodeName, time: flow.time};
}

/** Events the kernel could not put into the ring buffer (reserve failed: ring full). */
export function lostResponse(count: number, nowNs: bigint, nodeName: string, cpu?: number): GetFlowsResponse {
  const time = timestamp(nowNs);
  const lost: LostEvent = {
    $typeName: 'flow.LostEvent',
    source: LOST_PERF_EVENT_RING_BUFFER,
    numEventsLost: BigInt(count),
    cpu,
    first: time,
    last: time,
  };
  return {$typeName: 'observer.GetFlowsResponse', responseTypes: {case: 'lostEvents', value: lost}, nodeName, time};
}
