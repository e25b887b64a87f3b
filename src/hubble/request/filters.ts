// Filter flags → FlowFilters exactly as `hubble observe` builds them (hubble-observe.md 5.1):
// a whitelist and a blacklist tracker (`--not` sends the next filter flag to the blacklist),
// each with a left and a right filter; either-direction flags put the source form left and
// the destination form right, namespaces are folded in at the end, and identical left/right
// collapse into one filter. Errors carry upstream's reason text.
import {create, equals} from '@bufbuild/protobuf';
import {DropReason, FlowFilterSchema, IPVersion, TrafficDirection, Verdict, type FlowFilter} from '../gen/flow/flow_pb.js';

const CONFLICTS: string[][] = [
  ['from-fqdn', 'from-ip', 'ip', 'fqdn', 'from-namespace', 'namespace', 'from-all-namespaces', 'all-namespaces'],
  ['from-fqdn', 'from-ip', 'ip', 'fqdn', 'from-pod', 'pod'],
  ['to-fqdn', 'to-ip', 'ip', 'fqdn', 'to-namespace', 'namespace', 'to-all-namespaces', 'all-namespaces'],
  ['to-fqdn', 'to-ip', 'ip', 'fqdn', 'to-pod', 'pod'],
  ['to-pod', 'namespace', 'all-namespaces'],
  ['from-pod', 'namespace', 'all-namespaces'],
  ['to-service', 'namespace', 'all-namespaces'],
  ['from-service', 'namespace', 'all-namespaces'],
  ['label', 'from-label'],
  ['label', 'to-label'],
  ['service', 'from-service'],
  ['service', 'to-service'],
  ['port', 'to-port'],
  ['port', 'from-port'],
  ['identity', 'to-identity'],
  ['identity', 'from-identity'],
  ['workload', 'to-workload'],
  ['workload', 'from-workload'],
  ['encrypted', 'unencrypted'],
];

const MESSAGE_TYPES: Record<string, number> = {drop: 1, debug: 2, capture: 3, trace: 4, 'policy-verdict': 5, 'trace-sock': 7, l7: 129, agent: 130};
const TRACE_POINTS = ['to-endpoint', 'to-proxy', 'to-host', 'to-stack', 'to-overlay', 'from-endpoint', 'from-proxy', 'from-host', 'from-stack', 'from-overlay', 'from-network', 'to-network', 'from-crypto', 'to-crypto'];
const AGENT_SUBTYPES = ['unspecified', 'message', 'agent-started', 'endpoint-regenerate-success', 'endpoint-regenerate-failure', 'policy-updated', 'policy-deleted', 'endpoint-created', 'endpoint-deleted', 'ipcache-upserted', 'ipcache-deleted'];
const RESERVED_IDENTITIES: Record<string, number> = {
  host: 1, world: 2, unmanaged: 3, health: 4, init: 5, 'remote-node': 6, 'kube-apiserver': 7, ingress: 8, 'world-ipv4': 9, 'world-ipv6': 10, 'overlay-to-encrypt': 11,
};
// As Go prints the sorted reserved identities (11 has no name in the printer's table).
const RESERVED_LIST = '[host world unmanaged health init remote-node kube-apiserver ingress world-ipv4 world-ipv6 11]';
const TCP_FLAGS = ['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'] as const;

class Tracker {
  left?: FlowFilter;
  right?: FlowFilter;
  ns: string[] = [];
  srcNs: string[] = [];
  dstNs: string[] = [];
  changed: string[] = [];

  both(update: (f: FlowFilter) => void): void {
    this.onLeft(update);
    this.onRight(update);
  }
  onLeft(update: (f: FlowFilter) => void): void {
    update((this.left ??= create(FlowFilterSchema)));
  }
  onRight(update: (f: FlowFilter) => void): void {
    update((this.right ??= create(FlowFilterSchema)));
  }

  conflict(): string | undefined {
    for (const group of CONFLICTS)
      for (const flag of group) {
        if (!this.changed.includes(flag)) continue;
        for (const other of group) if (other !== flag && this.changed.includes(other)) return `filters --${flag} and --${other} cannot be combined`;
      }
    return undefined;
  }

  namespaceConflicts(ff: FlowFilter | undefined): string | undefined {
    if (!ff) return undefined;
    return (
      nsConflict(this.ns, ff.sourcePod) ??
      nsConflict(this.ns, ff.sourceService) ??
      nsConflict(this.ns, ff.destinationPod) ??
      nsConflict(this.ns, ff.destinationService) ??
      nsConflict(this.srcNs, ff.sourcePod) ??
      nsConflict(this.srcNs, ff.sourceService) ??
      nsConflict(this.dstNs, ff.destinationPod) ??
      nsConflict(this.dstNs, ff.destinationService) ??
      inconsistentNamespaces(ff.sourcePod, ff.sourceService) ??
      inconsistentNamespaces(ff.destinationPod, ff.destinationService)
    );
  }

  flowFilters(): FlowFilter[] {
    if (!this.left && !this.right && !this.ns.length && !this.srcNs.length && !this.dstNs.length) return [];
    const left = (this.left ??= create(FlowFilterSchema));
    const right = (this.right ??= create(FlowFilterSchema));
    if (this.dstNs.length) {
      applyDest(this.dstNs, left);
      applyDest(this.dstNs, right);
    }
    if (this.srcNs.length) {
      applySrc(this.srcNs, left);
      applySrc(this.srcNs, right);
    }
    if (this.ns.length) {
      applySrc(this.ns, left);
      applyDest(this.ns, right);
    }
    return equals(FlowFilterSchema, left, right) ? [left] : [left, right];
  }
}

function namespaceOf(name: string): string {
  const parts = name.split('/');
  return parts.length > 1 ? parts[0] : '';
}

function nsConflict(namespaces: string[], names: string[]): string | undefined {
  for (const ns of namespaces)
    for (const name of names) {
      const nn = namespaceOf(name);
      if (nn !== '' && nn !== ns) return `namespace conflict: ${JSON.stringify(ns)} does not contain ${JSON.stringify(name)}`;
    }
  return undefined;
}

function inconsistentNamespaces(pods: string[], services: string[]): string | undefined {
  for (const pod of pods) {
    const podNs = namespaceOf(pod);
    if (podNs === '') continue;
    for (const svc of services) if (namespaceOf(svc) !== podNs) return `namespace of service ${JSON.stringify(svc)} conflict with pod ${JSON.stringify(podNs)}`;
  }
  return undefined;
}

function addNamespaces(filter: string[], ns: string[]): string[] {
  if (!ns.length || !filter.length) return filter;
  return filter.flatMap((f) => (f.includes('/') ? [f] : ns.map((n) => `${n}/${f}`)));
}

function applySrc(ns: string[], ff: FlowFilter): void {
  if (!ff.sourcePod.length && !ff.sourceService.length) ff.sourcePod = [''];
  ff.sourcePod = addNamespaces(ff.sourcePod, ns);
  ff.sourceService = addNamespaces(ff.sourceService, ns);
}

function applyDest(ns: string[], ff: FlowFilter): void {
  if (!ff.destinationPod.length && !ff.destinationService.length) ff.destinationPod = [''];
  ff.destinationPod = addNamespaces(ff.destinationPod, ns);
  ff.destinationService = addNamespaces(ff.destinationService, ns);
}

function parseIdentity(v: string): number {
  if (RESERVED_IDENTITIES[v] !== undefined) return RESERVED_IDENTITIES[v];
  // strconv.ParseUint(v, 0, 32): decimal, 0x hex, 0o/0 octal, 0b binary.
  const s = v.replace(/_/g, '');
  let n = NaN;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) n = parseInt(s.slice(2), 16);
  else if (/^0[bB][01]+$/.test(s)) n = parseInt(s.slice(2), 2);
  else if (/^0[oO]?[0-7]+$/.test(s)) n = parseInt(s.replace(/^0[oO]?/, ''), 8);
  else if (/^\d+$/.test(s)) n = Number(s);
  if (!(n >= 0 && n <= 0xffffffff)) throw new Error(`invalid security identity, expected one of ${RESERVED_LIST} or a numeric value`);
  return n;
}

function parseWorkload(v: string): {name: string; kind: string} {
  if (v === '') return {name: '', kind: ''};
  const i = v.indexOf('/');
  return i < 0 ? {name: v, kind: ''} : {kind: v.slice(0, i), name: v.slice(i + 1)};
}

function ipVersion(v: string): IPVersion {
  switch (v.toLowerCase()) {
    case '4':
    case 'v4':
    case 'ipv4':
    case 'ip4':
      return IPVersion.IPv4;
    case '6':
    case 'v6':
    case 'ipv6':
    case 'ip6':
      return IPVersion.IPv6;
  }
  return IPVersion.IP_NOT_USED;
}

function parseUint(v: string, bits: 32 | 64): bigint | undefined {
  if (!/^\d+$/.test(v)) return undefined;
  const n = BigInt(v);
  return n < 1n << BigInt(bits) ? n : undefined;
}

function parseType(val: string): {type: number; matchSubType: boolean; subType: number} {
  const i = val.indexOf(':');
  const [name, sub] = i < 0 ? [val, undefined] : [val.slice(0, i), val.slice(i + 1)];
  let type = MESSAGE_TYPES[name];
  // Upstream only resolves sub-type names for a type given by name.
  const named = type !== undefined ? type : 0;
  if (type === undefined) {
    const n = parseUint(name, 32);
    if (n === undefined)
      throw new Error(`unable to parse type '${name}', not a known type name and unable to parse as numeric value: strconv.ParseUint: parsing ${JSON.stringify(name)}: ${/^\d+$/.test(name) ? 'value out of range' : 'invalid syntax'}`);
    type = Number(n) | 0;
  }
  if (sub === undefined) return {type, matchSubType: false, subType: 0};
  let subType = -1;
  if (named === 4) subType = TRACE_POINTS.indexOf(sub);
  else if (named === 130) subType = AGENT_SUBTYPES.indexOf(sub);
  if (subType < 0) {
    const n = parseUint(sub, 32);
    if (n === undefined)
      throw new Error(`unable to parse event sub-type '${sub}', not a known sub-type name and unable to parse as numeric value: strconv.ParseUint: parsing ${JSON.stringify(sub)}: ${/^\d+$/.test(sub) ? 'value out of range' : 'invalid syntax'}`);
    subType = Number(n) | 0;
  }
  return {type, matchSubType: true, subType};
}

/** Ordered filter flag occurrences → whitelist and blacklist, as upstream's flowFilter.Set. */
export class FilterBuilder {
  private whitelist?: Tracker;
  private blacklist?: Tracker;
  private blacklisting = false;

  /** Apply one flag occurrence; throws Error(reason) as upstream's Set would. */
  set(name: string, val: string): void {
    if (name === 'not') {
      if (this.blacklisting) throw new Error('consecutive --not statements');
      this.blacklisting = true;
      return;
    }
    let t: Tracker;
    if (this.blacklisting) {
      this.blacklisting = false;
      t = this.blacklist ??= new Tracker();
    } else t = this.whitelist ??= new Tracker();
    if (!t.changed.includes(name)) t.changed.push(name);
    const c = t.conflict();
    if (c) throw new Error(c);
    apply(t, name, val);
    const nc = t.namespaceConflicts(t.left) ?? t.namespaceConflicts(t.right);
    if (nc) throw new Error(nc);
  }

  /** Throws on a trailing --not; returns the built lists. */
  build(): {whitelist: FlowFilter[]; blacklist: FlowFilter[]} {
    if (this.blacklisting) throw new Error('trailing --not found in the arguments');
    return {whitelist: this.whitelist?.flowFilters() ?? [], blacklist: this.blacklist?.flowFilters() ?? []};
  }
}

function apply(t: Tracker, name: string, val: string): void {
  switch (name) {
    case 'uuid':
      return t.both((f) => f.uuid.push(val));
    case 'fqdn':
      t.onLeft((f) => f.sourceFqdn.push(val));
      return t.onRight((f) => f.destinationFqdn.push(val));
    case 'from-fqdn':
      return t.both((f) => f.sourceFqdn.push(val));
    case 'to-fqdn':
      return t.both((f) => f.destinationFqdn.push(val));
    case 'pod':
      t.onLeft((f) => f.sourcePod.push(val));
      return t.onRight((f) => f.destinationPod.push(val));
    case 'from-pod':
      return t.both((f) => f.sourcePod.push(val));
    case 'to-pod':
      return t.both((f) => f.destinationPod.push(val));
    case 'from-ip':
      return t.both((f) => f.sourceIp.push(val));
    case 'snat-ip':
      return t.both((f) => f.sourceIpXlated.push(val));
    case 'ip':
      t.onLeft((f) => f.sourceIp.push(val));
      return t.onRight((f) => f.destinationIp.push(val));
    case 'to-ip':
      return t.both((f) => f.destinationIp.push(val));
    case 'ipv4':
      return t.both((f) => f.ipVersion.push(IPVersion.IPv4));
    case 'ipv6':
      return t.both((f) => f.ipVersion.push(IPVersion.IPv6));
    case 'ip-version':
      return t.both((f) => f.ipVersion.push(ipVersion(val)));
    case 'label':
      t.onLeft((f) => f.sourceLabel.push(val));
      return t.onRight((f) => f.destinationLabel.push(val));
    case 'from-label':
      return t.both((f) => f.sourceLabel.push(val));
    case 'to-label':
      return t.both((f) => f.destinationLabel.push(val));
    case 'namespace':
      t.ns.push(val);
      return;
    case 'from-namespace':
      t.srcNs.push(val);
      return;
    case 'to-namespace':
      t.dstNs.push(val);
      return;
    case 'all-namespaces':
      t.ns.push('');
      return;
    case 'from-all-namespaces':
      t.srcNs.push('');
      return;
    case 'to-all-namespaces':
      t.dstNs.push('');
      return;
    case 'service':
      t.onLeft((f) => f.sourceService.push(val));
      return t.onRight((f) => f.destinationService.push(val));
    case 'from-service':
      return t.both((f) => f.sourceService.push(val));
    case 'to-service':
      return t.both((f) => f.destinationService.push(val));
    case 'port':
      t.onLeft((f) => f.sourcePort.push(val));
      return t.onRight((f) => f.destinationPort.push(val));
    case 'from-port':
      return t.both((f) => f.sourcePort.push(val));
    case 'to-port':
      return t.both((f) => f.destinationPort.push(val));
    case 'trace-id':
      return t.both((f) => f.traceId.push(val));
    case 'ip-trace-id': {
      if (val === '0') throw new Error('invalid --ip-trace-id value; must be greater than 0');
      const id = parseUint(val, 64);
      if (id === undefined)
        throw new Error(`invalid --ip-trace-id value: strconv.ParseUint: parsing ${JSON.stringify(val)}: ${/^\d+$/.test(val) ? 'value out of range' : 'invalid syntax'}`);
      return t.both((f) => f.ipTraceId.push(id));
    }
    case 'verdict': {
      const v = (Verdict as unknown as Record<string, number>)[val];
      if (typeof v !== 'number') throw new Error(`invalid --verdict value: ${val}`);
      return t.both((f) => f.verdict.push(v));
    }
    case 'drop-reason-desc': {
      if (val === '') throw new Error('empty --drop-reason-desc value');
      const v = (DropReason as unknown as Record<string, number>)[val];
      if (typeof v !== 'number') throw new Error(`invalid --drop-reason-desc value: ${val}`);
      return t.both((f) => f.dropReasonDesc.push(v));
    }
    case 'http-status':
      return t.both((f) => f.httpStatusCode.push(val));
    case 'http-method':
      return t.both((f) => f.httpMethod.push(val));
    case 'http-path':
      return t.both((f) => f.httpPath.push(val));
    case 'http-url':
      return t.both((f) => f.httpUrl.push(val));
    case 'http-header': {
      const i = val.indexOf(':');
      if (i < 0) throw new Error(`invalid http-header value ${JSON.stringify(val)}, expected name:value`);
      return t.both((f) => f.httpHeader.push({$typeName: 'flow.HTTPHeader', key: val.slice(0, i), value: val.slice(i + 1)}));
    }
    case 'type': {
      const tf = parseType(val);
      return t.both((f) => f.eventType.push({$typeName: 'flow.EventTypeFilter', ...tf}));
    }
    case 'protocol':
      return t.both((f) => f.protocol.push(val));
    case 'workload': {
      const w = parseWorkload(val);
      t.onLeft((f) => f.sourceWorkload.push({$typeName: 'flow.Workload', ...w}));
      return t.onRight((f) => f.destinationWorkload.push({$typeName: 'flow.Workload', ...w}));
    }
    case 'from-workload': {
      const w = parseWorkload(val);
      return t.both((f) => f.sourceWorkload.push({$typeName: 'flow.Workload', ...w}));
    }
    case 'to-workload': {
      const w = parseWorkload(val);
      return t.both((f) => f.destinationWorkload.push({$typeName: 'flow.Workload', ...w}));
    }
    case 'identity': {
      const id = parseIdentity(val);
      t.onLeft((f) => f.sourceIdentity.push(id));
      return t.onRight((f) => f.destinationIdentity.push(id));
    }
    case 'from-identity': {
      const id = parseIdentity(val);
      return t.both((f) => f.sourceIdentity.push(id));
    }
    case 'to-identity': {
      const id = parseIdentity(val);
      return t.both((f) => f.destinationIdentity.push(id));
    }
    case 'node-name':
      return t.both((f) => f.nodeName.push(val));
    case 'node-label':
      return t.both((f) => f.nodeLabels.push(val));
    case 'cluster':
      t.onLeft((f) => f.sourceClusterName.push(val));
      return t.onRight((f) => f.destinationClusterName.push(val));
    case 'from-cluster':
      return t.both((f) => f.sourceClusterName.push(val));
    case 'to-cluster':
      return t.both((f) => f.destinationClusterName.push(val));
    case 'tcp-flags': {
      const tf: Record<string, boolean> = {};
      for (const part of val.split(',')) {
        const up = part.toUpperCase();
        if (!(TCP_FLAGS as readonly string[]).includes(up)) throw new Error(`unknown tcp flag: ${part}`);
        tf[up] = true;
      }
      return t.both((f) => f.tcpFlags.push({$typeName: 'flow.TCPFlags', FIN: false, SYN: false, RST: false, PSH: false, ACK: false, URG: false, ECE: false, CWR: false, NS: false, ...tf}));
    }
    case 'traffic-direction': {
      const td = val.toLowerCase();
      if (td === 'ingress') return t.both((f) => f.trafficDirection.push(TrafficDirection.INGRESS));
      if (td === 'egress') return t.both((f) => f.trafficDirection.push(TrafficDirection.EGRESS));
      throw new Error(`${td}: invalid traffic direction, expected ingress or egress`);
    }
    case 'cel-expression':
      return t.both((f) => {
        f.experimental ??= {$typeName: 'flow.FlowFilter.Experimental', celExpression: []};
        f.experimental.celExpression.push(val);
      });
    case 'interface':
      return t.both((f) => f.interface.push({$typeName: 'flow.NetworkInterface', index: 0, name: val}));
    case 'encrypted':
      return t.both((f) => f.encrypted.push(true));
    case 'unencrypted':
      return t.both((f) => f.encrypted.push(false));
    case 'dns-query':
      return t.both((f) => f.dnsQuery.push(val));
  }
}
