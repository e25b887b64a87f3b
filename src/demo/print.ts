// Pure printers for `axon demo`.
import type {DemoPod, DownResult, TrafficEvent} from './index.js';

export function formatUp(pods: DemoPod[]): string {
  const w = Math.max(...pods.map((p) => `${p.namespace}/${p.name}`.length));
  const lines = pods.map((p) => `  ${`${p.namespace}/${p.name}`.padEnd(w)}  ${p.ip.padEnd(15)}  identity ${String(p.identity ?? '?').padEnd(5)}  netns ${p.netns}`);
  return [`Demo pods are up (${pods.length}):`, ...lines].join('\n');
}

export function formatTraffic(events: TrafficEvent[]): string {
  return events.map((e) => `${e.ok ? 'ok  ' : 'FAIL'}  ${e.kind.toUpperCase().padEnd(4)}  ${e.from} -> ${e.to}  ${e.detail}`).join('\n');
}

export function formatDown(r: DownResult): string {
  if (!r.removed.length && !r.problems.length) return 'The demo is not up: nothing to remove.';
  return [`Removed ${r.removed.length} demo pod(s): ${r.removed.join(', ')}`, ...r.problems.map((p) => `warning: ${p}`)].join('\n');
}
