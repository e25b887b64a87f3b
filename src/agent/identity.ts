// Security identities: Cilium's reserved numbers, and one numeric identity (>= 256) per
// distinct set of security labels, reference-counted by endpoints and kept across restarts.
export const RESERVED_IDENTITIES: Record<number, string> = {
  0: 'unknown',
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};
export const MIN_IDENTITY = 256;
export const MAX_IDENTITY = 65535;

export interface IdentityRecord {
  id: number;
  labels: string[];
}

export function labelKey(labels: string[]): string {
  return [...new Set(labels)].sort().join(';');
}

export class IdentityAllocator {
  private readonly byKey = new Map<string, IdentityRecord>();
  private readonly byId = new Map<number, IdentityRecord>();

  constructor(restored: IdentityRecord[] = []) {
    for (const r of restored) if (r.id >= MIN_IDENTITY && r.id <= MAX_IDENTITY) this.add({id: r.id, labels: [...new Set(r.labels)].sort()});
  }

  private add(r: IdentityRecord): void {
    this.byKey.set(labelKey(r.labels), r);
    this.byId.set(r.id, r);
  }

  /** The identity of a label set, allocating the lowest free number when it is new. */
  allocate(labels: string[]): IdentityRecord {
    const key = labelKey(labels);
    const have = this.byKey.get(key);
    if (have) return have;
    for (let id = MIN_IDENTITY; id <= MAX_IDENTITY; id++) {
      if (!this.byId.has(id)) {
        const r = {id, labels: [...new Set(labels)].sort()};
        this.add(r);
        return r;
      }
    }
    throw new Error(`identity range ${MIN_IDENTITY}-${MAX_IDENTITY} is exhausted`);
  }

  get(id: number): IdentityRecord | undefined {
    if (RESERVED_IDENTITIES[id] !== undefined) return {id, labels: [`reserved:${RESERVED_IDENTITIES[id]}`]};
    return this.byId.get(id);
  }

  /** Drop identities no endpoint uses any more. */
  gc(inUse: Set<number>): void {
    for (const [id, r] of this.byId) {
      if (!inUse.has(id)) {
        this.byId.delete(id);
        this.byKey.delete(labelKey(r.labels));
      }
    }
  }

  list(): IdentityRecord[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }
}
