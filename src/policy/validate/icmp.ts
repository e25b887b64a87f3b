// ICMP type names per family (Cilium's icmp.go tables) and the icmps checks (12.36-12.39).
import {arr, has, obj, quote, type Path, type Report, type Obj} from './report.js';
import type {AgentConfig} from './config.js';

export const ICMP_V4: Record<string, number> = {
  EchoReply: 0, DestinationUnreachable: 3, Redirect: 5, Echo: 8, EchoRequest: 8, RouterAdvertisement: 9, RouterSelection: 10,
  TimeExceeded: 11, ParameterProblem: 12, Timestamp: 13, TimestampReply: 14, Photuris: 40, ExtendedEchoRequest: 42, ExtendedEchoReply: 43,
};
export const ICMP_V6: Record<string, number> = {
  DestinationUnreachable: 1, PacketTooBig: 2, TimeExceeded: 3, ParameterProblem: 4, EchoRequest: 128, EchoReply: 129,
  MulticastListenerQuery: 130, MulticastListenerReport: 131, MulticastListenerDone: 132, RouterSolicitation: 133, RouterAdvertisement: 134,
  NeighborSolicitation: 135, NeighborAdvertisement: 136, RedirectMessage: 137, RouterRenumbering: 138, ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140, InverseNeighborDiscoverySolicitation: 141, InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144, HomeAgentAddressDiscoveryReply: 145, MobilePrefixSolicitation: 146, MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157, DuplicateAddressConfirmationCodeSuffix: 158, ExtendedEchoRequest: 160, ExtendedEchoReply: 161,
};
const ALL_NAMES = [...new Set([...Object.keys(ICMP_V4), ...Object.keys(ICMP_V6)])];
/** CRD pattern for a string type: 0-255 or one of the names. */
export const ICMP_TYPE_PATTERN = new RegExp(`^(([0-9]{1,2}|1[0-9]{2}|2[0-4][0-9]|25[0-5])|(${ALL_NAMES.join('|')}))$`);

/** The numeric ICMP type of a field, or undefined when it is not valid for the family. */
export function icmpType(family: 'IPv4' | 'IPv6', type: unknown): number | undefined {
  if (typeof type === 'number') return Number.isInteger(type) && type >= 0 && type <= 255 ? type : undefined;
  if (typeof type !== 'string') return undefined;
  if (/^[0-9]+$/.test(type)) return Number(type) <= 255 ? Number(type) : undefined;
  const table = family === 'IPv6' ? ICMP_V6 : ICMP_V4;
  return Object.hasOwn(table, type) ? table[type] : undefined;
}

export function checkIcmps(el: Obj, path: Path, r: Report, cfg: AgentConfig): void {
  if (!has(el, 'icmps')) return;
  if (has(el, 'toPorts') && arr(el.toPorts).length > 0) {
    r.error([...path, 'icmps'], '12.36', 'the ICMPs block may only be present without ToPorts. Define a separate rule to use ToPorts.', {hint: 'move toPorts into a second rule element with the same peers'});
  }
  if (!cfg.enableIcmpRules) {
    r.error([...path, 'icmps'], '12.39', 'ICMP rules can only be applied when the "enable-icmp-rules" flag is set', {hint: 'the agent runs with enable-icmp-rules=false'});
  }
  arr(el.icmps).forEach((rule, i) => {
    arr(obj(rule)?.fields).forEach((f, j) => {
      const field = obj(f);
      if (!field || !has(field, 'type')) return;
      const family = field.family === 'IPv6' ? 'IPv6' : field.family === undefined || field.family === 'IPv4' ? 'IPv4' : undefined;
      if (!family) return; // bad family: reported by the schema (12.37)
      const t = field.type;
      const p = [...path, 'icmps', i, 'fields', j, 'type'];
      if (typeof t === 'number' && Number.isInteger(t) && (t < 0 || t > 255)) {
        r.error(p, '12.38', `ICMP type ${t} is out of range 0-255`, {hint: 'Kubernetes and the agent accept it, but no packet carries such a type: the rule can never match'});
      } else if (typeof t === 'string' && ICMP_TYPE_PATTERN.test(t) && icmpType(family, t) === undefined) {
        const other = family === 'IPv6' ? 'IPv4' : 'IPv6';
        const alt = Object.keys(family === 'IPv6' ? ICMP_V6 : ICMP_V4).filter((n) => n.toLowerCase().includes(t.toLowerCase().replace(/request|reply/, '')));
        r.error(p, '12.38', `ICMP type ${t} not found in ${family}`, {hint: `${quote(t)} is an ${other} name${alt.length ? `; ${family} has ${alt.join(', ')}` : ''}${family === 'IPv4' && field.family === undefined ? ' (family defaults to IPv4)' : ''}`});
      }
    });
  });
}
