// Host-scope IPv4 IPAM over the pod CIDR: the first usable address is the router (host side of
// every pod's route), pods get the rest. Allocations carry an owner ("ns/pod", "router").
import {UsageError} from '../errors.js';

export function ipToInt(ip: string): number {
  const p = ip.split('.');
  if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) throw new UsageError(`invalid IPv4 address "${ip}"`);
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface Cidr {
  text: string;
  base: number;
  bits: number;
  size: number;
}

export function parseCidr(text: string): Cidr {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid pod CIDR "${text}": want a.b.c.d/len`, {hint: 'for example --pod-cidr 10.200.0.0/16'});
  const bits = Number(m[2]);
  if (bits < 8 || bits > 30) throw new UsageError(`invalid pod CIDR "${text}": prefix length must be 8..30 (router + at least one pod)`);
  const size = 2 ** (32 - bits);
  const base = ipToInt(m[1]);
  if (base % size !== 0) throw new UsageError(`invalid pod CIDR "${text}": host bits are set`, {hint: `use ${intToIp(base - (base % size))}/${bits}`});
  return {text: `${intToIp(base)}/${bits}`, base, bits, size};
}

export class IpamExhaustedError extends Error {}
export class IpamConflictError extends Error {}

export class Ipam {
  readonly cidr: Cidr;
  readonly router: string;
  private readonly owners = new Map<string, string>();

  constructor(cidrText: string, restored: Record<string, string> = {}) {
    this.cidr = parseCidr(cidrText);
    this.router = intToIp(this.cidr.base + 1);
    for (const [ip, owner] of Object.entries(restored)) if (this.contains(ip) && ip !== this.router) this.owners.set(ip, owner);
    this.owners.set(this.router, 'router');
  }

  contains(ip: string): boolean {
    try {
      const n = ipToInt(ip);
      return n > this.cidr.base && n < this.cidr.base + this.cidr.size - 1;
    } catch {
      return false;
    }
  }

  /** Usable addresses: the CIDR minus network and broadcast (the router takes one of them). */
  get capacity(): number {
    return this.cidr.size - 2;
  }

  allocateNext(owner: string): string {
    for (let n = this.cidr.base + 2; n < this.cidr.base + this.cidr.size - 1; n++) {
      const ip = intToIp(n);
      if (!this.owners.has(ip)) {
        this.owners.set(ip, owner);
        return ip;
      }
    }
    throw new IpamExhaustedError(`range is full: all ${this.capacity} addresses of ${this.cidr.text} are allocated`);
  }

  allocate(ip: string, owner: string): void {
    if (!this.contains(ip)) throw new IpamConflictError(`IP ${ip} is not in the pod CIDR ${this.cidr.text}`);
    if (this.owners.has(ip)) throw new IpamConflictError(`IP ${ip} is already allocated to ${this.owners.get(ip)}`);
    this.owners.set(ip, owner);
  }

  release(ip: string): boolean {
    if (ip === this.router) return false;
    return this.owners.delete(ip);
  }

  setOwner(ip: string, owner: string): void {
    if (this.owners.has(ip)) this.owners.set(ip, owner);
  }

  owner(ip: string): string | undefined {
    return this.owners.get(ip);
  }

  allocations(): Record<string, string> {
    return Object.fromEntries([...this.owners].sort(([a], [b]) => ipToInt(a) - ipToInt(b)));
  }

  /** The persisted form: pod allocations only (the router is implied). */
  toJSON(): Record<string, string> {
    return Object.fromEntries([...this.owners].filter(([ip]) => ip !== this.router));
  }
}
