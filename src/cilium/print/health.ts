// cilium-health status text (also the "Cluster health" section of `status`). The functions
// return tab-separated text for the status tabwriter (minwidth 2, padding 3); formatHealth()
// aligns it for the standalone `health` command.
import {escapeTerminal} from '../../flows/escape.js';
import {formatTabwriter, STATUS_TABWRITER} from '../../render/tabwriter.js';
import type {ConnectivityStatus, HealthStatusResponse, NodeStatus, PathStatus} from '../types.js';
import {formatGoDuration, goCompare as cmp} from './go.js';

export type Reach = 'reachable' | 'unreachable' | 'unknown';

/** Present with empty status = reachable, non-empty status = unreachable, absent = unknown. */
export function connectivityReach(cs: ConnectivityStatus | null | undefined): Reach {
  if (!cs) return 'unknown';
  return cs.status ? 'unreachable' : 'reachable';
}

/** A missing path is unreachable; else unreachable if either protocol is, else unknown if either is. */
export function pathReach(p: PathStatus | null | undefined): Reach {
  if (!p) return 'unreachable';
  let r: Reach = 'reachable';
  for (const cs of [p.icmp, p.http]) {
    const c = connectivityReach(cs);
    if (c === 'unreachable') return c;
    if (c === 'unknown') r = 'unknown';
  }
  return r;
}

interface PathSummary {
  reachable: number;
  unknown: number;
  total: number;
  healthy: boolean;
}

function summarize(parent: unknown, primary: PathStatus | null | undefined, secondaries: Array<PathStatus | null> | null | undefined): PathSummary {
  const s: PathSummary = {reachable: 0, unknown: 0, total: 0, healthy: true};
  if (!parent) return s;
  const all = [primary, ...(secondaries ?? [])];
  s.total = all.length;
  for (const p of all) {
    const r = pathReach(p);
    if (r === 'reachable') s.reachable++;
    else if (r === 'unknown') s.unknown++;
    else s.healthy = false;
  }
  return s;
}

function hostSummary(n: NodeStatus): PathSummary {
  return summarize(n.host, n.host?.['primary-address'], n.host?.['secondary-addresses']);
}

function endpointSummary(n: NodeStatus): PathSummary {
  return summarize(n['health-endpoint'], n['health-endpoint']?.['primary-address'], n['health-endpoint']?.['secondary-addresses']);
}

/** Healthy = no host path and no health-endpoint path unreachable (unknown counts as healthy). */
export function nodeHealthy(n: NodeStatus): boolean {
  return hostSummary(n).healthy && endpointSummary(n).healthy;
}

/** Nodes with at least one unreachable host or endpoint path (what `health --strict` fails on). */
export function unreachableNodes(hr: HealthStatusResponse): NodeStatus[] {
  return (hr.nodes ?? []).filter((n) => !nodeHealthy(n));
}

export interface HealthPrintOptions {
  /** List healthy nodes too. */
  allNodes: boolean;
  /** Per-path blocks instead of table rows. */
  verbose: boolean;
  /** Stop after this many printed nodes (0: upstream's quirk, see below; -1: no cap). */
  maxLines: number;
}

function connLine(cs: ConnectivityStatus, what: string, indent: string): string {
  const text = connectivityReach(cs) === 'reachable' ? `OK, RTT=${formatGoDuration(cs.latency ?? 0)}` : (cs.status ?? '');
  return `${indent}  ${what}:\t${text}\t(Last probed: ${cs.lastProbed ?? ''})\n`;
}

function pathBlock(name: string, p: PathStatus | null | undefined, indent: string): string {
  if (!p) return `${indent}${name} connectivity:\tnil\n`;
  let s = `${indent}${name} connectivity to ${p.ip ?? ''}:\n`;
  if (p.icmp) s += connLine(p.icmp, 'ICMP to stack', indent);
  if (p.http) s += connLine(p.http, 'HTTP to agent', indent);
  return s;
}

function count(s: PathSummary): string {
  return `${s.reachable}/${s.total}${s.unknown > 0 ? ` (${s.unknown} unknown)` : ''}`;
}

/** One node: verbose block, or a table row when unhealthy or allNodes; '' when not printed. */
function nodeText(n: NodeStatus, o: HealthPrintOptions, localhost: boolean): string {
  const name = `  ${n.name ?? ''}${localhost ? ' (localhost)' : ''}`;
  if (o.verbose) {
    let s = `${name}:\n`;
    s += pathBlock('Host', n.host?.['primary-address'], '    ');
    for (const a of n.host?.['secondary-addresses'] ?? []) s += pathBlock('Secondary Host', a, '    ');
    s += pathBlock('Endpoint', n['health-endpoint']?.['primary-address'], '    ');
    for (const a of n['health-endpoint']?.['secondary-addresses'] ?? []) s += pathBlock('Secondary Endpoint', a, '    ');
    return s;
  }
  const host = hostSummary(n);
  const ep = endpointSummary(n);
  if (host.healthy && ep.healthy && !o.allNodes) return '';
  let ip = n.host?.['primary-address'] ? (n.host['primary-address'].ip ?? '') : 'Unavailable';
  for (const a of n.host?.['secondary-addresses'] ?? []) if (a) ip += `,${a.ip ?? ''}`;
  return `${name}\t${ip}\t${count(host)}\t${count(ep)}\n`;
}

/**
 * The cluster-health table (tab-separated). Localhost first, then by name (byte order).
 * maxLines counts printed nodes including localhost; the check runs before each non-local
 * node, so maxLines 0 with a hidden localhost prints no rows at all (upstream quirk, kept).
 * `  ...` follows when nodes - printed - healthy > 0.
 */
export function healthTable(hr: HealthStatusResponse, o: HealthPrintOptions): string {
  const nodes = [...(hr.nodes ?? [])];
  const healthy = nodes.filter(nodeHealthy).length;
  const local = hr.local ? nodes.find((n) => n.name === hr.local!.name) : undefined;
  let s = `Cluster health:\t${healthy}/${nodes.length} reachable\t(${hr.timestamp ?? ''})\t(Probe interval: ${hr.probeInterval ?? ''})\n`;
  s += 'Name\tIP\tNode\tEndpoints\n';
  let printed = 0;
  if (local) {
    const t = nodeText(local, o, true);
    if (t) {
      s += t;
      printed++;
    }
  }
  nodes.sort((a, b) => cmp(a.name ?? '', b.name ?? ''));
  for (const n of nodes) {
    if (printed === o.maxLines) break;
    if (n === local) continue;
    const t = nodeText(n, o, false);
    if (t) {
      s += t;
      printed++;
    }
  }
  if (nodes.length - printed - healthy > 0) s += '  ...\n';
  return s;
}

/** The ≤1.16 `--succinct` layout: one line per node with reachable/unreachable words. */
export function healthTableSuccinct(hr: HealthStatusResponse): string {
  const nodes = [...(hr.nodes ?? [])];
  const healthy = nodes.filter(nodeHealthy).length;
  const local = hr.local ? nodes.find((n) => n.name === hr.local!.name) : undefined;
  let s = `Cluster health:\t${healthy}/${nodes.length} reachable\t(${hr.timestamp ?? ''})\n`;
  s += '  Name\tIP\tNode\tEndpoints\n';
  const row = (n: NodeStatus, isLocal: boolean) => {
    const ep = n['health-endpoint'] ? n['health-endpoint']['primary-address'] : n.endpoint;
    const ip = n.host?.['primary-address']?.ip ?? 'Unavailable';
    return `  ${n.name ?? ''}${isLocal ? ' (localhost)' : ''}\t${ip}\t${pathReach(n.host?.['primary-address'])}\t${pathReach(ep)}\n`;
  };
  if (local) s += row(local, true);
  nodes.sort((a, b) => cmp(a.name ?? '', b.name ?? ''));
  for (const n of nodes) if (n !== local) s += row(n, false);
  return s;
}

/**
 * `axon health` text, aligned. All nodes and no row cap: with upstream's assumed cap of 0 a
 * response whose local node is missing from the list would print no rows at all.
 */
export function formatHealth(hr: HealthStatusResponse, o: {verbose: boolean; succinct?: boolean}): string {
  const raw = o.succinct && !o.verbose ? healthTableSuccinct(hr) : healthTable(hr, {allNodes: true, verbose: o.verbose, maxLines: -1});
  return formatTabwriter(escapeTerminal(raw), STATUS_TABWRITER);
}
