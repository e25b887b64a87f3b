// `axon hubble status`: Hubble's ServerStatusResponse printers (compact, dict, table, json),
// byte for byte as printer_test.go pins them (hubble-observe.md 7).
import type {ServerStatusResponse} from '../gen/observer/observer_pb.js';
import {ServerStatusResponseSchema} from '../gen/observer/observer_pb.js';
import {formatGoDuration} from '../../cilium/print/go.js';
import {formatTabwriter} from '../../render/tabwriter.js';
import {toProtoJson} from '../../flows/print/json.js';
import {TABLE_TABWRITER} from '../../flows/print/table.js';

export type StatusFormat = 'compact' | 'dict' | 'table' | 'json';

/** 2348885 → "2,348,885" (Go printer's uint64Grouping). */
export function uint64Grouping(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const MAX_INT64 = (1n << 63n) - 1n;

function durationNs(ns: bigint): string {
  if (ns > MAX_INT64) return `${ns}ns`;
  return formatGoDuration(Number(ns));
}

export function formatServerStatus(ss: ServerStatusResponse, format: StatusFormat): string {
  const connected = ss.numConnectedNodes === undefined ? 'N/A' : String(ss.numConnectedNodes);
  const unavailable = ss.numUnavailableNodes === undefined ? 'N/A' : String(ss.numUnavailableNodes);
  let perSec = ss.flowsRate > 0 ? ss.flowsRate.toFixed(2) : 'N/A';
  switch (format) {
    case 'json':
      return toProtoJson(ServerStatusResponseSchema, ss) + '\n';
    case 'table':
      return formatTabwriter(
        'NUM FLOWS\tMAX FLOWS\tSEEN FLOWS\tFLOWS PER SECOND\tUPTIME\tNUM CONNECTED NODES\tNUM UNAVAILABLE NODES\tVERSION\n' +
          [uint64Grouping(ss.numFlows), uint64Grouping(ss.maxFlows), uint64Grouping(ss.seenFlows), perSec, durationNs(ss.uptimeNs), connected, unavailable, ss.version].join('\t') +
          '\n',
        TABLE_TABWRITER,
      );
    case 'dict':
      return (
        `          NUM FLOWS: ${uint64Grouping(ss.numFlows)}\n` +
        `          MAX FLOWS: ${uint64Grouping(ss.maxFlows)}\n` +
        `         SEEN FLOWS: ${uint64Grouping(ss.seenFlows)}\n` +
        `   FLOWS PER SECOND: ${perSec}\n` +
        `             UPTIME: ${durationNs(ss.uptimeNs)}\n` +
        `NUM CONNECTED NODES: ${connected}\n` +
        ` NUM UNAVAIL. NODES: ${unavailable}\n` +
        `            VERSION: ${ss.version}\n`
      );
    case 'compact': {
      const ratio = ss.maxFlows > 0n ? ` (${((Number(ss.numFlows) / Number(ss.maxFlows)) * 100).toFixed(2)}%)` : '';
      let out = `Current/Max Flows: ${uint64Grouping(ss.numFlows)}/${uint64Grouping(ss.maxFlows)}${ratio}\n`;
      const uptimeS = Number(ss.uptimeNs) / 1e9;
      if (perSec === 'N/A' && uptimeS > 0) perSec = (Number(ss.seenFlows) / uptimeS).toFixed(2);
      out += `Flows/s: ${perSec}\n`;
      if (ss.numConnectedNodes !== undefined) {
        const total = ss.numUnavailableNodes !== undefined ? `/${ss.numUnavailableNodes + ss.numConnectedNodes}` : '';
        out += `Connected Nodes: ${ss.numConnectedNodes}${total}\n`;
      }
      if (ss.numUnavailableNodes !== undefined && ss.numUnavailableNodes > 0) {
        const names = [...ss.unavailableNodes].sort();
        if (names.length) {
          if (ss.numUnavailableNodes > names.length) names.push(`and ${ss.numUnavailableNodes - names.length} more...`);
          out += `Unavailable Nodes: ${ss.numUnavailableNodes}\n  - ${names.join('\n  - ')}\n`;
        } else out += `Unavailable Nodes: ${ss.numUnavailableNodes}\n`;
      }
      return out;
    }
  }
}
