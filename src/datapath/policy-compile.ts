// Applied CNP/CCNP/NetworkPolicy resources + the local endpoints -> the entries of the policy,
// endpoint-flag and ipcache maps of bpf/flow.bpf.c. The decision for every (subject identity,
// peer identity, protocol, port, direction) comes from the tracer's rule compiler and matchers
// (src/policy/trace), so `policy trace` and the datapath cannot disagree at L3/L4. L7 rules are
// not enforced here: their L3/L4 part is, with a warning.
import {isIPv6} from 'node:net';
import {
  compileResources, defaultDenyEnabled, elementMatches, identityOf, subjectRules, toSourced, worldIdentity,
  DROP_POLICY_DENIED, DROP_POLICY_DENY,
  type Direction, type Identity, type L4Flow, type PolicyElement, type SubjectRule,
} from '../policy/trace/index.js';
import {ID_HOST, ID_WORLD} from './event.js';

export interface PolicyEndpoint {
  identity: number;
  ipv4: string;
  namespace: string;
  podName: string;
  labels: string[];
}

export const DIR_INGRESS = 0;
export const DIR_EGRESS = 1;
export const ACTION_ALLOW = 1;
export const ACTION_DENY = 2;
export const ENFORCE_INGRESS = 1;
export const ENFORCE_EGRESS = 2;
/** Local identities for CIDR peers, as Cilium numbers them (the local scope starts at 2^24). */
export const CIDR_IDENTITY_BASE = 16_777_216;

export const MATCH_L3_ONLY = 1;
export const MATCH_L3_L4 = 2;
export const MATCH_L4_ONLY = 3;
export const MATCH_ALL = 4;

export interface PolicyEntry {
  identity: number;
  peer: number;
  dport: number;
  proto: number;
  dir: number;
  action: number;
  matchType: number;
  reason: number;
}

export interface CompiledPolicy {
  entries: PolicyEntry[];
  /** identity -> ENFORCE_* bits */
  enforce: Map<number, number>;
  /** CIDR -> local identity (ipcache entries besides the pods and the host) */
  cidrs: Map<string, number>;
  warnings: string[];
}

/** The outcome of one direction at L3/L4 (network-policy.md 14.1 steps 2-3). */
export type Decision =
  | {kind: 'default-allow'}
  | {kind: 'allow'; matchType: number}
  | {kind: 'deny'; reason: number; matchType: number};

const PROTOS: Array<{proto: number; name: 'TCP' | 'UDP' | 'SCTP'}> = [
  {proto: 6, name: 'TCP'},
  {proto: 17, name: 'UDP'},
  {proto: 132, name: 'SCTP'},
];
const ICMP = 1;

function matchTypeOf(el: PolicyElement, l4: boolean): number {
  const l3 = el.peers !== 'any';
  if (l3) return l4 ? MATCH_L3_L4 : MATCH_L3_ONLY;
  return l4 ? MATCH_L4_ONLY : MATCH_ALL;
}

const SPECIFICITY = [0, 2, 4, 3, 1]; // by match type: L3-L4 > L4-Only > L3-Only > all

/**
 * The same procedure as the tracer's per-direction evaluation, without L7: deny rules (181),
 * allow-localhost, default-deny enablement, allow rules (else 133). `flow` undefined = a
 * protocol other than TCP/UDP/SCTP/ICMP (only rules without ports and ICMP types cover it).
 */
export function decide(direction: Direction, rules: readonly SubjectRule[], local: Identity, remote: Identity, flow: L4Flow | undefined): Decision {
  return decideFor(direction, subjectRules(rules, local), local, remote, flow);
}

/** decide() with the subject rules of `local` already selected (the compiler's inner loop). */
function decideFor(direction: Direction, subjects: readonly SubjectRule[], local: Identity, remote: Identity, flow: L4Flow | undefined): Decision {
  const destination = direction === 'ingress' ? local : remote;
  const matches = (el: PolicyElement) => {
    if (flow) return elementMatches(el, remote, flow, destination);
    return !el.empty && !el.portRules && !el.icmps && elementMatches(el, remote, {protocol: 'TCP', dport: 0}, destination);
  };
  const deny = direction === 'ingress' ? 'ingressDeny' : 'egressDeny';
  for (const s of subjects) {
    for (const el of s.elements[deny]) {
      if (matches(el)) return {kind: 'deny', reason: DROP_POLICY_DENY, matchType: matchTypeOf(el, !!(el.portRules || el.icmps))};
    }
  }
  // allow-localhost: an allow entry for the host identity, which deny entries still beat.
  if (direction === 'ingress' && remote.reserved.includes('host')) return {kind: 'allow', matchType: MATCH_L3_ONLY};
  if (!defaultDenyEnabled(subjects, direction)) return {kind: 'default-allow'};
  let best = 0;
  for (const s of subjects) {
    for (const el of s.elements[direction]) {
      if (!matches(el)) continue;
      const t = matchTypeOf(el, !!(el.portRules || el.icmps));
      if (SPECIFICITY[t] > SPECIFICITY[best]) best = t;
    }
  }
  return best ? {kind: 'allow', matchType: best} : {kind: 'deny', reason: DROP_POLICY_DENIED, matchType: 0};
}

/** A peer or subject with its datapath identity number. */
interface Known {
  id: number;
  identity: Identity;
}

function sameDecision(a: Decision, b: Decision): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'allow' && b.kind === 'allow') return a.matchType === b.matchType;
  if (a.kind === 'deny' && b.kind === 'deny') return a.reason === b.reason && a.matchType === b.matchType;
  return true;
}

/** Ports an element set mentions for a protocol (exact ports and range bounds), 0 excluded. */
function mentionedPorts(elements: PolicyElement[], proto: string, warnings: Set<string>): number[] {
  const out = new Set<number>();
  for (const el of elements) {
    for (const pr of el.portRules ?? []) {
      for (const p of pr.ports) {
        if (p.protocol !== 'ANY' && p.protocol !== proto) continue;
        if (typeof p.port === 'string') {
          warnings.add(`${el.ref.resource} ${el.ref.path}: named port "${p.port}" is not enforced locally (the agent does not know container port names); that port entry matches nothing`);
          continue;
        }
        if (p.port === 0) continue;
        const end = p.endPort !== undefined && p.endPort > p.port ? Math.min(p.endPort, 65535) : p.port;
        for (let x = p.port; x <= end; x++) out.add(x);
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

function unmentioned(ports: number[], max: number): number {
  const set = new Set(ports);
  for (let x = 1; x <= max; x++) if (!set.has(x)) return x;
  return 0;
}

function icmpTypesOf(elements: PolicyElement[]): number[] {
  const out = new Set<number>();
  for (const el of elements) for (const f of el.icmps ?? []) if (typeof f.type === 'number') out.add(f.type);
  // named types: resolve through the matcher by trying every type below
  if (elements.some((el) => el.icmps?.some((f) => typeof f.type === 'string'))) for (let t = 0; t < 256; t++) out.add(t);
  return [...out];
}

function l7Warnings(rules: readonly SubjectRule[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    for (const el of [...r.elements.ingress, ...r.elements.egress]) {
      for (const pr of el.portRules ?? []) {
        if (!pr.l7) continue;
        const kinds = Object.keys(pr.l7).filter((k) => (pr.l7 as Record<string, unknown>)[k] !== undefined).join(', ');
        const ports = pr.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
        out.push(`${el.ref.resource} ${el.ref.path}.toPorts[${pr.index}]: L7 rules (${kinds}) are not enforced locally yet; only their L3/L4 part (${ports}) is enforced`);
      }
    }
  }
  return out;
}

function cidrsOf(rules: readonly SubjectRule[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    for (const section of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const) {
      for (const el of r.elements[section]) {
        if (el.peers === 'any') continue;
        for (const p of el.peers) if (p.kind === 'cidr') for (const c of [p.cidr, ...p.except]) out.add(normalizeCidr(c));
      }
    }
  }
  return [...out].filter((c) => c !== '');
}

function normalizeCidr(c: string): string {
  if (c.includes('/')) return c;
  return isIPv6(c) ? `${c}/128` : `${c}/32`;
}

/** An address of the CIDR not inside any more specific CIDR of the set (what the LPM gives this identity). */
export function representative(cidr: string, all: string[]): string | undefined {
  const [addr, lenText] = cidr.split('/');
  const len = Number(lenText);
  if (isIPv6(addr)) return addr; // IPv6 CIDRs: the network address (sub-prefix carving is IPv4 only)
  const base = (ipv4ToInt(addr) & (len === 0 ? 0 : (~0 << (32 - len)) >>> 0)) >>> 0;
  const size = 2 ** (32 - len);
  const children = all
    .filter((c) => c !== cidr && !isIPv6(c.split('/')[0]) && Number(c.split('/')[1]) > len)
    .map((c) => {
      const [a, l] = c.split('/');
      const n = Number(l);
      const start = (ipv4ToInt(a) & (n === 0 ? 0 : (~0 << (32 - n)) >>> 0)) >>> 0;
      return [start, start + 2 ** (32 - n) - 1];
    })
    .filter(([s]) => s >= base && s < base + size)
    .sort((a, b) => a[0] - b[0]);
  let candidate = base >>> 0;
  for (const [s, e] of children) {
    if (candidate < s) break;
    if (candidate <= e) candidate = e + 1;
  }
  return candidate < base + size ? intToIpv4(candidate) : undefined;
}

function ipv4ToInt(a: string): number {
  return a.split('.').reduce((n, x) => ((n << 8) | Number(x)) >>> 0, 0);
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function endpointIdentity(ep: PolicyEndpoint): Identity {
  return identityOf({name: `${ep.namespace}/${ep.podName}`, labels: ep.labels, ip: ep.ipv4});
}

/** Compiles resources for the given endpoints. Pure; the caller writes the maps. */
export function compilePolicies(resources: unknown[], endpoints: readonly PolicyEndpoint[]): CompiledPolicy {
  const rules = compileResources(toSourced(resources as never));
  const warnings = new Set<string>(l7Warnings(rules));
  for (const r of rules) {
    for (const section of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const) {
      for (const el of r.elements[section]) {
        if (el.peers === 'any') continue;
        for (const p of el.peers) {
          if (p.kind === 'unresolved') warnings.add(`${el.ref.resource} ${el.ref.path}: ${p.text} (${p.field}) is not resolved locally; it matches no peer`);
          if (p.kind === 'fqdn') warnings.add(`${el.ref.resource} ${el.ref.path}: toFQDNs is not enforced locally (no DNS proxy); it matches no peer`);
        }
      }
    }
  }

  const subjects = new Map<number, Known>();
  for (const ep of endpoints) if (!subjects.has(ep.identity)) subjects.set(ep.identity, {id: ep.identity, identity: endpointIdentity(ep)});
  const cidrList = cidrsOf(rules);
  const cidrs = new Map<string, number>();
  const peers: Known[] = [
    ...subjects.values(),
    {id: ID_HOST, identity: identityOf({name: 'host', labels: ['reserved:host']})},
    {id: ID_WORLD, identity: identityOf({name: 'world', labels: ['reserved:world']})},
  ];
  cidrList.forEach((c, i) => {
    const rep = representative(c, cidrList);
    if (rep === undefined) return; // entirely covered by more specific CIDRs
    cidrs.set(c, CIDR_IDENTITY_BASE + i);
    peers.push({id: CIDR_IDENTITY_BASE + i, identity: worldIdentity(rep)});
  });

  const entries: PolicyEntry[] = [];
  const enforce = new Map<number, number>();
  for (const s of subjects.values()) {
    let flags = 0;
    for (const direction of ['ingress', 'egress'] as const) {
      const dir = direction === 'ingress' ? DIR_INGRESS : DIR_EGRESS;
      const subj = subjectRules(rules, s.identity);
      const enforced = defaultDenyEnabled(subj, direction);
      if (enforced) flags |= direction === 'ingress' ? ENFORCE_INGRESS : ENFORCE_EGRESS;
      const fallback: Decision = enforced ? {kind: 'deny', reason: DROP_POLICY_DENIED, matchType: 0} : {kind: 'default-allow'};
      const elements = subj.flatMap((r) => [...r.elements[direction], ...r.elements[direction === 'ingress' ? 'ingressDeny' : 'egressDeny']]);
      const portsOf = new Map(PROTOS.map(({name}) => [name, mentionedPorts(elements, name, warnings)] as const));
      const types = icmpTypesOf(elements);
      for (const p of peers) {
        const put = (proto: number, dport: number, d: Decision) => {
          if (d.kind === 'default-allow') entries.push({identity: s.id, peer: p.id, dport, proto, dir, action: ACTION_ALLOW, matchType: 0, reason: 0});
          else entries.push({identity: s.id, peer: p.id, dport, proto, dir, action: d.kind === 'allow' ? ACTION_ALLOW : ACTION_DENY, matchType: d.matchType, reason: d.kind === 'deny' ? d.reason : 0});
        };
        const l3 = decideFor(direction, subj, s.identity, p.identity, undefined);
        if (!sameDecision(l3, fallback)) put(0, 0, l3);
        for (const {proto, name} of PROTOS) {
          const ports = portsOf.get(name)!;
          const other = unmentioned(ports, 65535);
          const wild = decideFor(direction, subj, s.identity, p.identity, {protocol: name, dport: other});
          if (!sameDecision(wild, l3)) put(proto, 0, wild);
          for (const port of ports) {
            const d = decideFor(direction, subj, s.identity, p.identity, {protocol: name, dport: port});
            if (!sameDecision(d, wild)) put(proto, port, d);
          }
        }
        const otherType = unmentioned(types, 255);
        const wild = decideFor(direction, subj, s.identity, p.identity, {protocol: 'ICMP', icmpType: otherType});
        if (!sameDecision(wild, l3)) put(ICMP, 0, wild);
        for (const t of types) {
          const d = decideFor(direction, subj, s.identity, p.identity, {protocol: 'ICMP', icmpType: t});
          if (!sameDecision(d, wild)) put(ICMP, t, d);
        }
      }
    }
    enforce.set(s.id, flags);
  }
  return {entries, enforce, cidrs, warnings: [...warnings]};
}

/** What the BPF lookup chain gives for one packet: (port, proto), (0, proto), (0, 0), else the default. */
export function lookup(c: CompiledPolicy, identity: number, peer: number, proto: number, dport: number, dir: number): Decision {
  const find = (pt: number, pr: number) => c.entries.find((e) => e.identity === identity && e.peer === peer && e.dport === pt && e.proto === pr && e.dir === dir);
  const e = find(dport, proto) ?? find(0, proto) ?? find(0, 0);
  if (e) {
    if (e.action === ACTION_DENY) return {kind: 'deny', reason: e.reason || DROP_POLICY_DENY, matchType: e.matchType};
    return e.matchType ? {kind: 'allow', matchType: e.matchType} : {kind: 'default-allow'};
  }
  const bit = dir === DIR_INGRESS ? ENFORCE_INGRESS : ENFORCE_EGRESS;
  return (c.enforce.get(identity) ?? 0) & bit ? {kind: 'deny', reason: DROP_POLICY_DENIED, matchType: 0} : {kind: 'default-allow'};
}
