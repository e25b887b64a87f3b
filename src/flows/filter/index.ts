// The one flow filter engine, with Hubble's server-side semantics (hubble-observe.md 5.3).
// Used by the Observer server (agent, tests) and by `axon observe --input-file`.
// A flow passes when it matches at least one whitelist filter (or there are none) and no
// blacklist filter. Inside one FlowFilter every set field must match; inside a field any value.
import {BlockList, isIP} from 'node:net';
import type {Endpoint, Flow, FlowFilter} from '../../hubble/gen/flow/flow_pb.js';
import {UsageError} from '../../errors.js';
import {labelMatcher} from './labels.js';
import {compileFqdnPatterns, compileNodeNamePatterns} from './patterns.js';
import {compileRe2} from './regex.js';

export type FlowPredicate = (flow: Flow) => boolean;

/** Monitor message type of L7 access-log events (`-t l7`). */
const MESSAGE_TYPE_ACCESS_LOG = 129;
const VERDICT_DROPPED = 2;
const DEFAULT_CLUSTER = 'default';

/** Compile allow/deny lists into one predicate; throws UsageError for an invalid filter. */
export function compileFilters(whitelist: readonly FlowFilter[], blacklist: readonly FlowFilter[]): FlowPredicate {
  const allow = whitelist.map((f) => compileFilter(f, 'whitelist'));
  const deny = blacklist.map((f) => compileFilter(f, 'blacklist'));
  if (allow.length === 0 && deny.length === 0) return () => true;
  return (flow) => (allow.length === 0 || allow.some((m) => m(flow))) && !deny.some((m) => m(flow));
}

function compileFilter(ff: FlowFilter, list: string): FlowPredicate {
  let parts: FlowPredicate[];
  try {
    parts = buildParts(ff);
  } catch (e) {
    throw new UsageError(`invalid ${list} filter: ${(e as Error).message}`, {
      hint: 'check the filter flags or the --allowlist/--denylist JSON',
      cause: e,
    });
  }
  if (parts.length === 1) return parts[0];
  return (flow) => {
    for (const p of parts) if (!p(flow)) return false;
    return true;
  };
}

// Order follows upstream's filter list, so the first reported error is the same.
function buildParts(ff: FlowFilter): FlowPredicate[] {
  const fs: FlowPredicate[] = [];
  if (ff.uuid.length) fs.push((f) => ff.uuid.includes(f.uuid));
  if (ff.eventType.length) {
    const types = ff.eventType;
    fs.push((f) => {
      const e = f.eventType;
      if (!e) return false;
      return types.some((t) => (t.type === 0 || t.type === e.type) && (!t.matchSubType || t.subType === e.subType));
    });
  }
  if (ff.verdict.length) fs.push((f) => ff.verdict.includes(f.verdict));
  if (ff.dropReasonDesc.length) fs.push((f) => f.verdict === VERDICT_DROPPED && ff.dropReasonDesc.includes(f.dropReasonDesc));
  if (ff.reply.length)
    fs.push((f) => {
      if (f.isReply === undefined && f.verdict !== VERDICT_DROPPED) return false;
      return ff.reply.includes(f.isReply ?? false);
    });
  if (ff.encrypted.length) fs.push((f) => ff.encrypted.includes(f.IP?.encrypted ?? false));
  if (ff.sourceIdentity.length) fs.push(identity(ff.sourceIdentity, (f) => f.source));
  if (ff.destinationIdentity.length) fs.push(identity(ff.destinationIdentity, (f) => f.destination));
  if (ff.protocol.length) fs.push(wrapErr('invalid protocol filter', () => protocol(ff.protocol)));
  if (ff.sourceIp.length) fs.push(ips(ff.sourceIp, (f) => f.IP?.source ?? ''));
  if (ff.destinationIp.length) fs.push(ips(ff.destinationIp, (f) => f.IP?.destination ?? ''));
  if (ff.sourceIpXlated.length) fs.push(ips(ff.sourceIpXlated, (f) => f.IP?.sourceXlated ?? ''));
  if (ff.sourcePod.length) fs.push(namespacedName(ff.sourcePod, (f) => [f.source?.namespace ?? '', f.source?.podName ?? '']));
  if (ff.destinationPod.length)
    fs.push(namespacedName(ff.destinationPod, (f) => [f.destination?.namespace ?? '', f.destination?.podName ?? '']));
  if (ff.sourceWorkload.length) fs.push(workload(ff.sourceWorkload, (f) => f.source));
  if (ff.destinationWorkload.length) fs.push(workload(ff.destinationWorkload, (f) => f.destination));
  if (ff.sourceService.length)
    fs.push(
      wrapErr('invalid source service filter', () =>
        namespacedName(ff.sourceService, (f) => [f.sourceService?.namespace ?? '', f.sourceService?.name ?? '']),
      ),
    );
  if (ff.destinationService.length)
    fs.push(
      wrapErr('invalid destination service filter', () =>
        namespacedName(ff.destinationService, (f) => [f.destinationService?.namespace ?? '', f.destinationService?.name ?? '']),
      ),
    );
  if (ff.sourceFqdn.length) fs.push(fqdns(ff.sourceFqdn, (f) => f.sourceNames));
  if (ff.destinationFqdn.length) fs.push(fqdns(ff.destinationFqdn, (f) => f.destinationNames));
  if (ff.dnsQuery.length) {
    const res = wrapErr('invalid DNS query filter', () => ff.dnsQuery.map(compileRe2));
    fs.push((f) => {
      const r = f.l7?.record;
      return r?.case === 'dns' && res.some((re) => re.test(r.value.query));
    });
  }
  if (ff.sourceLabel.length) {
    const m = wrapErr('invalid source label filter', () => labelMatcher(ff.sourceLabel));
    fs.push((f) => m(f.source?.labels ?? []));
  }
  if (ff.destinationLabel.length) {
    const m = wrapErr('invalid destination label filter', () => labelMatcher(ff.destinationLabel));
    fs.push((f) => m(f.destination?.labels ?? []));
  }
  if (ff.nodeLabels.length) {
    const m = wrapErr('invalid node label filter', () => labelMatcher(ff.nodeLabels));
    fs.push((f) => m(f.nodeLabels));
  }
  if (ff.sourcePort.length) fs.push(wrapErr('invalid source port filter', () => ports(ff.sourcePort, 'source')));
  if (ff.destinationPort.length) fs.push(wrapErr('invalid destination port filter', () => ports(ff.destinationPort, 'destination')));
  fs.push(...http(ff));
  if (ff.tcpFlags.length) {
    const want = ff.tcpFlags;
    const names = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'] as const;
    fs.push((f) => {
      const l4 = f.l4?.protocol;
      const have = l4?.case === 'TCP' ? l4.value.flags : undefined;
      if (!have) return false;
      return want.some((w) => names.every((n) => !w[n] || have[n]));
    });
  }
  if (ff.nodeName.length) {
    const re = compileNodeNamePatterns(ff.nodeName);
    fs.push((f) => f.nodeName !== '' && re.test(f.nodeName.includes('/') ? f.nodeName : `${DEFAULT_CLUSTER}/${f.nodeName}`));
  }
  if (ff.sourceClusterName.length) fs.push(cluster(ff.sourceClusterName, (f) => f.source));
  if (ff.destinationClusterName.length) fs.push(cluster(ff.destinationClusterName, (f) => f.destination));
  if (ff.ipVersion.length) fs.push((f) => ff.ipVersion.includes(f.IP?.ipVersion ?? 0));
  if (ff.traceId.length) fs.push((f) => ff.traceId.includes(f.traceContext?.parent?.traceId ?? ''));
  if (ff.trafficDirection.length) fs.push((f) => ff.trafficDirection.includes(f.trafficDirection));
  if (ff.experimental?.celExpression.length) {
    throw new Error('CEL expressions (--cel-expression) are not supported by axon');
  }
  if (ff.interface.length) {
    const want = ff.interface;
    fs.push((f) => {
      const i = f.interface;
      if (!i) return false;
      return want.some((w) => (w.index === 0 || w.index === i.index) && (w.name === '' || w.name === i.name));
    });
  }
  if (ff.ipTraceId.length) fs.push((f) => ff.ipTraceId.includes(f.ipTraceId?.traceId ?? 0n));
  return fs;
}

function wrapErr<T>(prefix: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw new Error(`${prefix}: ${(e as Error).message}`);
  }
}

function identity(ids: readonly number[], ep: (f: Flow) => Endpoint | undefined): FlowPredicate {
  return (f) => {
    const e = ep(f);
    return e !== undefined && ids.includes(e.identity);
  };
}

/** `ns/prefix`, `ns/` (whole namespace), `/prefix` (any namespace), `prefix` (namespace default). */
export function parseNamespaceName(s: string): [ns: string, name: string] {
  const i = s.indexOf('/');
  if (i >= 0) {
    const rest = s.slice(i + 1);
    const j = rest.indexOf('/');
    return [s.slice(0, i), j >= 0 ? rest.slice(0, j) : rest];
  }
  return s === '' ? ['', ''] : ['default', s];
}

function namespacedName(names: readonly string[], get: (f: Flow) => [string, string]): FlowPredicate {
  const parsed = names.map((n) => {
    if (n === '') throw new Error('invalid filter, name must not be empty');
    return parseNamespaceName(n);
  });
  return (f) => {
    const [ns, name] = get(f);
    if (ns === '' && name === '') return false;
    return parsed.some(([pns, prefix]) => (prefix === '' || name.startsWith(prefix)) && (pns === '' || pns === ns));
  };
}

function ips(list: readonly string[], get: (f: Flow) => string): FlowPredicate {
  const exact = new Set<string>();
  const blocks = new BlockList();
  let prefixes = 0;
  for (const ip of list) {
    if (ip.includes('/')) {
      const [addr, bits, extra] = ip.split('/');
      const fam = isIP(addr);
      const n = /^\d+$/.test(bits ?? '') ? Number(bits) : NaN;
      if (!fam || extra !== undefined || !(n >= 0 && n <= (fam === 4 ? 32 : 128)))
        throw new Error(`invalid IP prefix "${ip}" in filter: netip.ParsePrefix("${ip}"): bad prefix`);
      blocks.addSubnet(addr, n, fam === 4 ? 'ipv4' : 'ipv6');
      prefixes++;
    } else {
      if (!isIP(ip)) throw new Error(`invalid IP address "${ip}" in filter: ParseAddr("${ip}"): unable to parse IP`);
      exact.add(ip);
    }
  }
  return (f) => {
    const ip = get(f);
    if (ip === '') return false;
    if (exact.has(ip)) return true;
    if (prefixes === 0) return false;
    const fam = isIP(ip);
    return fam !== 0 && blocks.check(ip, fam === 4 ? 'ipv4' : 'ipv6');
  };
}

function workload(want: FlowFilter['sourceWorkload'], ep: (f: Flow) => Endpoint | undefined): FlowPredicate {
  return (f) =>
    (ep(f)?.workloads ?? []).some((w) => want.some((x) => (x.name === '' || x.name === w.name) && (x.kind === '' || x.kind === w.kind)));
}

function cluster(names: readonly string[], ep: (f: Flow) => Endpoint | undefined): FlowPredicate {
  if (names.includes('')) throw new Error('invalid filter, name must not be empty');
  return (f) => names.includes(ep(f)?.clusterName ?? '');
}

function fqdns(patterns: readonly string[], get: (f: Flow) => readonly string[]): FlowPredicate {
  const re = compileFqdnPatterns(patterns);
  return (f) => get(f).some((n) => re.test(n));
}

const L4_PROTOCOLS = ['icmp', 'icmpv4', 'icmpv6', 'tcp', 'udp', 'sctp', 'vrrp', 'igmp'];
const L7_PROTOCOLS = ['dns', 'http', 'kafka'];

function protocol(list: readonly string[]): FlowPredicate {
  const l4 = new Set<string>();
  const l7 = new Set<string>();
  for (const p of list) {
    const lp = p.toLowerCase();
    if (L4_PROTOCOLS.includes(lp)) {
      if (lp === 'icmp') {
        l4.add('icmpv4');
        l4.add('icmpv6');
      } else l4.add(lp);
    } else if (L7_PROTOCOLS.includes(lp)) l7.add(lp);
    else throw new Error(`unknown protocol: "${p}"`);
  }
  return (f) => {
    const c = f.l4?.protocol.case;
    if (c && l4.has(c.toLowerCase())) return true;
    const r = f.l7?.record.case;
    return r !== undefined && l7.has(r);
  };
}

function ports(list: readonly string[], side: 'source' | 'destination'): FlowPredicate {
  const want = new Set<number>();
  for (const p of list) {
    if (!/^\d+$/.test(p) || Number(p) > 65535) {
      const why = /^\d+$/.test(p) ? 'value out of range' : 'invalid syntax';
      throw new Error(`invalid port "${p}": strconv.ParseUint: parsing "${p}": ${why}`);
    }
    want.add(Number(p));
  }
  return (f) => {
    const l4 = f.l4?.protocol;
    if (!l4 || (l4.case !== 'TCP' && l4.case !== 'UDP' && l4.case !== 'SCTP')) return false;
    return want.has(side === 'source' ? l4.value.sourcePort : l4.value.destinationPort);
  };
}

function http(ff: FlowFilter): FlowPredicate[] {
  const fs: FlowPredicate[] = [];
  const compatible = ff.eventType.length === 0 || ff.eventType.some((t) => t.type === MESSAGE_TYPE_ACCESS_LOG);
  const need = (what: string) => {
    if (!compatible) throw new Error(`filtering by ${what} requires the event type filter to only match 'l7' events`);
  };
  const rec = (f: Flow) => {
    const r = f.l7?.record;
    return r?.case === 'http' ? r.value : undefined;
  };
  if (ff.httpStatusCode.length) {
    need('http status code');
    const full: string[] = [];
    const prefix: string[] = [];
    for (const s of ff.httpStatusCode) {
      if (/^[1-5][0-9]{2}$/.test(s)) full.push(s);
      else if (/^[1-5][0-9]?\+$/.test(s)) prefix.push(s.slice(0, -1));
      else throw new Error(`invalid http status code filter: invalid status code prefix: "${s}"`);
    }
    fs.push((f) => {
      const h = rec(f);
      if (!h || h.code === 0) return false;
      const code = String(h.code).padStart(3, '0');
      return full.includes(code) || prefix.some((p) => code.startsWith(p));
    });
  }
  if (ff.httpMethod.length) {
    need('http method');
    const methods = ff.httpMethod.map((m) => m.toLowerCase());
    fs.push((f) => {
      const h = rec(f);
      return !!h && h.method !== '' && methods.includes(h.method.toLowerCase());
    });
  }
  if (ff.httpPath.length) {
    need('http path');
    const res = ff.httpPath.map((p) => wrapErr(`invalid http path filter: ${p}`, () => compileRe2(p)));
    fs.push((f) => {
      const h = rec(f);
      if (!h || h.url === '') return false;
      const path = requestPath(h.url);
      return path !== undefined && res.some((re) => re.test(path));
    });
  }
  if (ff.httpUrl.length) {
    need('http url');
    const res = ff.httpUrl.map((p) => wrapErr(`invalid http url filter: ${p}`, () => compileRe2(p)));
    fs.push((f) => {
      const h = rec(f);
      return !!h && h.url !== '' && res.some((re) => re.test(h.url));
    });
  }
  if (ff.httpHeader.length) {
    need('http headers');
    const want = ff.httpHeader;
    fs.push((f) => {
      const h = rec(f);
      return !!h && h.headers.some((hh) => want.some((w) => w.key === hh.key && w.value === hh.value));
    });
  }
  return fs;
}

/** The decoded path of an absolute URL or absolute path (Go's url.ParseRequestURI), else undefined. */
function requestPath(u: string): string | undefined {
  try {
    if (u.startsWith('/')) return decodeURIComponent(u.split(/[?#]/, 1)[0]);
    return decodeURIComponent(new URL(u).pathname);
  } catch {
    return undefined;
  }
}
