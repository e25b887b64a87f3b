// An eBPF object file read into a pure, deterministic spec: programs (section → program type and
// the ways axon can attach it), maps (from the BTF of SEC(".maps")) and global variables in
// .rodata/.data/.bss. Nothing here touches the kernel: --dry-run, completion and error messages
// need only this.
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {NotFoundError, UsageError, AxonError} from '../errors.js';
import {parseBtf, resolveSize, stripModifiers, type Btf} from './btf.js';

export type AttachKind = 'tcx' | 'tc' | 'xdp';
export type GlobalSection = '.rodata' | '.data' | '.bss';

export interface ProgramSpec {
  /** function name (the kernel keeps the first 15 characters) */
  name: string;
  section: string;
  /** libbpf program type name, e.g. sched_cls, xdp, kprobe; 'unknown' for sections libbpf 1.1 does not know */
  type: string;
  /** attach kinds `axon bpf load --attach` supports for this program, best first */
  attachTypes: AttachKind[];
  /** instructions (8 bytes each) */
  insns: number;
}

export interface MapSpec {
  name: string;
  /** lower-case BPF map type name without the prefix (hash, array, lru_hash, ringbuf...) or 'type N' */
  type: string;
  keySize: number;
  valueSize: number;
  maxEntries: number;
  /** .rodata/.data/.bss: created by libbpf from the section, named "<obj>.<section>" in the kernel */
  internal?: boolean;
}

export interface GlobalSpec {
  name: string;
  section: GlobalSection;
  size: number;
  offset: number;
  /** 'int' (with signedness), 'char[]' (string), or 'bytes' */
  kind: 'int' | 'char[]' | 'bytes';
  signed?: boolean;
  /** initial value bytes (zeros for .bss), hex */
  initial: string;
}

export interface BpfObjectSpec {
  path: string;
  license: string;
  programs: ProgramSpec[];
  maps: MapSpec[];
  globals: GlobalSpec[];
}

// libbpf 1.1 section names of the program types axon can attach, then a few common others
// (listed so the spec and the error messages name the type).
const SECTION_TYPES: Array<{prefix: string; exact?: boolean; type: string; attach: AttachKind[]}> = [
  {prefix: 'tc', exact: true, type: 'sched_cls', attach: ['tcx', 'tc']},
  {prefix: 'classifier', type: 'sched_cls', attach: ['tcx', 'tc']},
  {prefix: 'action', type: 'sched_act', attach: []},
  {prefix: 'xdp.frags', type: 'xdp', attach: ['xdp']},
  {prefix: 'xdp', type: 'xdp', attach: ['xdp']},
  {prefix: 'socket', type: 'socket_filter', attach: []},
  {prefix: 'kprobe/', type: 'kprobe', attach: []},
  {prefix: 'kretprobe/', type: 'kprobe', attach: []},
  {prefix: 'uprobe', type: 'kprobe', attach: []},
  {prefix: 'tracepoint/', type: 'tracepoint', attach: []},
  {prefix: 'tp/', type: 'tracepoint', attach: []},
  {prefix: 'raw_tracepoint/', type: 'raw_tracepoint', attach: []},
  {prefix: 'raw_tp/', type: 'raw_tracepoint', attach: []},
  {prefix: 'fentry/', type: 'tracing', attach: []},
  {prefix: 'fexit/', type: 'tracing', attach: []},
  {prefix: 'cgroup_skb/', type: 'cgroup_skb', attach: []},
  {prefix: 'cgroup/', type: 'cgroup', attach: []},
  {prefix: 'lsm/', type: 'lsm', attach: []},
  {prefix: 'perf_event', type: 'perf_event', attach: []},
];

export function sectionType(section: string): {type: string; attachTypes: AttachKind[]} {
  for (const s of SECTION_TYPES) {
    const hit = s.exact ? section === s.prefix : section === s.prefix || section.startsWith(s.prefix.endsWith('/') ? s.prefix : `${s.prefix}/`);
    if (hit) return {type: s.type, attachTypes: [...s.attach]};
  }
  return {type: 'unknown', attachTypes: []};
}

const MAP_TYPES = [
  'unspec', 'hash', 'array', 'prog_array', 'perf_event_array', 'percpu_hash', 'percpu_array', 'stack_trace',
  'cgroup_array', 'lru_hash', 'lru_percpu_hash', 'lpm_trie', 'array_of_maps', 'hash_of_maps', 'devmap', 'sockmap',
  'cpumap', 'xskmap', 'sockhash', 'cgroup_storage', 'reuseport_sockarray', 'percpu_cgroup_storage', 'queue', 'stack',
  'sk_storage', 'devmap_hash', 'struct_ops', 'ringbuf', 'inode_storage', 'task_storage', 'bloom_filter', 'user_ringbuf',
  'cgrp_storage',
];

export function mapTypeName(n: number): string {
  return MAP_TYPES[n] ?? `type ${n}`;
}

const EM_BPF = 247;
const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHF_EXECINSTR = 0x4;
const STT_OBJECT = 1;
const STT_FUNC = 2;
const STB_GLOBAL = 1;

interface Section {
  name: string;
  type: number;
  flags: bigint;
  offset: number;
  size: number;
  link: number;
  entsize: number;
}

interface Symbol {
  name: string;
  type: number;
  bind: number;
  shndx: number;
  value: number;
  size: number;
}

function cstr(buf: Buffer, off: number): string {
  const end = buf.indexOf(0, off);
  return buf.toString('latin1', off, end < 0 ? buf.length : end);
}

function bad(path: string, why: string): UsageError {
  return new UsageError(`${path}: ${why}`, {hint: 'pass an eBPF object compiled with "clang -target bpf" (e.g. bpf/drop_port.bpf.o, built by "make -C bpf")'});
}

function sections(path: string, b: Buffer): Section[] {
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46) throw bad(path, 'not an ELF file');
  if (b[4] !== 2) throw bad(path, 'not a 64-bit ELF file, so not an eBPF object');
  if (b[5] !== 1) throw bad(path, 'big-endian ELF; this host loads little-endian eBPF objects only');
  const machine = b.readUInt16LE(0x12);
  if (machine !== EM_BPF) throw bad(path, `an ELF file for machine ${machine}${machine === 62 ? ' (x86-64)' : machine === 183 ? ' (aarch64)' : ''}, not an eBPF object (machine 247)`);
  const shoff = Number(b.readBigUInt64LE(0x28));
  const shentsize = b.readUInt16LE(0x3a);
  const shnum = b.readUInt16LE(0x3c);
  const shstrndx = b.readUInt16LE(0x3e);
  if (shoff + shnum * shentsize > b.length || shentsize < 64) throw bad(path, 'truncated ELF section table');
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    raw.push({
      nameOff: b.readUInt32LE(o),
      type: b.readUInt32LE(o + 4),
      flags: b.readBigUInt64LE(o + 8),
      offset: Number(b.readBigUInt64LE(o + 0x18)),
      size: Number(b.readBigUInt64LE(o + 0x20)),
      link: b.readUInt32LE(o + 0x28),
      entsize: Number(b.readBigUInt64LE(o + 0x38)),
    });
  }
  const strtab = raw[shstrndx];
  if (!strtab) throw bad(path, 'ELF without a section name table');
  return raw.map((s) => {
    if (s.type !== SHT_NOBITS && s.offset + s.size > b.length) throw bad(path, 'truncated ELF section');
    return {name: cstr(b, strtab.offset + s.nameOff), type: s.type, flags: s.flags, offset: s.offset, size: s.size, link: s.link, entsize: s.entsize};
  });
}

function symbols(b: Buffer, secs: Section[]): Symbol[] {
  const symtab = secs.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return [];
  const strs = secs[symtab.link];
  const out: Symbol[] = [];
  for (let o = symtab.offset; o + 24 <= symtab.offset + symtab.size; o += 24) {
    const info = b[o + 4];
    out.push({
      name: cstr(b, strs.offset + b.readUInt32LE(o)),
      type: info & 0xf,
      bind: info >> 4,
      shndx: b.readUInt16LE(o + 6),
      value: Number(b.readBigUInt64LE(o + 8)),
      size: Number(b.readBigUInt64LE(o + 16)),
    });
  }
  return out;
}

/** Map definitions from BTF: DATASEC .maps → VAR → STRUCT of pointer members (libbpf's BTF map convention). */
function btfMaps(path: string, btf: Btf): MapSpec[] {
  const sec = btf.types.find((t) => t.kind === 'datasec' && t.name === '.maps');
  if (!sec || sec.kind !== 'datasec') return [];
  const maps: MapSpec[] = [];
  for (const v of sec.vars) {
    const variable = btf.types[v.type];
    if (variable?.kind !== 'var') continue;
    const def = stripModifiers(btf, variable.type);
    if (def?.kind !== 'struct') throw bad(path, `map ${variable.name}: BTF definition is not a struct`);
    const m: MapSpec = {name: variable.name, type: 'unspec', keySize: 0, valueSize: 0, maxEntries: 0};
    for (const member of def.members) {
      const ptr = stripModifiers(btf, member.type);
      if (ptr?.kind !== 'ptr') continue;
      const target = stripModifiers(btf, ptr.type);
      const count = target?.kind === 'array' ? target.nelems : 0;
      switch (member.name) {
        case 'type': m.type = mapTypeName(count); break;
        case 'max_entries': m.maxEntries = count; break;
        case 'key_size': m.keySize = count; break;
        case 'value_size': m.valueSize = count; break;
        case 'key': m.keySize = resolveSize(btf, ptr.type); break;
        case 'value': m.valueSize = resolveSize(btf, ptr.type); break;
        default: break;
      }
    }
    maps.push(m);
  }
  return maps;
}

function globalKind(btf: Btf | undefined, name: string, section: string): Pick<GlobalSpec, 'kind' | 'signed'> {
  if (!btf) return {kind: 'bytes'};
  for (const t of btf.types) {
    if (t.kind !== 'var' || t.name !== name) continue;
    const inSec = btf.types.some((d) => d.kind === 'datasec' && d.name === section && d.vars.some((v) => v.type === t.id));
    if (!inSec) continue;
    const ty = stripModifiers(btf, t.type);
    if (ty?.kind === 'int') return {kind: 'int', signed: ty.signed};
    if (ty?.kind === 'enum') return {kind: 'int', signed: false};
    if (ty?.kind === 'array') {
      const el = stripModifiers(btf, ty.elem);
      if (el?.kind === 'int' && el.size === 1) return {kind: 'char[]'};
    }
    return {kind: 'bytes'};
  }
  return {kind: 'bytes'};
}

/** Parse an object already in memory (pure). */
export function parseObject(path: string, b: Buffer): BpfObjectSpec {
  const secs = sections(path, b);
  const syms = symbols(b, secs);
  const btfSec = secs.find((s) => s.name === '.BTF');
  let btf: Btf | undefined;
  if (btfSec) {
    try {
      btf = parseBtf(b.subarray(btfSec.offset, btfSec.offset + btfSec.size));
    } catch (e) {
      throw bad(path, `invalid BTF: ${(e as Error).message}`);
    }
  }
  const programs: ProgramSpec[] = [];
  for (const s of syms) {
    const sec = secs[s.shndx];
    if (s.type !== STT_FUNC || s.bind !== STB_GLOBAL || !sec || (sec.flags & BigInt(SHF_EXECINSTR)) === 0n || sec.name === '.text') continue;
    programs.push({name: s.name, section: sec.name, ...sectionType(sec.name), insns: s.size / 8});
  }
  if (!programs.length) throw bad(path, 'eBPF object without programs (no global functions outside .text)');
  programs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const maps = btf ? btfMaps(path, btf) : [];
  const globals: GlobalSpec[] = [];
  for (const name of ['.rodata', '.data', '.bss'] as const) {
    const sec = secs.find((s) => s.name === name);
    if (!sec) continue;
    maps.push({name, type: 'array', keySize: 4, valueSize: sec.size, maxEntries: 1, internal: true});
    for (const s of syms) {
      if (secs[s.shndx] !== sec || s.type !== STT_OBJECT || s.bind !== STB_GLOBAL) continue;
      const initial = sec.type === SHT_NOBITS ? Buffer.alloc(s.size) : b.subarray(sec.offset + s.value, sec.offset + s.value + s.size);
      globals.push({name: s.name, section: name, size: s.size, offset: s.value, ...globalKind(btf, s.name, name), initial: initial.toString('hex')});
    }
  }
  maps.sort((a, b) => Number(!!a.internal) - Number(!!b.internal) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  globals.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const lic = secs.find((s) => s.name === 'license');
  return {path, license: lic ? cstr(b, lic.offset) : '', programs, maps, globals};
}

function readError(path: string, e: unknown): AxonError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new NotFoundError(`${path}: no such file`, {hint: 'build the objects with "make -C bpf", or check the path'});
  if (code === 'EISDIR') return bad(path, 'is a directory');
  return new AxonError(`${path}: ${(e as Error).message}`, {cause: e});
}

export async function readObject(path: string): Promise<BpfObjectSpec> {
  let b: Buffer;
  try {
    b = await readFile(path);
  } catch (e) {
    throw readError(path, e);
  }
  return parseObject(path, b);
}

export function readObjectSync(path: string): BpfObjectSpec {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch (e) {
    throw readError(path, e);
  }
  return parseObject(path, b);
}

/** The program named `name`, or a NotFoundError listing the alternatives. */
export function findProgram(spec: BpfObjectSpec, name: string): ProgramSpec {
  const p = spec.programs.find((x) => x.name === name);
  if (!p) throw new NotFoundError(`program "${name}" not found in ${spec.path} (has: ${spec.programs.map((x) => x.name).join(', ')})`, {hint: 'pass one of the listed names to --program'});
  return p;
}

/** The global named `name`, or a NotFoundError listing the alternatives. */
export function findGlobal(spec: BpfObjectSpec, name: string): GlobalSpec {
  const g = spec.globals.find((x) => x.name === name);
  if (!g) {
    const has = spec.globals.length ? spec.globals.map((x) => `${x.name} (${x.section})`).join(', ') : 'no global variables';
    throw new NotFoundError(`global "${name}" not found in ${spec.path} (has: ${has})`, {hint: 'variables in .rodata, .data or .bss can be set with --set NAME=VALUE'});
  }
  return g;
}
