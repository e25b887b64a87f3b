// Live values for the bpf commands: ids pinned under the bpffs root (one directory per
// `axon bpf load`) and program names of the object file given earlier on the line.
import {readdirSync} from 'node:fs';
import {isAbsolute, join} from 'node:path';
import {bpffsRoot} from '../../defaults.js';
import type {Candidate} from '../protocol.js';
import type {ProviderContext} from '../sources.js';

export function pinIds(ctx: ProviderContext): Candidate[] {
  const root = bpffsRoot(ctx.env);
  const given = new Set(ctx.args);
  return readdirSync(root, {withFileTypes: true})
    .filter((d) => d.isDirectory() && !given.has(d.name))
    .map((d) => {
      let pins: string[] = [];
      try {
        pins = readdirSync(join(root, d.name)).sort();
      } catch {
        // unreadable pin directory: still offer the id
      }
      return {value: d.name, description: pins.length ? `pinned: ${pins.join(', ')}` : 'no pins'};
    })
    .sort((a, b) => a.value.localeCompare(b.value, undefined, {numeric: true}));
}

export async function programNames(ctx: ProviderContext): Promise<Candidate[]> {
  const object = [...ctx.args, ...[...ctx.flags.values()].flat()].find((v) => v.endsWith('.o'));
  if (!object) return [];
  const {readObject} = await import('../../ebpf/elf.js');
  const spec = await readObject(isAbsolute(object) ? object : join(ctx.cwd, object));
  return spec.programs.map((p) => ({value: p.name, description: `${p.section} (${p.type})`}));
}
