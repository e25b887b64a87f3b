// The ring-buffer record written by bpf/flow.bpf.c (struct axon_flow_event in
// bpf/include/axon_flow.h): fixed offsets, decoded without allocation beyond the result.
export const EVENT_SIZE = 64;

export const MSG_DROP = 1;
export const MSG_TRACE = 4;
export const MSG_POLICY_VERDICT = 5;

export const OBS_TO_ENDPOINT = 0;
export const OBS_FROM_ENDPOINT = 5;

export const EV_REPLY = 0x01;
export const EV_REPLY_KNOWN = 0x02;
export const EV_INGRESS = 0x04;
export const EV_IPV6 = 0x08;
export const EV_NEW = 0x10;

export const ID_HOST = 1;
export const ID_WORLD = 2;

export interface RawEvent {
  tsNs: number; // CLOCK_MONOTONIC (a double: exact for 104 days of uptime, 2 ns steps after)
  source: string;
  destination: string;
  sport: number; // ICMP: type
  dport: number; // ICMP: code
  ifindex: number;
  srcIdentity: number;
  dstIdentity: number;
  epId: number;
  type: number;
  subType: number;
  proto: number;
  tcpFlags: number;
  flags: number;
  matchType: number;
}

// Few distinct addresses repeat in every flow: keep their text instead of building it each time.
let ipv4Text = new Map<number, string>();

function ipv4(v: DataView, off: number): string {
  const key = v.getUint32(off);
  let text = ipv4Text.get(key);
  if (text === undefined) {
    if (ipv4Text.size >= 65536) ipv4Text = new Map();
    text = `${key >>> 24}.${(key >>> 16) & 255}.${(key >>> 8) & 255}.${key & 255}`;
    ipv4Text.set(key, text);
  }
  return text;
}

/** RFC 5952 text: lower-case hex, the longest run (>= 2) of zero groups as "::". */
export function ipv6(v: DataView, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(v.getUint16(off + i * 2));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

/** Decodes the record at byte offset off of v (little-endian host, as the kernel writes it). */
export function decodeEvent(v: DataView, off: number): RawEvent {
  const flags = v.getUint8(off + 62);
  const addr = flags & EV_IPV6 ? ipv6 : ipv4;
  return {
    tsNs: v.getUint32(off, true) + v.getUint32(off + 4, true) * 4294967296,
    source: addr(v, off + 8),
    destination: addr(v, off + 24),
    sport: v.getUint16(off + 40, true),
    dport: v.getUint16(off + 42, true),
    ifindex: v.getUint32(off + 44, true),
    srcIdentity: v.getUint32(off + 48, true),
    dstIdentity: v.getUint32(off + 52, true),
    epId: v.getUint16(off + 56, true),
    type: v.getUint8(off + 58),
    subType: v.getUint8(off + 59),
    proto: v.getUint8(off + 60),
    tcpFlags: v.getUint8(off + 61),
    flags,
    matchType: v.getUint8(off + 63),
  };
}

/** The inverse of decodeEvent, for tests and the bench (addresses as 4 or 16 bytes). */
export function encodeEvent(e: Omit<RawEvent, 'source' | 'destination'> & {source: Uint8Array; destination: Uint8Array}): Buffer {
  const b = Buffer.alloc(EVENT_SIZE);
  b.writeBigUInt64LE(BigInt(e.tsNs), 0);
  b.set(e.source, 8);
  b.set(e.destination, 24);
  b.writeUInt16LE(e.sport, 40);
  b.writeUInt16LE(e.dport, 42);
  b.writeUInt32LE(e.ifindex, 44);
  b.writeUInt32LE(e.srcIdentity, 48);
  b.writeUInt32LE(e.dstIdentity, 52);
  b.writeUInt16LE(e.epId, 56);
  b.writeUInt8(e.type, 58);
  b.writeUInt8(e.subType, 59);
  b.writeUInt8(e.proto, 60);
  b.writeUInt8(e.tcpFlags, 61);
  b.writeUInt8(e.flags, 62);
  b.writeUInt8(e.matchType, 63);
  return b;
}
