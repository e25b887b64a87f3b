// `axon bpf load`: plan from the spec alone (what --dry-run prints), then load, attach and pin.
// Crash safety: programs, maps and tcx/xdp links are held by fds until everything succeeded;
// pins go into <root>/_partial-<pid>-<base> and are renamed into place last, so a load killed
// before that leaves nothing in the kernel, and one killed while pinning leaves a partial
// entry that list marks stale and the next load or unload removes.
import {release} from 'node:os';
import {bpffsRoot} from '../defaults.js';
import {UsageError, wrap} from '../errors.js';
import {findProgram, readObject, type AttachKind, type BpfObjectSpec, type ProgramSpec} from './elf.js';
import {formatGlobal, parseSets, type GlobalValue} from './globals.js';
import {attachTcx, kernelAtLeast, TCX_MIN_KERNEL} from './attach/tcx.js';
import {attachTc, TC_DEFAULT_PRIORITY, TC_HANDLE} from './attach/tc.js';
import {attachXdp} from './attach/xdp.js';
import {check, ifindex, inNetns, libbpf} from './libbpf.js';
import {load} from './loader.js';
import {sweepInterrupted} from './unload.js';
import type {AttachmentInfo, BpfLink} from './attach/link.js';
import {ensureRoot, idBase, mapPinName, PinDir, progPinName, type Direction} from './pins.js';
import {requireCapabilities} from './caps.js';

export interface LoadRequest {
  object: string;
  programs: string[];
  attach?: AttachKind;
  iface: string;
  direction: Direction;
  netns?: string;
  priority?: number;
  sets: string[];
  verbose?: boolean;
  /** allow the root namespace's lo/eth0 (refused by default) */
  allowHostInterface?: boolean;
  root?: string;
}

export interface LoadPlan {
  object: string;
  root: string;
  programs: Array<{name: string; section: string; type: string}>;
  attach: {kind: AttachKind; requested?: AttachKind; reason?: string; iface: string; netns?: string; direction: Direction; priority?: number; handle?: number};
  globals: Array<{name: string; section: string; value: string; default: string; changed: boolean}>;
  maps: Array<{name: string; type: string; keySize: number; valueSize: number; maxEntries: number}>;
}

export interface LoadResult extends LoadPlan {
  id: string;
  dir: string;
  loaded: Array<{name: string; id: number; tag: string}>;
  pinnedMaps: Array<{name: string; id: number}>;
  attachments: AttachmentInfo[];
}

/** Interfaces a mistake on which cuts the machine off (and the test machines' ssh). */
export const PROTECTED_HOST_INTERFACES = ['lo', 'eth0'];

function choosePrograms(spec: BpfObjectSpec, names: string[], attach?: AttachKind): ProgramSpec[] {
  if (names.length) return names.map((n) => findProgram(spec, n));
  const fits = spec.programs.filter((p) => (attach ? p.attachTypes.includes(attach) : p.attachTypes.length > 0));
  if (fits.length === 1) return fits;
  const has = spec.programs.map((p) => `${p.name} (${p.section})`).join(', ');
  throw new UsageError(`${spec.path} has ${fits.length ? `${fits.length} programs${attach ? ` for --attach ${attach}` : ''}` : 'no program axon can attach'}: pass --program (has: ${has})`, {hint: 'pass one of the listed names to --program'});
}

function chooseAttach(programs: ProgramSpec[], requested?: AttachKind): {kind: AttachKind; reason?: string} {
  for (const p of programs) {
    if (!p.attachTypes.length) throw new UsageError(`program ${p.name} is of type ${p.type} (section "${p.section}"): axon attaches tc (sched_cls) and xdp programs only`, {hint: 'load it with bpftool, or pick a SEC("tc") / SEC("xdp") program'});
    if (requested && !p.attachTypes.includes(requested) && !(requested === 'tcx' && p.attachTypes.includes('tc'))) {
      throw new UsageError(`program ${p.name} (${p.type}, section "${p.section}") cannot be attached with --attach ${requested} (supports: ${p.attachTypes.join(', ')})`, {hint: `use --attach ${p.attachTypes[0]}, or another --program`});
    }
  }
  const kinds = new Set(programs.map((p) => p.attachTypes[0]));
  if (!requested && kinds.size > 1) throw new UsageError(`the selected programs need different attach kinds (${[...kinds].join(', ')}): load them separately`, {hint: 'one "axon bpf load" per attach kind'});
  const kind = requested ?? programs[0].attachTypes[0];
  if (kind === 'tcx' && !kernelAtLeast(TCX_MIN_KERNEL)) return {kind: 'tc', reason: `tcx needs kernel ≥ ${TCX_MIN_KERNEL}, this is ${release()}: using tc clsact`};
  return {kind};
}

export function planLoad(spec: BpfObjectSpec, req: LoadRequest): {plan: LoadPlan; values: GlobalValue[]} {
  const programs = choosePrograms(spec, req.programs, req.attach);
  const {kind, reason} = chooseAttach(programs, req.attach);
  if (kind !== 'tc' && req.priority !== undefined && reason === undefined) throw new UsageError(`--priority applies to --attach tc only (${kind} appends after existing programs)`, {hint: 'drop --priority, or use --attach tc'});
  if (kind === 'xdp' && req.direction !== 'ingress') throw new UsageError('XDP runs on ingress only', {hint: 'drop --direction egress, or attach a tc program'});
  if (!req.netns && PROTECTED_HOST_INTERFACES.includes(req.iface) && !req.allowHostInterface) {
    throw new UsageError(`refusing to attach to the host's ${req.iface}: a program there can cut this machine off`, {hint: 'attach to an interface inside a namespace (--netns), or pass --allow-host-interface if you mean it'});
  }
  const values = parseSets(spec, req.sets);
  const plan: LoadPlan = {
    object: spec.path,
    root: req.root ?? bpffsRoot(),
    programs: programs.map((p) => ({name: p.name, section: p.section, type: p.type})),
    attach: {kind, ...(req.attach && req.attach !== kind ? {requested: req.attach} : {}), ...(reason ? {reason} : {}), iface: req.iface, ...(req.netns ? {netns: req.netns} : {}), direction: req.direction,
      ...(kind === 'tc' ? {priority: req.priority ?? TC_DEFAULT_PRIORITY, handle: TC_HANDLE} : {})},
    globals: spec.globals.map((g) => {
      const v = values.find((x) => x.global.name === g.name);
      return {name: g.name, section: g.section, value: formatGlobal(g, v?.bytes), default: formatGlobal(g), changed: !!v};
    }),
    maps: spec.maps.map(({name, type, keySize, valueSize, maxEntries}) => ({name, type, keySize, valueSize, maxEntries})),
  };
  return {plan, values};
}

export async function dryRun(req: LoadRequest): Promise<LoadPlan> {
  return planLoad(await readObject(req.object), req).plan;
}

/** AXON_BPF_STALL_AT=loaded|attached|pinned: stop there until killed (crash-safety tests only). */
async function stallPoint(step: 'loaded' | 'attached' | 'pinned'): Promise<void> {
  if (process.env.AXON_BPF_STALL_AT !== step) return;
  process.stderr.write(`stalled at ${step}\n`);
  await new Promise(() => setInterval(() => {}, 1000)); // until killed
}

export async function loadAndAttach(req: LoadRequest): Promise<LoadResult> {
  const spec = await readObject(req.object);
  const {plan, values} = planLoad(spec, req);
  requireCapabilities(req.netns);
  const root = ensureRoot(plan.root);
  await sweepInterrupted(root);
  // Name a missing namespace or interface before loading anything.
  const lib = await libbpf();
  inNetns(lib, req.netns, () => ifindex(lib, req.iface, req.netns));

  const obj = await load(spec, {programs: plan.programs.map((p) => p.name), globals: values, verbose: req.verbose});
  const links: BpfLink[] = [];
  let pins: PinDir | undefined;
  try {
    await stallPoint('loaded');
    const target = {iface: req.iface, netns: req.netns, direction: req.direction};
    // tc filters persist as soon as netlink adds them, so their record must exist first
    if (plan.attach.kind === 'tc') pins = new PinDir(root, idBase(spec.path));
    for (const p of obj.programs) {
      const ref = {fd: p.fd, id: p.info.id, name: p.spec.name};
      try {
        const link = plan.attach.kind === 'tcx' ? attachTcx(obj.lib, ref, target) : plan.attach.kind === 'xdp' ? attachXdp(obj.lib, ref, target) : attachTc(obj.lib, ref, target, {priority: plan.attach.priority});
        links.push(link);
        if (pins && link.record.kind === 'tc') link.pin(pins.dir);
      } catch (e) {
        throw wrap(`load ${spec.path}`, e);
      }
    }
    await stallPoint('attached');
    pins ??= new PinDir(root, idBase(spec.path));
    for (const p of obj.programs) check(`pin program ${p.spec.name}`, obj.lib.bpf_obj_pin(p.fd, pins.path(progPinName(p.spec.name))));
    for (const m of obj.maps) check(`pin map ${m.name}`, obj.lib.bpf_obj_pin(m.fd, pins.path(mapPinName(m.name))));
    for (const l of links) if (l.record.kind !== 'tc') l.pin(pins.dir);
    await stallPoint('pinned');
    const {id, dir} = pins.commit();
    return {
      ...plan,
      root,
      id,
      dir,
      loaded: obj.programs.map((p) => ({name: p.spec.name, id: p.info.id, tag: p.info.tag})),
      pinnedMaps: obj.maps.map((m) => ({name: m.name, id: m.info.id})),
      attachments: links.map((l) => l.info()),
    };
  } catch (e) {
    for (const l of links) {
      try {
        if (l.record.kind === 'tc') l.detach();
      } catch {
        // best effort: the error that got us here matters more
      }
    }
    pins?.discard();
    throw e;
  } finally {
    for (const l of links) l.close();
    await obj.close();
  }
}
