// The pieces every text format shares (hubble-observe.md 6.1): host names, identities, the
// type column, the verdict (with policy names), the summary, and the colour palette.
// Every wire string passes escapeTerminal() before it is coloured.
import {posix} from 'node:path';
import type {Flow, Policy} from '../../hubble/gen/flow/flow_pb.js';
import {escapeTerminal} from '../escape.js';
import type {TimeFormat, TimeZone} from '../time.js';

export interface PrintOptions {
  color: boolean;
  /** --print-node-name */
  nodeName: boolean;
  /** --print-policy-names */
  policyNames: boolean;
  /** Pod/service/DNS names instead of IPs (CLI default on; --numeric turns it off). */
  ipTranslation: boolean;
  timeFormat: TimeFormat;
  timeZone: TimeZone;
  /** Print informational node status events too (--debug). */
  debug?: boolean;
}

export const DEFAULT_PRINT_OPTIONS: PrintOptions = {
  color: false,
  nodeName: false,
  policyNames: false,
  ipTranslation: true,
  timeFormat: 'StampMilli',
  timeZone: 'utc',
};

const SGR = {red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36} as const;
export type Colour = keyof typeof SGR;

export function paint(o: Pick<PrintOptions, 'color'>, c: Colour, s: string): string {
  return o.color ? `\x1b[${SGR[c]}m${s}\x1b[0m` : s;
}

// Monitor message types (event_type.type).
export const MSG_DROP = 1;
export const MSG_CAPTURE = 3;
export const MSG_TRACE = 4;
export const MSG_POLICY_VERDICT = 5;
export const MSG_TRACE_SOCK = 7;

const TRACE_POINTS = ['to-endpoint', 'to-proxy', 'to-host', 'to-stack', 'to-overlay', 'from-endpoint', 'from-proxy', 'from-host', 'from-stack', 'from-overlay', 'from-network', 'to-network', 'from-crypto', 'to-crypto'];

const DROP_REASONS: Record<number, string> = {
  0: 'Success', 2: 'Invalid packet', 3: 'Interface', 4: 'Interface Decrypted',
  5: 'LB, sock cgroup: No backend slot entry found', 6: 'LB, sock cgroup: No backend entry found',
  7: 'LB, sock cgroup: Reverse entry update failed', 8: 'LB, sock cgroup: Reverse entry stale',
  9: 'Fragmented packet', 10: 'Fragmented packet entry update failed', 11: 'Missed tail call to custom program',
  12: 'Interface Decrypting', 13: 'Interface Encrypting', 14: 'LB: sock cgroup: Reverse entry delete succeeded',
  15: 'MTU error message', 130: 'Invalid source mac', 131: 'Invalid destination mac', 132: 'Invalid source ip',
  133: 'Policy denied', 134: 'Invalid packet', 135: 'CT: Truncated or invalid header', 136: 'Fragmentation needed',
  137: 'CT: Unknown L4 protocol', 138: "CT: Can't create entry from packet", 139: 'Unsupported L3 protocol',
  140: 'Missed tail call', 141: 'Error writing to packet', 142: 'Unknown L4 protocol', 143: 'Unknown ICMPv4 code',
  144: 'Unknown ICMPv4 type', 145: 'Unknown ICMPv6 code', 146: 'Unknown ICMPv6 type', 147: 'Error retrieving tunnel key',
  148: 'Error retrieving tunnel options', 149: 'Invalid Geneve option', 150: 'Unknown L3 target address',
  151: 'Stale or unroutable IP', 152: 'No matching local container found', 153: 'Error while correcting L3 checksum',
  154: 'Error while correcting L4 checksum', 155: 'CT: Map insertion failed', 156: 'Invalid IPv6 extension header',
  157: 'IP fragmentation not supported', 158: 'Service backend not found',
  160: 'No tunnel/encapsulation endpoint (datapath BUG!)', 161: 'NAT 46/64 not enabled',
  162: 'Reached EDT rate-limiting drop horizon', 163: 'Unknown connection tracking state', 164: 'Local host is unreachable',
  165: 'No configuration available to perform policy decision', 166: 'Unsupported L2 protocol',
  167: 'No mapping for NAT masquerade', 168: 'Unsupported protocol for NAT masquerade', 169: 'FIB lookup failed',
  170: 'Encapsulation traffic is prohibited', 171: 'Invalid identity', 172: 'Unknown sender', 173: 'NAT not needed',
  174: 'Is a ClusterIP', 175: 'First logical datagram fragment not found', 176: 'Forbidden ICMPv6 message',
  177: 'Denied by LB src range check', 178: 'Socket lookup failed', 179: 'Socket assign failed',
  180: 'Proxy redirection not supported for protocol', 181: 'Policy denied by denylist',
  182: 'VLAN traffic disallowed by VLAN filter', 183: 'Incorrect VNI from VTEP', 184: 'Failed to update or lookup TC buffer',
  185: 'No SID was found for the IP address', 186: 'SRv6 state was removed during tail call',
  187: 'L3 translation from IPv4 to IPv6 failed (NAT46)', 188: 'L3 translation from IPv6 to IPv4 failed (NAT64)',
  189: 'Authentication required', 190: 'No conntrack map found', 191: 'No nat map found', 192: 'Invalid ClusterID',
  193: 'Unsupported packet protocol for DSR encapsulation', 194: 'No egress gateway found', 195: 'Traffic is unencrypted',
  196: 'TTL exceeded', 197: 'No node ID found', 198: 'Rate limited', 199: 'IGMP handled', 200: 'IGMP subscribed',
  201: 'Multicast handled', 202: 'Host datapath not ready', 203: 'Endpoint policy program not available',
  204: 'No Egress IP configured', 205: 'Punt to proxy',
};

const MATCH_TYPES = ['none', 'L3-Only', 'L3-L4', 'L4-Only', 'all', 'L3-Proto', 'Proto-Only'];
const RESERVED_IDENTITIES = ['unknown', 'host', 'world', 'unmanaged', 'health', 'init', 'remote-node', 'kube-apiserver', 'ingress', 'world-ipv4', 'world-ipv6'];
const TRAFFIC_DIRECTIONS = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'];
const VERDICTS = ['VERDICT_UNKNOWN', 'FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'];
const L7_TYPES = ['unknown_l7_type', 'request', 'response', 'sample'];
const AUTH_TYPES = ['DISABLED', 'SPIRE', 'TEST_ALWAYS_FAIL'];
const SOCK_POINTS = ['SOCK_XLATE_POINT_UNKNOWN', 'pre-xlate-fwd', 'post-xlate-fwd', 'pre-xlate-rev', 'post-xlate-rev'];
const CAPTURE_POINTS: Record<number, string> = {
  0: 'DBG_CAPTURE_POINT_UNKNOWN', 4: 'DBG_CAPTURE_DELIVERY', 5: 'DBG_CAPTURE_FROM_LB', 6: 'DBG_CAPTURE_AFTER_V46',
  7: 'DBG_CAPTURE_AFTER_V64', 8: 'DBG_CAPTURE_PROXY_PRE', 9: 'DBG_CAPTURE_PROXY_POST', 10: 'DBG_CAPTURE_SNAT_PRE', 11: 'DBG_CAPTURE_SNAT_POST',
};

/** Go's enum String(): the name, or the number for unknown values. */
const enumName = (names: readonly string[] | Record<number, string>, v: number) => (names as Record<number, string>)[v] ?? String(v);

export const traceObservationPoint = (sub: number) => TRACE_POINTS[sub & 0xff] ?? String(sub & 0xff);
export const dropReasonText = (code: number) => DROP_REASONS[code & 0xff] ?? `${code & 0xff}, 0`;
export const verdictName = (v: number) => enumName(VERDICTS, v);

function ports(f: Flow): [string, string] {
  const l4 = f.l4?.protocol;
  if (l4?.case === 'TCP' || l4?.case === 'UDP' || l4?.case === 'SCTP') return [String(l4.value.sourcePort), String(l4.value.destinationPort)];
  return ['', ''];
}

function hostname(o: PrintOptions, ip: string, port: string, ns: string, pod: string, svc: string, names: readonly string[]): string {
  let host = ip;
  if (o.ipTranslation) {
    if (pod !== '') host = posix.join(ns, pod);
    else if (svc !== '') host = posix.join(ns, svc);
    else if (names.length) host = names.join(',');
  }
  host = escapeTerminal(host);
  if (port !== '' && port !== '0') return `${host.includes(':') ? `[${host}]` : host}:${paint(o, 'yellow', port)}`;
  return host;
}

/** [source, destination] as printed (coloured when on). */
export function hostNames(f: Flow, o: PrintOptions): [string, string] {
  if (!f.IP) {
    if (f.ethernet) return [paint(o, 'cyan', escapeTerminal(f.ethernet.source)), paint(o, 'cyan', escapeTerminal(f.ethernet.destination))];
    return ['', ''];
  }
  let [sns, spod, dns, dpod, ssvc, dsvc] = [f.source?.namespace ?? '', f.source?.podName ?? '', f.destination?.namespace ?? '', f.destination?.podName ?? '', '', ''];
  if (f.sourceService) [sns, ssvc] = [f.sourceService.namespace, f.sourceService.name];
  if (f.destinationService) [dns, dsvc] = [f.destinationService.namespace, f.destinationService.name];
  const [sp, dp] = ports(f);
  return [
    paint(o, 'cyan', hostname(o, f.IP.source, sp, sns, spod, ssvc, f.sourceNames)),
    paint(o, 'cyan', hostname(o, f.IP.destination, dp, dns, dpod, dsvc, f.destinationNames)),
  ];
}

export function formatIdentity(id: number, o: PrintOptions): string {
  return paint(o, 'magenta', id < RESERVED_IDENTITIES.length ? `(${RESERVED_IDENTITIES[id]})` : `(ID:${id})`);
}

/** The TYPE column (Hubble's GetFlowType). */
export function flowType(f: Flow): string {
  if (f.l7) {
    let proto = 'l7';
    let type = enumName(L7_TYPES, f.l7.type).toLowerCase();
    const r = f.l7.record;
    if (r.case === 'http') proto = 'http';
    else if (r.case === 'dns') {
      proto = 'dns';
      type += ' ' + escapeTerminal(r.value.observationSource);
    } else if (r.case === 'kafka') proto = 'kafka';
    return `${proto}-${type}`;
  }
  const sub = f.eventType?.subType ?? 0;
  switch (f.eventType?.type ?? 0) {
    case MSG_TRACE:
      return traceObservationPoint(sub);
    case MSG_DROP:
      return dropReasonText(sub);
    case MSG_POLICY_VERDICT:
      return `policy-verdict:${MATCH_TYPES[f.policyMatchType] ?? 'unknown'} ${enumName(TRAFFIC_DIRECTIONS, f.trafficDirection)}`;
    case MSG_CAPTURE:
      return enumName(CAPTURE_POINTS, f.debugCapturePoint);
    case MSG_TRACE_SOCK:
      // Upstream main: the translation point, else derived from the trace-sock subtype.
      return SOCK_POINTS[f.sockXlatePoint || sub] ?? enumName(SOCK_POINTS, f.sockXlatePoint);
  }
  return 'UNKNOWN';
}

function policyNames(list: readonly Policy[]): string {
  const named = list.filter((p) => p.kind !== '' && p.name !== '');
  return named.length ? ' BY ' + named.map((p) => `${escapeTerminal(p.name)} (${escapeTerminal(p.kind)})`).join(', ') : '';
}

const DIRECTION_INGRESS = 1;
const DIRECTION_EGRESS = 2;

/** The VERDICT column: ALLOWED/DENIED/AUDITED on policy verdicts, optionally with policy names. */
export function verdict(f: Flow, o: PrintOptions): string {
  const pv = f.eventType?.type === MSG_POLICY_VERDICT;
  const names = (egress: Policy[], ingress: Policy[]) =>
    o.policyNames ? (f.trafficDirection === DIRECTION_EGRESS ? policyNames(egress) : f.trafficDirection === DIRECTION_INGRESS ? policyNames(ingress) : '') : '';
  switch (f.verdict) {
    case 1: // FORWARDED
    case 5: // REDIRECTED
      return paint(o, 'green', pv ? 'ALLOWED' + names(f.egressAllowedBy, f.ingressAllowedBy) : verdictName(f.verdict));
    case 2: // DROPPED
    case 3: // ERROR
      return paint(o, 'red', pv ? 'DENIED' + names(f.egressDeniedBy, f.ingressDeniedBy) : verdictName(f.verdict));
    case 4: // AUDIT (main: with the names of the policies that would deny)
      return paint(o, 'yellow', pv ? 'AUDITED' + names(f.egressDeniedBy, f.ingressDeniedBy) : 'AUDIT');
    case 6:
    case 7:
      return paint(o, 'yellow', verdictName(f.verdict));
    default:
      return verdictName(f.verdict);
  }
}

/** The SUMMARY: optional IP trace id, the server's summary, optional auth type. */
export function summary(f: Flow, o: PrintOptions): string {
  let s = '';
  if (f.ipTraceId && f.ipTraceId.traceId > 0n) s += `IP Trace ID: ${f.ipTraceId.traceId}; `;
  s += escapeTerminal(f.Summary);
  if (f.authType !== 0) s += '; Auth: ' + paint(o, f.authType === 2 ? 'red' : 'green', enumName(AUTH_TYPES, f.authType));
  return s;
}

/** `a, b, c (and N more)` once the joined names pass `cutoff` characters (at least one is kept). */
export function joinWithCutOff(elems: readonly string[], sep: string, cutoff: number): string {
  let len = 0;
  let end = elems.length;
  for (let i = 0; i < elems.length; i++) {
    len += elems[i].length + sep.length;
    if (len > cutoff && i > 0) {
      end = i;
      break;
    }
  }
  const joined = elems.slice(0, end).join(sep);
  return end === elems.length ? joined : `${joined} (and ${elems.length - end} more)`;
}
