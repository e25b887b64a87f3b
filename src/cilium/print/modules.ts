// "Modules Health" of `status`: the summary line, or (--all-health/--verbose) the module tree.
// Rows come from the StateDB "health" table (GET /statedb/query).
import type {ModuleHealth} from '../types.js';
import {formatGoDuration, goCompare} from './go.js';

const LEVELS = ['Stopped', 'Degraded', 'OK'] as const;

/** `Modules Health:\tStopped(N) Degraded(N) OK(N)` and the empty line that follows it upstream. */
export function modulesSummary(rows: ModuleHealth[]): string {
  const n = (l: string) => rows.filter((r) => r.Level === l).length;
  return `Modules Health:\t${LEVELS.map((l) => `${l}(${n(l)})`).join(' ')}\n\n`;
}

interface TreeNode {
  name: string;
  children: Map<string, TreeNode>;
  rows: ModuleHealth[];
}

/** `Modules Health:` then the tree (`agent`, `├── controlplane`, `│   └── leaf  [OK] msg (age, xN)`), two empty columns in. */
export function modulesTree(rows: ModuleHealth[], now: number): string {
  const root: TreeNode = {name: '', children: new Map(), rows: []};
  for (const r of rows) {
    const path = [...(r.ID?.Module ?? []), ...(r.ID?.Component ?? [])];
    let node = root;
    for (const seg of path) {
      let child = node.children.get(seg);
      if (!child) node.children.set(seg, (child = {name: seg, children: new Map(), rows: []}));
      node = child;
    }
    node.rows.push(r);
  }
  const lines: string[] = [];
  const walk = (node: TreeNode, prefix: string, isLast: boolean, top: boolean) => {
    const branch = top ? '' : isLast ? '└── ' : '├── ';
    const status = node.rows.map((r) => `  [${(r.Level ?? '').toUpperCase()}] ${r.Message ?? ''}${r.Error ? ` -- ${r.Error}` : ''} (${age(r.Updated, now)}, x${r.Count ?? 0})`).join('');
    lines.push(`\t\t${prefix}${branch}${node.name}${status}`);
    const kids = [...node.children.values()].sort((a, b) => goCompare(a.name, b.name));
    const childPrefix = top ? '' : prefix + (isLast ? '    ' : '│   ');
    kids.forEach((k, i) => walk(k, childPrefix, i === kids.length - 1, false));
  };
  const tops = [...root.children.values()].sort((a, b) => goCompare(a.name, b.name));
  for (const t of tops) walk(t, '', true, true);
  return 'Modules Health:\n' + lines.map((l) => l + '\n').join('');
}

function age(ts: string | undefined, now: number): string {
  const t = ts ? Date.parse(ts) : NaN;
  if (Number.isNaN(t)) return 'never';
  return formatGoDuration(Math.max(0, Math.floor((now - t) / 1000)) * 1e9);
}
