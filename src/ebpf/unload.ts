// `axon bpf unload`: detach every recorded attachment, unpin, remove a clsact qdisc axon created
// (when empty), then poll until the kernel has freed the programs, maps and links — freeing is
// asynchronous, so "unloaded" is only reported once it is true.
import {bpffsRoot} from '../defaults.js';
import {AxonError, UsageError, wrap} from '../errors.js';
import {openPinnedLink} from './attach/fdlink.js';
import {tcLink} from './attach/tc.js';
import {requireCapabilities} from './caps.js';
import {idAlive} from './info.js';
import {inspectEntry} from './inspect.js';
import {libbpf, type LibbpfBindings} from './libbpf.js';
import {ensureRoot, findEntry, listEntries, parseRecordName, removePinDir, type PinEntry} from './pins.js';

export interface UnloadedEntry {
  id: string;
  programs: string[];
  attachments: Array<{kind: string; program: string; iface: string; netns?: string; direction: string; priority?: number; handle?: number}>;
  /** ms until the kernel no longer held any of the objects */
  freedMs: number;
}

export interface UnloadResult {
  unloaded: UnloadedEntry[];
}

export const FREE_TIMEOUT_MS = 5000;

export async function unload(req: {ids?: string[]; all?: boolean; root?: string}): Promise<UnloadResult> {
  requireCapabilities(undefined, 'unloading eBPF');
  const root = ensureRoot(req.root ?? bpffsRoot());
  const entries: PinEntry[] = req.all
    ? listEntries(root).filter((e) => (!e.partial || !e.partial.alive) && !e.owner?.alive)
    : [...new Set(req.ids ?? [])].map((id) => findEntry(id, root));
  for (const e of entries) {
    if (e.owner?.alive) throw new UsageError(`${e.id} is in use by pid ${e.owner.pid} (an axon agent's datapath)`, {hint: 'stop that process; it removes its own programs'});
  }
  const lib = await libbpf();
  const out: UnloadedEntry[] = [];
  for (const e of entries) out.push(await unloadEntry(lib, e));
  return {unloaded: out};
}

/** Removes interrupted loads (their process is gone) under root. */
export async function sweepInterrupted(root: string): Promise<void> {
  const dead = listEntries(root).filter((e) => e.partial && !e.partial.alive);
  if (!dead.length) return;
  const lib = await libbpf();
  for (const e of dead) await unloadEntry(lib, e);
}

export async function unloadEntry(lib: LibbpfBindings, e: PinEntry): Promise<UnloadedEntry> {
  const prefix = `unload ${e.id}`;
  const state = inspectEntry(lib, e);
  const started = Date.now();
  try {
    for (const a of state.attachments) {
      const r = parseRecordName(a.pin.slice(a.pin.lastIndexOf('/') + 1))!;
      if (r.kind === 'tc') {
        tcLink(lib, r).detach();
      } else {
        const link = openPinnedLink(lib, a.pin, r);
        try {
          link.detach();
        } finally {
          link.close();
        }
      }
    }
    removePinDir(e.dir);
  } catch (err) {
    throw wrap(prefix, err);
  }
  const ids: Array<['prog' | 'map' | 'link', number]> = [
    ...state.programs.map((p) => ['prog', p.id] as ['prog', number]),
    ...state.maps.map((m) => ['map', m.id] as ['map', number]),
    ...state.attachments.filter((a) => a.linkId).map((a) => ['link', a.linkId!] as ['link', number]),
  ];
  let left = ids;
  while ((left = left.filter(([k, id]) => idAlive(lib, k, id))).length) {
    if (Date.now() - started > FREE_TIMEOUT_MS) {
      throw new AxonError(`${prefix}: unpinned, but after ${FREE_TIMEOUT_MS / 1000} s the kernel still holds ${left.map(([k, id]) => `${k} ${id}`).join(', ')}`, {
        hint: 'something else still holds them: a process with a file descriptor (see the pids in "bpftool prog show id N"), or a filter in a deleted network namespace that processes still keep alive',
      });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    id: e.id,
    programs: state.programs.map((p) => p.name),
    attachments: state.attachments.map(({kind, program, iface, netns, direction, priority, handle}) => ({kind, program, iface, ...(netns ? {netns} : {}), direction, ...(kind === 'tc' ? {priority, handle} : {})})),
    freedMs: Date.now() - started,
  };
}
