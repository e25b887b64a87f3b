// `axon hubble list nodes|namespaces`: hubble's table/wide (Go tabwriter 2/0/3) and json
// (protojson re-indented by two spaces, as json.MarshalIndent prints it).
import type {DescMessage} from '@bufbuild/protobuf';
import {NamespaceSchema, NodeSchema, type Namespace, type Node} from '../gen/observer/observer_pb.js';
import {formatGoDuration} from '../../cilium/print/go.js';
import {formatTabwriter} from '../../render/tabwriter.js';
import {toProtoJson} from '../../flows/print/json.js';
import {TABLE_TABWRITER} from '../../flows/print/table.js';

export type ListFormat = 'table' | 'wide' | 'json';

const HTML = /[<>&]/g;
const HTML_ESC: Record<string, string> = {'<': '\\u003c', '>': '\\u003e', '&': '\\u0026'};

function jsonList(desc: DescMessage, items: readonly unknown[]): string {
  const values = items.map((i) => JSON.parse(toProtoJson(desc, i)) as unknown);
  return JSON.stringify(values, null, 2).replace(HTML, (c) => HTML_ESC[c]) + '\n';
}

const STATES = ['unknown', 'connected', 'unavailable', 'gone', 'error'];
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function formatNodes(nodes: readonly Node[], format: ListFormat): string {
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (format === 'json') return jsonList(NodeSchema, sorted);
  const wide = format === 'wide';
  let text = 'NAME\tSTATUS\tAGE\tFLOWS/S\tCURRENT/MAX-FLOWS' + (wide ? '\tVERSION\tADDRESS\tTLS' : '') + '\n';
  for (const n of sorted) {
    // time.Duration(uptime).Round(time.Second)
    const uptimeS = Math.round(Number(n.uptimeNs) / 1e9);
    const age = uptimeS > 0 ? formatGoDuration(uptimeS * 1e9) : 'N/A';
    const perSec = uptimeS > 0 ? (Number(n.seenFlows) / uptimeS).toFixed(2) : 'N/A';
    const ratio = n.maxFlows > 0n ? `${n.numFlows}/${n.maxFlows} (${((Number(n.numFlows) / Number(n.maxFlows)) * 100).toFixed(2).padStart(6)}%)` : 'N/A';
    text += [n.name, title(STATES[n.state] ?? 'unknown'), age, perSec, ratio].join('\t');
    if (wide) text += '\t' + [n.version || 'N/A', n.address, n.tls ? (n.tls.enabled ? 'Enabled' : 'Disabled') : 'N/A'].join('\t');
    text += '\n';
  }
  return formatTabwriter(text, TABLE_TABWRITER);
}

export function formatNamespaces(namespaces: readonly Namespace[], format: ListFormat): string {
  if (format === 'json') return jsonList(NamespaceSchema, namespaces);
  const wide = format === 'wide';
  let text = 'NAMESPACE' + (wide ? '\tCLUSTER' : '') + '\n';
  for (const ns of namespaces) text += ns.namespace + (wide && ns.cluster ? `\t${ns.cluster}` : '') + '\n';
  return formatTabwriter(text, TABLE_TABWRITER);
}
