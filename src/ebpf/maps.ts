// Map access by fd: lookup, update, delete and iteration (BPF_MAP_GET_NEXT_KEY), with per-CPU
// values sized as the kernel returns them (one 8-byte-aligned slot per possible CPU).
import {readFileSync} from 'node:fs';
import {bpffsRoot} from '../defaults.js';
import {NotFoundError, UsageError} from '../errors.js';
import {objectInfo, type MapInfo} from './info.js';
import {check, errnoName, libbpf, type LibbpfBindings} from './libbpf.js';
import {requireCapabilities} from './caps.js';
import {findEntry, mapNameOfPin, mapPinName} from './pins.js';

export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;
export const BPF_EXIST = 2;

const PERCPU = new Set(['percpu_hash', 'percpu_array', 'lru_percpu_hash', 'percpu_cgroup_storage']);

/** Number of possible CPUs (/sys/devices/system/cpu/possible, e.g. "0-1"). */
export function possibleCpus(text = readFileSync('/sys/devices/system/cpu/possible', 'utf8')): number {
  let n = 0;
  for (const part of text.trim().split(',')) {
    const [a, b] = part.split('-').map(Number);
    n += (b ?? a) - a + 1;
  }
  return n;
}

export class BpfMap {
  readonly valueBufSize: number;
  readonly percpu: boolean;

  constructor(readonly lib: LibbpfBindings, readonly fd: number, readonly info: MapInfo, readonly name = info.name) {
    this.percpu = PERCPU.has(info.type);
    this.valueBufSize = this.percpu ? Math.ceil(info.valueSize / 8) * 8 * possibleCpus() : info.valueSize;
  }

  private key(k: Buffer): Buffer {
    if (k.length !== this.info.keySize) throw new UsageError(`map ${this.name}: key must be ${this.info.keySize} bytes, got ${k.length}`);
    return k;
  }

  /** The value, or undefined when the key is absent. Per-CPU maps return all CPUs' slots. */
  lookup(key: Buffer): Buffer | undefined {
    const v = Buffer.alloc(this.valueBufSize);
    const rc = this.lib.bpf_map_lookup_elem(this.fd, this.key(key), v);
    if (rc < 0 && errnoName(rc) === 'ENOENT') return undefined;
    check(`map ${this.name}: lookup`, rc);
    return v;
  }

  update(key: Buffer, value: Buffer, flags = BPF_ANY): void {
    if (value.length !== this.valueBufSize) throw new UsageError(`map ${this.name}: value must be ${this.valueBufSize} bytes, got ${value.length}`);
    check(`map ${this.name}: update`, this.lib.bpf_map_update_elem(this.fd, this.key(key), value, flags));
  }

  /** false when the key was absent */
  delete(key: Buffer): boolean {
    const rc = this.lib.bpf_map_delete_elem(this.fd, this.key(key));
    if (rc < 0 && errnoName(rc) === 'ENOENT') return false;
    check(`map ${this.name}: delete`, rc);
    return true;
  }

  *keys(): Generator<Buffer> {
    let prev: Buffer | null = null;
    for (let i = 0; i <= this.info.maxEntries; i++) {
      const next = Buffer.alloc(this.info.keySize);
      const rc = this.lib.bpf_map_get_next_key(this.fd, prev, next);
      if (rc < 0 && errnoName(rc) === 'ENOENT') return;
      check(`map ${this.name}: next key`, rc);
      yield next;
      prev = next;
    }
  }

  /** Entries [key, value]; keys deleted concurrently are skipped. */
  *entries(): Generator<[Buffer, Buffer]> {
    for (const k of this.keys()) {
      const v = this.lookup(k);
      if (v) yield [k, v];
    }
  }

  close(): void {
    this.lib.close(this.fd);
  }
}

export function openMapFd(lib: LibbpfBindings, fd: number, name?: string): BpfMap {
  return new BpfMap(lib, fd, objectInfo(lib, fd, 'map'), name);
}

export function openPinnedMap(lib: LibbpfBindings, path: string, name?: string): BpfMap {
  const fd = check(`open pinned map ${path}`, lib.bpf_obj_get(path));
  return openMapFd(lib, fd, name);
}

export interface MapDump {
  id: string;
  map: string;
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  /** little-endian unsigned integers for 1/2/4/8-byte keys and values (per-CPU: summed), else hex */
  entries: Array<{key: number | string; value: number | string; keyHex: string; valueHex: string}>;
}

export function decodeLE(b: Buffer): number | string {
  if (b.length === 1 || b.length === 2 || b.length === 4) return b.readUIntLE(0, b.length);
  if (b.length === 8) {
    const v = b.readBigUInt64LE();
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  return `0x${b.toString('hex')}`;
}

function sumPerCpu(v: Buffer, valueSize: number): Buffer {
  const slot = Math.ceil(valueSize / 8) * 8;
  if (![1, 2, 4, 8].includes(valueSize)) return v.subarray(0, valueSize);
  let sum = 0n;
  for (let o = 0; o + slot <= v.length; o += slot) sum += valueSize === 8 ? v.readBigUInt64LE(o) : BigInt(v.readUIntLE(o, valueSize));
  const out = Buffer.alloc(valueSize);
  if (valueSize === 8) out.writeBigUInt64LE(BigInt.asUintN(64, sum));
  else out.writeUIntLE(Number(BigInt.asUintN(valueSize * 8, sum)), 0, valueSize);
  return out;
}

/** `axon bpf map dump ID/MAP`: the entries of a map pinned by `axon bpf load`, sorted by key bytes. */
export async function dumpMap(ref: string, root = bpffsRoot()): Promise<MapDump> {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) throw new UsageError(`"${ref}": expected ID/MAP (e.g. drop_port-1/drop_count)`, {hint: 'list ids and maps with "axon bpf list"'});
  requireCapabilities(undefined, 'reading eBPF maps');
  const id = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  const entry = findEntry(id, root);
  const maps = entry.pins.filter((p) => p.startsWith('map_')).map(mapNameOfPin);
  if (!maps.includes(name) && !maps.includes(`.${name}`)) throw new NotFoundError(`map "${name}" not found in ${id} (has: ${maps.join(', ') || 'no maps'})`);
  const lib = await libbpf();
  const m = openPinnedMap(lib, `${entry.dir}/${mapPinName(name)}`, name);
  try {
    const entries = [...m.entries()]
      .map(([k, v]) => [k, m.percpu ? sumPerCpu(v, m.info.valueSize) : v] as const)
      .sort(([a], [b]) => Buffer.compare(a, b))
      .map(([k, v]) => ({key: decodeLE(k), value: decodeLE(v), keyHex: k.toString('hex'), valueHex: v.toString('hex')}));
    return {id, map: name, type: m.info.type, keySize: m.info.keySize, valueSize: m.info.valueSize, maxEntries: m.info.maxEntries, entries};
  } finally {
    m.close();
  }
}
