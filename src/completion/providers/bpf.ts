// Live values for the bpf commands, from bpffs only (the kernel state, no database): load ids
// (one directory per `axon bpf load`), ID/MAP names of their pinned maps, and the program names
// of the object file given earlier on the line.
import {isAbsolute, join} from 'node:path';
import {bpffsRoot} from '../../defaults.js';
import {listEntries, mapNameOfPin, parseRecordName, type PinEntry} from '../../ebpf/pins.js';
import type {Candidate} from '../protocol.js';
import type {ProviderContext} from '../sources.js';

const finished = (ctx: ProviderContext) => listEntries(bpffsRoot(ctx.env)).filter((e) => !e.partial);

/** "drop_port tcx ingress on veth0 (ns blue)" for each attachment, else the programs. */
function describe(e: PinEntry): string {
  const atts = e.pins.map(parseRecordName).filter((r) => r !== undefined);
  if (atts.length) return atts.map((r) => `${r.program} ${r.kind} ${r.direction} on ${r.iface}${r.netns ? ` (ns ${r.netns})` : ''}`).join(', ');
  const progs = e.pins.filter((p) => p.startsWith('prog_')).map((p) => p.slice(5));
  return progs.length ? `${progs.join(', ')} (not attached)` : 'no pins';
}

export function pinIds(ctx: ProviderContext): Candidate[] {
  const given = new Set(ctx.args);
  return finished(ctx)
    .filter((e) => !given.has(e.id))
    .map((e) => ({value: e.id, description: describe(e)}));
}

export function pinMaps(ctx: ProviderContext): Candidate[] {
  return finished(ctx).flatMap((e) =>
    e.pins.filter((p) => p.startsWith('map_')).map((p) => ({value: `${e.id}/${mapNameOfPin(p)}`, description: `map of ${describe(e)}`})),
  );
}

export async function programNames(ctx: ProviderContext): Promise<Candidate[]> {
  const object = [...ctx.args, ...[...ctx.flags.values()].flat()].find((v) => v.endsWith('.o'));
  if (!object) return [];
  const {readObject} = await import('../../ebpf/elf.js');
  const spec = await readObject(isAbsolute(object) ? object : join(ctx.cwd, object));
  const given = new Set(ctx.flags.get('program') ?? []);
  return spec.programs.filter((p) => !given.has(p.name)).map((p) => ({value: p.name, description: `${p.section} (${p.type}; attach ${p.attachTypes.join('/')})`}));
}
