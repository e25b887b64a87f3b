// Key/value encodings of the endpoint, ipcache and policy maps (bpf/include/axon_flow.h) and a
// diff writer that keeps a map equal to a desired set with the fewest updates, so a policy
// change is a handful of map writes and never a program reload.
import {isIPv6} from 'node:net';
import {check, type LibbpfBindings} from '../ebpf/libbpf.js';
import type {PolicyEntry} from './policy-compile.js';

export function endpointKey(ifindex: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(ifindex);
  return b;
}

export function endpointValue(epId: number, identity: number, enforce: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(epId, 0);
  b.writeUInt32LE(identity, 4);
  b.writeUInt32LE(enforce, 8);
  return b;
}

function addrBytes(ip: string): Buffer {
  const out = Buffer.alloc(16);
  if (!isIPv6(ip)) {
    ip.split('.').forEach((x, i) => (out[i] = Number(x)));
    return out;
  }
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** LPM key for `ip/len` (len defaults to the full address). */
export function ipcacheKey(cidr: string): Buffer {
  const [ip, lenText] = cidr.split('/');
  const v6 = isIPv6(ip);
  const len = lenText === undefined ? (v6 ? 128 : 32) : Number(lenText);
  const b = Buffer.alloc(24);
  b.writeUInt32LE(32 + len, 0);
  b.writeUInt32LE(v6 ? 6 : 4, 4);
  addrBytes(ip).copy(b, 8);
  return b;
}

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export function policyKey(e: Pick<PolicyEntry, 'identity' | 'peer' | 'dport' | 'proto' | 'dir'>): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32LE(e.identity, 0);
  b.writeUInt32LE(e.peer, 4);
  b.writeUInt16LE(e.dport, 8);
  b.writeUInt8(e.proto, 10);
  b.writeUInt8(e.dir, 11);
  return b;
}

export function policyValue(e: Pick<PolicyEntry, 'action' | 'matchType' | 'reason'>): Buffer {
  return Buffer.from([e.action, e.matchType, e.reason, 0]);
}

/** Keeps one BPF map equal to the last desired set handed to sync(). */
export class MapWriter {
  private current = new Map<string, string>();

  constructor(private readonly lib: LibbpfBindings, private readonly fd: number, private readonly name: string) {}

  /** Writes changed and new entries first, then deletes stale ones; returns how many writes. */
  sync(desired: Array<[Buffer, Buffer]>): number {
    const next = new Map<string, string>();
    for (const [k, v] of desired) next.set(k.toString('hex'), v.toString('hex'));
    let writes = 0;
    for (const [k, v] of next) {
      if (this.current.get(k) === v) continue;
      check(`update ${this.name}`, this.lib.bpf_map_update_elem(this.fd, Buffer.from(k, 'hex'), Buffer.from(v, 'hex'), 0));
      writes++;
    }
    for (const k of this.current.keys()) {
      if (next.has(k)) continue;
      this.lib.bpf_map_delete_elem(this.fd, Buffer.from(k, 'hex'));
      writes++;
    }
    this.current = next;
    return writes;
  }

  get size(): number {
    return this.current.size;
  }
}
