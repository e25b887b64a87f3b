// IPv4/IPv6 prefixes as BigInt ranges (Go net.ParseCIDR semantics: no leading zeros, no zones).
import {isIPv4, isIPv6} from 'node:net';

export interface Prefix {
  family: 4 | 6;
  /** The address as written (host bits kept). */
  addr: bigint;
  bits: number;
  text: string;
}

export function parseIp(s: string): {family: 4 | 6; addr: bigint} | undefined {
  if (isIPv4(s)) return {family: 4, addr: s.split('.').reduce((a, o) => (a << 8n) | BigInt(Number(o)), 0n)};
  if (isIPv6(s) && !s.includes('%')) return {family: 6, addr: v6(s)};
  return undefined;
}

function v6(s: string): bigint {
  let tail: number[] = [];
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (m) {
    const o = m[2].split('.').map(Number);
    tail = [(o[0] << 8) | o[1], (o[2] << 8) | o[3]];
    s = m[1].endsWith('::') ? m[1] : m[1].slice(0, -1);
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':').filter((x) => x !== '').map((x) => parseInt(x, 16)) : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':').map((x) => parseInt(x, 16)) : [];
  const fill = 8 - h.length - r.length - tail.length;
  const groups = [...h, ...(rest !== undefined ? Array(Math.max(fill, 0)).fill(0) : []), ...r, ...tail];
  return groups.reduce((a, g) => (a << 16n) | BigInt(g), 0n);
}

export function parseCidr(s: string): Prefix | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const len = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]{0,2})$/.test(len)) return undefined;
  const bits = Number(len);
  if (bits > (ip.family === 4 ? 32 : 128)) return undefined;
  return {family: ip.family, addr: ip.addr, bits, text: s};
}

function width(p: Prefix): number {
  return p.family === 4 ? 32 : 128;
}

export function network(p: Prefix): bigint {
  const host = width(p) - p.bits;
  return (p.addr >> BigInt(host)) << BigInt(host);
}

export function hasHostBits(p: Prefix): boolean {
  return network(p) !== p.addr;
}

/** Does `outer` contain all of `inner` (same family)? */
export function contains(outer: Prefix, inner: Prefix): boolean {
  if (outer.family !== inner.family || inner.bits < outer.bits) return false;
  const shift = BigInt(width(outer) - outer.bits);
  return inner.addr >> shift === outer.addr >> shift;
}

/** "10.0.0.1/8" → "10.0.0.0/8" (for hints). */
export function formatNetwork(p: Prefix): string {
  const n = network(p);
  if (p.family === 4) return `${[24n, 16n, 8n, 0n].map((s) => (n >> s) & 255n).join('.')}/${p.bits}`;
  const groups = Array.from({length: 8}, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  const text = groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
  return `${text}/${p.bits}`;
}
