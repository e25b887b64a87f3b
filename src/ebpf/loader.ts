// One spec → one live object: libbpf opens the file, globals are written into .rodata/.data/.bss,
// the selected programs are loaded (each with its own verifier log buffer), and the result holds
// file descriptors until close(). Only pins (pins.ts) outlive the process.
import {AxonError, UsageError} from '../errors.js';
import {findProgram, type BpfObjectSpec, type MapSpec, type ProgramSpec} from './elf.js';
import type {GlobalValue} from './globals.js';
import {check, checkPtr, errnoError, errnoName, libbpf, type LibbpfBindings, type Ptr} from './libbpf.js';
import {objectInfo, type MapInfo, type ProgInfo} from './info.js';
import {VerifierError} from './verifier.js';

export interface LoadOptions {
  /** programs to load (default: every program in the object) */
  programs?: string[];
  /** values for globals, from parseSets() */
  globals?: GlobalValue[];
  /** put the whole verifier log into a VerifierError, not only the summary */
  verbose?: boolean;
  /** verifier log buffer per program (default 1 MiB) */
  logSize?: number;
}

export interface LoadedProgram {
  spec: ProgramSpec;
  fd: number;
  info: ProgInfo;
}

export interface LoadedMap {
  /** the spec name (.rodata for internal maps) */
  name: string;
  spec?: MapSpec;
  fd: number;
  info: MapInfo;
}

export interface LoadedObject {
  spec: BpfObjectSpec;
  lib: LibbpfBindings;
  programs: LoadedProgram[];
  maps: LoadedMap[];
  program(name: string): LoadedProgram;
  map(name: string): LoadedMap;
  /** closes the libbpf object (all fds); attachments survive only through pins or tc filters */
  close(): Promise<void>;
}

const INTERNAL = ['.rodata', '.data', '.bss'] as const;

/** Loads `spec` into the kernel. Errors are prefixed "load <path>: ...". */
export async function load(spec: BpfObjectSpec, opts: LoadOptions = {}): Promise<LoadedObject> {
  const lib = await libbpf();
  const prefix = `load ${spec.path}`;
  const wanted = new Set((opts.programs?.length ? opts.programs : spec.programs.map((p) => p.name)).map((n) => findProgram(spec, n).name));
  lib.takeMessages();
  const obj = checkPtr(lib, `${prefix}: open`, lib.bpf_object__open_file(spec.path, null));
  let closed = false;
  const close = async () => {
    if (!closed) lib.bpf_object__close(obj);
    closed = true;
  };
  try {
    const logs = new Map<string, Buffer>();
    for (let p: Ptr = null; (p = lib.bpf_object__next_program(obj, p)); ) {
      const name = lib.bpf_program__name(p);
      if (!wanted.has(name)) {
        check(`${prefix}: program ${name}: set_autoload`, lib.bpf_program__set_autoload(p, false));
        continue;
      }
      // Log level stays 0: libbpf retries a failed load with level 1 into this buffer.
      const buf = Buffer.alloc(opts.logSize ?? 1 << 20);
      logs.set(name, buf);
      check(`${prefix}: program ${name}: set_log_buf`, lib.bpf_program__set_log_buf(p, buf, buf.length));
    }
    applyGlobals(lib, obj, prefix, opts.globals ?? []);

    const rc = lib.bpf_object__load(obj);
    if (rc < 0) throw loadError(lib, spec, prefix, rc, logs, !!opts.verbose);

    const programs: LoadedProgram[] = [];
    for (let p: Ptr = null; (p = lib.bpf_object__next_program(obj, p)); ) {
      const name = lib.bpf_program__name(p);
      if (!wanted.has(name)) continue;
      const fd = lib.bpf_program__fd(p);
      programs.push({spec: findProgram(spec, name), fd, info: objectInfo(lib, fd, 'prog')});
    }
    const maps: LoadedMap[] = [];
    for (let m: Ptr = null; (m = lib.bpf_object__next_map(obj, m)); ) {
      const kname = lib.bpf_map__name(m);
      const internal = INTERNAL.find((s) => kname.endsWith(s) && !spec.maps.some((x) => x.name === kname));
      const name = internal ?? kname;
      const fd = lib.bpf_map__fd(m);
      maps.push({name, spec: spec.maps.find((x) => x.name === name), fd, info: objectInfo(lib, fd, 'map')});
    }
    const loaded: LoadedObject = {
      spec,
      lib,
      programs,
      maps,
      program: (n) => programs.find((p) => p.spec.name === n) ?? (findProgram(spec, n), failNotLoaded(prefix, n)),
      map: (n) => {
        const m = maps.find((x) => x.name === n);
        if (!m) throw new UsageError(`${prefix}: map "${n}" not found (has: ${maps.map((x) => x.name).join(', ')})`);
        return m;
      },
      close,
    };
    return loaded;
  } catch (e) {
    await close();
    throw e;
  }
}

function failNotLoaded(prefix: string, name: string): never {
  throw new UsageError(`${prefix}: program ${name} was not selected for loading`);
}

function applyGlobals(lib: LibbpfBindings, obj: Ptr, prefix: string, values: GlobalValue[]): void {
  for (const section of INTERNAL) {
    const mine = values.filter((v) => v.global.section === section);
    if (!mine.length) continue;
    let map: Ptr = null;
    for (let m: Ptr = null; (m = lib.bpf_object__next_map(obj, m)); ) if (lib.bpf_map__name(m).endsWith(section)) map = m;
    if (!map) throw new AxonError(`${prefix}: libbpf created no ${section} map`);
    const size = [0];
    const ptr = checkPtr(lib, `${prefix}: ${section} initial value`, lib.bpf_map__initial_value(map, size));
    // Skeleton style: write into libbpf's copy of the section before load.
    const view = new Uint8Array(lib.koffi.view(ptr, size[0]));
    for (const v of mine) {
      if (v.global.offset + v.bytes.length > size[0]) throw new AxonError(`${prefix}: ${v.global.name} lies outside ${section}`);
      view.set(v.bytes, v.global.offset);
    }
  }
}

function loadError(lib: LibbpfBindings, spec: BpfObjectSpec, prefix: string, rc: number, logs: Map<string, Buffer>, verbose: boolean): AxonError {
  const messages = lib.takeMessages();
  for (const [name, buf] of logs) {
    const end = buf.indexOf(0);
    const log = buf.toString('utf8', 0, end < 0 ? buf.length : end);
    if (log.trim()) return new VerifierError(prefix, name, errnoName(rc), log, verbose);
  }
  // Not a verifier rejection: a map could not be created, BTF was refused, ...
  const last = messages.filter((m) => !/^libbpf: Error in bpf_object__probe|^libbpf: prog '.*': -- (BEGIN|END)/.test(m)).slice(-3);
  const e = errnoError(prefix, rc, errnoName(rc) === 'EPERM' ? undefined : `check the object with "bpftool prog loadall ${spec.path} /sys/fs/bpf/x"`);
  if (last.length) e.message += `\n  ${last.join('\n  ')}`;
  return e;
}
