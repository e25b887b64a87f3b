// `-o table`: Hubble's tab-separated rows through Go tabwriter semantics (minwidth 2, padding
// 3), never coloured. tableRows*() build cells; formatTable() aligns a whole buffered block.
import type {Flow, LostEvent} from '../../hubble/gen/flow/flow_pb.js';
import type {GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import {formatTabwriter} from '../../render/tabwriter.js';
import {escapeTerminal} from '../escape.js';
import {formatTimestamp} from '../time.js';
import {flowType, hostNames, summary, verdict, type PrintOptions} from './fields.js';
import {lostSourceName, lostSummary} from './lost.js';

export const TABLE_TABWRITER = {minwidth: 2, padding: 3, padchar: ' '};

const plain = (o: PrintOptions): PrintOptions => ({...o, color: false});

export function tableHeader(o: PrintOptions): string[] {
  return ['TIMESTAMP', ...(o.nodeName ? ['NODE'] : []), 'SOURCE', 'DESTINATION', 'TYPE', 'VERDICT', 'SUMMARY'];
}

export function tableFlowRow(f: Flow, opts: PrintOptions): string[] {
  const o = plain(opts);
  const [src, dst] = hostNames(f, o);
  const ts = formatTimestamp(f.time, o.timeFormat, o.timeZone);
  return [ts, ...(o.nodeName ? [escapeTerminal(f.nodeName)] : []), src, dst, flowType(f), verdict(f, o), summary(f, o)];
}

export function tableLostRow(resp: GetFlowsResponse, e: LostEvent, o: PrintOptions): string[] {
  const ts = formatTimestamp(resp.time, o.timeFormat, o.timeZone);
  return [ts, ...(o.nodeName ? [escapeTerminal(resp.nodeName) || '-'] : []), lostSourceName(e), '-', 'EVENTS LOST', '-', lostSummary(e, o, ' - ')];
}

/** Rows (header first) aligned as one tabwriter block; ends with a newline. */
export function formatTable(rows: readonly string[][]): string {
  return formatTabwriter(rows.map((r) => r.join('\t') + '\n').join(''), TABLE_TABWRITER);
}

/**
 * Streaming table for --follow (beyond upstream): each row is padded to the widest cell seen so
 * far in its column (widths only grow), so lines can be printed as they arrive.
 */
export class StreamingTable {
  private widths: number[] = [];

  /** Lines for these rows (widths grown from all of them first), each ending with a newline. */
  rows(rows: readonly (readonly string[])[]): string {
    const len = (c: string) => [...c].length;
    for (const cells of rows)
      cells.forEach((c, i) => {
        if (i < cells.length - 1) this.widths[i] = Math.max(this.widths[i] ?? TABLE_TABWRITER.minwidth, len(c) + TABLE_TABWRITER.padding);
      });
    return rows.map((cells) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(this.widths[i] - len(c)))).join('') + '\n').join('');
  }
}
