// L3/L4 matching of one rule element against one flow (network-policy.md 4, 8, 9, 14.1 step 5).
// The datapath's policy compiler uses the same predicates so that trace and enforcement agree.
import {BlockList, isIPv6} from 'node:net';
import {selectorMatches} from '../selector.js';
import {icmpType} from '../validate/icmp.js';
import type {Direction, PolicyElement, Peer, PortEntry, PortRuleSpec, SubjectRule} from './compile.js';
import {isWorld, type Identity} from './identity.js';
import {dnsNameMatches} from './l7.js';

export type FlowProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP';

/** The L4 part of a flow. dport is the destination (pod/backend) port; icmpType for ICMP. */
export interface L4Flow {
  protocol: FlowProtocol;
  dport?: number;
  icmpType?: number;
}

/** Rules whose (scoped) subject selector selects the endpoint; only pods are subjects. */
export function subjectRules(rules: readonly SubjectRule[], endpoint: Identity): SubjectRule[] {
  if (!endpoint.isPod) return [];
  return rules.filter((r) => selectorMatches(r.subject, endpoint.labels));
}

/** Default-deny in a direction: mode always/never, else some subject rule enables it. */
export function defaultDenyEnabled(subjects: readonly SubjectRule[], direction: Direction, mode: 'default' | 'always' | 'never' = 'default'): boolean {
  if (mode !== 'default') return mode === 'always';
  return subjects.some((s) => s.defaultDeny[direction]);
}

function inCidr(ip: string, cidr: string): boolean {
  const slash = cidr.indexOf('/');
  const addr = slash < 0 ? cidr : cidr.slice(0, slash);
  const family = isIPv6(addr) ? 'ipv6' : 'ipv4';
  if ((family === 'ipv6') !== isIPv6(ip)) return false;
  const prefix = slash < 0 ? (family === 'ipv6' ? 128 : 32) : Number(cidr.slice(slash + 1));
  try {
    const bl = new BlockList();
    bl.addSubnet(addr, prefix, family);
    return bl.check(ip, family);
  } catch {
    return false;
  }
}

/** Whether an entity (fromEntities/toEntities) covers the identity (section 9). */
export function entityMatches(entity: string, peer: Identity): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'world':
      return isWorld(peer);
    case 'world-ipv4':
      return isWorld(peer) && (peer.ip === undefined || !isIPv6(peer.ip));
    case 'world-ipv6':
      return isWorld(peer) && peer.ip !== undefined && isIPv6(peer.ip);
    case 'cluster':
      return !isWorld(peer);
    default:
      return peer.reserved.includes(entity);
  }
}

/** One peer of an element against the remote identity. CIDR and FQDN peers only cover world. */
export function peerMatches(peer: Peer, remote: Identity): boolean {
  switch (peer.kind) {
    case 'endpoints':
      return selectorMatches(peer.selector, remote.labels);
    case 'cidr':
      return isWorld(remote) && remote.ip !== undefined && inCidr(remote.ip, peer.cidr) && !peer.except.some((e) => inCidr(remote.ip!, e));
    case 'entity':
      return entityMatches(peer.entity, remote);
    case 'fqdn':
      return isWorld(remote) && remote.dnsNames.some((n) => dnsNameMatches(peer.fqdn, n));
    case 'unresolved':
      return false;
  }
}

/** A port entry against the flow; named ports resolve against the destination's container ports. */
export function portMatches(entry: PortEntry, flow: L4Flow, destination: Identity): boolean {
  if (flow.protocol === 'ICMP') return false;
  const protoOk = (p: string) => p === 'ANY' || p === flow.protocol;
  if (!protoOk(entry.protocol)) return false;
  if (typeof entry.port === 'string') {
    const named = destination.namedPorts.get(entry.port);
    return named !== undefined && named.protocol === flow.protocol && named.port === flow.dport;
  }
  if (entry.port === 0) return true;
  if (flow.dport === undefined) return false;
  const end = entry.endPort !== undefined && entry.endPort > entry.port ? entry.endPort : entry.port;
  return flow.dport >= entry.port && flow.dport <= end;
}

export interface ElementMatch {
  element: PolicyElement;
  /** The port rules that matched (L7 lives there); undefined when the element covers all ports. */
  portRules?: PortRuleSpec[];
}

/**
 * One element against a flow: `remote` is the peer (destination for egress, source for ingress),
 * `destination` owns the named ports.
 */
export function elementMatches(el: PolicyElement, remote: Identity, flow: L4Flow, destination: Identity): ElementMatch | undefined {
  if (el.empty) return undefined;
  if (el.peers !== 'any' && !el.peers.some((p) => peerMatches(p, remote))) return undefined;
  if (el.icmps) {
    if (flow.protocol !== 'ICMP' || flow.icmpType === undefined) return undefined;
    const family = destination.ip !== undefined && isIPv6(destination.ip) ? 'IPv6' : 'IPv4';
    return el.icmps.some((f) => f.family === family && icmpType(family, f.type) === flow.icmpType) ? {element: el} : undefined;
  }
  if (!el.portRules) return {element: el};
  const matched = el.portRules.filter((pr) => pr.ports.some((p) => portMatches(p, flow, destination)));
  return matched.length ? {element: el, portRules: matched} : undefined;
}
