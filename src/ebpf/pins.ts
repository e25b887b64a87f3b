// bpffs layout owned by axon: one directory per `axon bpf load`, <root>/<id>/ (root from
// bpffsRoot(): /sys/fs/bpf/axon, or AXON_BPFFS_ROOT). The directory is the only state:
//   prog_<name>        the loaded programs
//   map_<name>         their maps (.rodata etc. as map_rodata)
//   att,kind=...,...   one per attachment: the pinned link (tcx, xdp) or, for tc filters (which
//                      netlink keeps without pins), a second pin of the program; the name records
//                      where it is attached, so list/unload need no database.
// bpffs refuses names with a dot, so pin names never have one (map_rodata, %2E in records).
// A load builds its directory as <root>/_partial-<pid>-<base> and renames it into place when done;
// a partial directory whose process is gone is an interrupted load (see sweepable()).
import {mkdirSync, readdirSync, renameSync, rmdirSync, statfsSync, unlinkSync, existsSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {bpffsRoot} from '../defaults.js';
import {AxonError, NotFoundError, NotSupportedError, PermissionError, UsageError} from '../errors.js';
import type {AttachKind} from './elf.js';

export const BPF_FS_MAGIC = 0xcafe4a11;
export type Direction = 'ingress' | 'egress';

export interface AttachRecord {
  kind: AttachKind;
  program: string;
  iface: string;
  ifindex: number;
  /** network namespace name (ip netns), undefined for the root namespace */
  netns?: string;
  direction: Direction;
  /** tc only */
  handle?: number;
  priority?: number;
  /** tc only: whether axon created the clsact qdisc (then unload may delete it when empty) */
  qdisc?: 'created' | 'existing';
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PARTIAL_RE = /^_partial-(\d+)-(.+)$/;
/** a pin naming the live process that owns the directory (used by the agent's datapath) */
export const OWNER_RE = /^owner,pid=(\d+)$/;

export function validateId(id: string): string {
  if (!ID_RE.test(id)) throw new UsageError(`invalid id "${id}"`, {hint: 'ids look like drop_port-1; list them with "axon bpf list"'});
  return id;
}

/** The id base of an object path: bpf/drop_port.bpf.o → drop_port. */
export function idBase(objectPath: string): string {
  const b = basename(objectPath).replace(/\.bpf\.o$|\.o$/, '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  return /^[A-Za-z0-9]/.test(b) ? b : `obj${b}`;
}

export function recordName(r: AttachRecord): string {
  const parts: Array<[string, string | number | undefined]> = [
    ['kind', r.kind], ['prog', r.program], ['ns', r.netns ?? '-'], ['if', r.iface], ['ifindex', r.ifindex], ['dir', r.direction],
    ['handle', r.handle], ['prio', r.priority], ['qdisc', r.qdisc],
  ];
  const enc = (v: string) => encodeURIComponent(v).replace(/\./g, '%2E');
  return ['att', ...parts.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${enc(String(v))}`)].join(',');
}

export function parseRecordName(name: string): AttachRecord | undefined {
  if (!name.startsWith('att,')) return undefined;
  const kv = new Map(name.slice(4).split(',').map((p) => {
    const eq = p.indexOf('=');
    return [p.slice(0, eq), decodeURIComponent(p.slice(eq + 1))] as [string, string];
  }));
  const kind = kv.get('kind') as AttachKind | undefined;
  const dir = kv.get('dir') as Direction | undefined;
  if (!kind || !['tcx', 'tc', 'xdp'].includes(kind) || !dir || !kv.get('prog') || !kv.get('if')) return undefined;
  const num = (k: string) => (kv.has(k) ? Number(kv.get(k)) : undefined);
  const r: AttachRecord = {kind, program: kv.get('prog')!, iface: kv.get('if')!, ifindex: num('ifindex') ?? 0, direction: dir};
  if (kv.get('ns') && kv.get('ns') !== '-') r.netns = kv.get('ns');
  if (kv.has('handle')) r.handle = num('handle');
  if (kv.has('prio')) r.priority = num('prio');
  if (kv.has('qdisc')) r.qdisc = kv.get('qdisc') as 'created' | 'existing';
  return r;
}

export const progPinName = (program: string) => `prog_${program}`;
/** .rodata → map_rodata */
export const mapPinName = (map: string) => `map_${map.replace(/^\./, '')}`;
/** map_rodata → .rodata, map_drop_count → drop_count */
export const mapNameOfPin = (pin: string) => {
  const n = pin.slice(4);
  return ['rodata', 'data', 'bss'].includes(n) ? `.${n}` : n;
};

/** The bpffs root, checked to be on a mounted bpffs and created if needed. */
export function ensureRoot(root = bpffsRoot()): string {
  let probe = root;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  let type: number;
  try {
    type = statfsSync(probe).type;
  } catch (e) {
    throw new AxonError(`bpffs root ${root}: ${(e as Error).message}`, {cause: e});
  }
  if (type !== BPF_FS_MAGIC) {
    throw new NotSupportedError(`bpffs is not mounted at ${probe === root ? root : dirname(root)}: pins (which keep programs attached after axon exits) need it`, {
      hint: 'mount it with "mount -t bpf bpf /sys/fs/bpf" (as root), or point AXON_BPFFS_ROOT at a directory on a mounted bpffs',
    });
  }
  try {
    mkdirSync(root, {recursive: true, mode: 0o700});
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EACCES' || (e as NodeJS.ErrnoException).code === 'EPERM') {
      throw new PermissionError(`cannot create ${root}: ${(e as NodeJS.ErrnoException).code}`, {hint: 'run as root (eBPF needs CAP_BPF and CAP_NET_ADMIN)'});
    }
    throw new AxonError(`cannot create ${root}: ${(e as Error).message}`, {cause: e});
  }
  return root;
}

export interface PinEntry {
  id: string;
  dir: string;
  /** an unfinished load's directory; pid of the process that built it */
  partial?: {pid: number; alive: boolean};
  /** a long-running owner (the agent's datapath pins `owner,pid=N`): unload --all leaves it alone while it lives */
  owner?: {pid: number; alive: boolean};
  /** pin names, sorted */
  pins: string[];
}

/** Whether a process exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every entry under root, finished ones and partial ones, sorted by id (byte order). */
export function listEntries(root = bpffsRoot()): PinEntry[] {
  if (!existsSync(root)) return [];
  const out: PinEntry[] = [];
  for (const name of readdirSync(root).sort(byName)) {
    const dir = join(root, name);
    const m = PARTIAL_RE.exec(name);
    let pins: string[];
    try {
      pins = readdirSync(dir).sort(byName);
    } catch {
      continue; // a pin directly under root, or removed meanwhile
    }
    const owner = pins.map((p) => OWNER_RE.exec(p)).find(Boolean);
    const own = owner ? {owner: {pid: Number(owner[1]), alive: pidAlive(Number(owner[1]))}} : {};
    if (m) out.push({id: m[2], dir, partial: {pid: Number(m[1]), alive: pidAlive(Number(m[1]))}, pins, ...own});
    else out.push({id: name, dir, pins, ...own});
  }
  return out.sort((a, b) => byName(a.id, b.id) || Number(!!a.partial) - Number(!!b.partial));
}

/** The finished entry with this id, or NotFoundError listing the ids there are. */
export function findEntry(id: string, root = bpffsRoot()): PinEntry {
  validateId(id);
  const all = listEntries(root);
  const e = all.find((x) => x.id === id && !x.partial);
  if (!e) {
    const ids = all.filter((x) => !x.partial).map((x) => x.id);
    throw new NotFoundError(`no axon eBPF load with id "${id}" under ${root} (${ids.length ? `has: ${ids.join(', ')}` : 'none loaded'})`, {hint: 'list them with "axon bpf list"'});
  }
  return e;
}

/** A load's directory under construction; commit() renames it to <root>/<id>, picking the next free id on collision. */
export class PinDir {
  readonly dir: string;
  private committed?: string;

  constructor(readonly root: string, readonly base: string) {
    this.dir = join(root, `_partial-${process.pid}-${base}`);
    mkdirSync(this.dir, {mode: 0o700});
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  commit(): {id: string; dir: string} {
    const taken = new Set(listEntries(this.root).map((e) => e.id));
    for (let n = 1; n < 10_000; n++) {
      const id = `${this.base}-${n}`;
      if (taken.has(id)) continue;
      const target = join(this.root, id);
      try {
        mkdirSync(target, {mode: 0o700}); // claim the id atomically; rename replaces the empty directory
        renameSync(this.dir, target);
        this.committed = target;
        return {id, dir: target};
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw e;
      }
    }
    throw new AxonError(`no free id for ${this.base} under ${this.root}`);
  }

  /** Removes the directory and its pins (the kernel objects go when nothing else holds them). */
  discard(): void {
    removePinDir(this.committed ?? this.dir);
  }
}

export function removePinDir(dir: string): void {
  if (!existsSync(dir)) return;
  for (const p of readdirSync(dir)) unlinkSync(join(dir, p));
  rmdirSync(dir);
}
