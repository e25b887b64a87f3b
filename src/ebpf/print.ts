// Pure printers for `axon bpf load|unload|list|map dump` (data → string). Colour only when asked;
// the words are the same on a terminal and in a pipe.
import {Chalk} from 'chalk';
import {formatTabwriter} from '../render/tabwriter.js';
import type {EntryState} from './inspect.js';
import type {LoadPlan, LoadResult} from './load.js';
import type {MapDump} from './maps.js';
import type {UnloadResult} from './unload.js';

export interface PrintOptions {
  color: boolean;
}

const TABLE = {minwidth: 2, padding: 2};
const chalkFor = (o: PrintOptions) => new Chalk({level: o.color ? 1 : 0});

interface Where {
  kind: string;
  direction: string;
  iface: string;
  netns?: string;
  priority?: number;
  handle?: number;
}

export function formatWhere(a: Where): string {
  const tc = a.kind === 'tc' && a.priority !== undefined ? ` (prio ${a.priority}, handle ${a.handle})` : '';
  return `${a.kind} ${a.direction} on ${a.iface}${a.netns ? ` in netns ${a.netns}` : ''}${tc}`;
}

function globalsLine(plan: LoadPlan): string[] {
  return plan.globals.map((g) => `  global   ${g.name} = ${g.value} (${g.section}${g.changed ? `, default ${g.default}` : ''})`);
}

export function formatPlan(plan: LoadPlan, o: PrintOptions): string {
  const c = chalkFor(o);
  const lines = [
    `${c.bold('Plan')} (dry run: nothing was loaded)`,
    `  object   ${plan.object}`,
    ...plan.programs.map((p) => `  program  ${p.name} (section ${p.section}, ${p.type})`),
    `  attach   ${formatWhere(plan.attach)}${plan.attach.reason ? ` — ${plan.attach.reason}` : ''}`,
    ...globalsLine(plan),
    ...plan.maps.map((m) => `  map      ${m.name} (${m.type}, key ${m.keySize} B, value ${m.valueSize} B, max ${m.maxEntries})`),
    `  pins     ${plan.root}/<id>/`,
  ];
  return lines.join('\n');
}

export function formatLoad(r: LoadResult, o: PrintOptions): string {
  const c = chalkFor(o);
  const lines = [`${c.bold(r.id)}: loaded ${r.object}`];
  for (const a of r.attachments) {
    const p = r.loaded.find((x) => x.name === a.program);
    lines.push(`  ${c.green('attached')} ${a.program} (program id ${p?.id}${a.linkId ? `, link id ${a.linkId}` : ''}) with ${formatWhere(a)}`);
  }
  if (r.attach.reason) lines.push(`  note     ${r.attach.reason}`);
  lines.push(...globalsLine(r));
  lines.push(`  maps     ${r.pinnedMaps.map((m) => `${m.name} (id ${m.id})`).join(', ')}`);
  lines.push(`  pinned   ${r.dir}`);
  lines.push(`Remove with: axon bpf unload ${r.id}`);
  return lines.join('\n');
}

export function formatUnload(r: UnloadResult, o: PrintOptions): string {
  const c = chalkFor(o);
  if (!r.unloaded.length) return 'Nothing to unload.';
  return r.unloaded
    .map((u) => {
      const det = u.attachments.length ? u.attachments.map((a) => `${a.program} from ${formatWhere(a)}`).join('; ') : 'nothing was attached';
      return `${c.bold(u.id)}: detached ${det}; unpinned; the kernel freed its programs, maps and links (${u.freedMs} ms)`;
    })
    .join('\n');
}

export function formatList(entries: EntryState[], o: PrintOptions & {root: string}): string {
  const c = chalkFor(o);
  if (!entries.length) return `No eBPF objects loaded by axon (under ${o.root}).`;
  const rows = ['ID\tPROGRAM\tPROG ID\tATTACHED\tMAPS\tSTATE'];
  for (const e of entries) {
    const maps = e.maps.map((m) => m.name).join(',') || '-';
    const state = e.stale.length ? c.yellow(`stale: ${e.stale.join('; ')}`) : c.green(e.ownerPid ? `ok (owned by pid ${e.ownerPid})` : 'ok');
    const progs = e.programs.length ? e.programs : [{name: '-', id: 0}];
    for (const p of progs) {
      const atts = e.attachments.filter((a) => a.program === p.name);
      const where = atts.length ? atts.map((a) => `${formatWhere(a)}${a.linkId ? ` [link ${a.linkId}]` : ''}`).join(', ') : '-';
      rows.push(`${e.id}\t${p.name}\t${p.id || '-'}\t${where}\t${maps}\t${state}`);
    }
  }
  return formatTabwriter(rows.join('\n') + '\n', TABLE).trimEnd();
}

export function formatMapDump(d: MapDump, _o: PrintOptions): string {
  const head = `${d.id}/${d.map}: ${d.type}, key ${d.keySize} B, value ${d.valueSize} B, ${d.entries.length} of ${d.maxEntries} entries`;
  if (!d.entries.length) return head;
  const rows = ['KEY\tVALUE', ...d.entries.map((e) => `${e.key}\t${e.value}`)];
  return `${head}\n${formatTabwriter(rows.join('\n') + '\n', TABLE).trimEnd()}`;
}
