// A response stream through one output format: what goes to stdout and to stderr for each
// GetFlowsResponse, with the state a stream needs (dict separators, table header/buffer).
// Node status events go to stderr (only NODE_UNAVAILABLE/NODE_ERROR unless debug), as upstream.
import type {GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import type {NodeStatusEvent} from '../../hubble/gen/relay/relay_pb.js';
import {goQuote} from '../../cilium/print/go.js';
import {escapeTerminal} from '../escape.js';
import {formatTimestamp} from '../time.js';
import {formatCompact, formatCompactLost} from './compact.js';
import {DICT_SEPARATOR, formatDict, formatDictLost} from './dict.js';
import {joinWithCutOff, type PrintOptions} from './fields.js';
import {formatJson} from './json.js';
import {StreamingTable, formatTable, tableFlowRow, tableHeader, tableLostRow} from './table.js';

export type OutputFormat = 'compact' | 'dict' | 'table' | 'json';

export interface Printed {
  out?: string;
  err?: string;
}

const NODE_CONNECTED = 1;
const NODE_UNAVAILABLE = 2;
const NODE_GONE = 3;
const NODE_ERROR = 4;
const NODE_STATES = ['UNKNOWN_NODE_STATE', 'NODE_CONNECTED', 'NODE_UNAVAILABLE', 'NODE_GONE', 'NODE_ERROR'];
const NODE_NAMES_CUTOFF = 50;

function nodeStatusLine(resp: GetFlowsResponse, s: NodeStatusEvent, o: PrintOptions): string {
  const names = s.nodeNames.map(escapeTerminal);
  const n = names.length;
  const list = joinWithCutOff(names, ', ', NODE_NAMES_CUTOFF);
  const prefix = `${formatTimestamp(resp.time, o.timeFormat, o.timeZone)} [${escapeTerminal(resp.nodeName)}]`;
  switch (s.stateChange) {
    case NODE_CONNECTED:
      return `${prefix}: Receiving flows from ${n} nodes: ${list}`;
    case NODE_UNAVAILABLE:
      return `${prefix}: ${n} nodes are unavailable: ${list}`;
    case NODE_GONE:
      return `${prefix}: ${n} nodes removed from cluster: ${list}`;
    case NODE_ERROR:
      return `${prefix}: Error ${goQuote(escapeTerminal(s.message))} on ${n} nodes: ${list}`;
    default:
      return `${prefix}: unknown node status event: state_change:${NODE_STATES[s.stateChange] ?? s.stateChange}`;
  }
}

export class FlowStreamPrinter {
  private line = 0;
  private readonly rows: string[][] = [];
  private readonly streaming?: StreamingTable;

  /** `follow` makes the table stream (beyond upstream) instead of buffering until the end. */
  constructor(
    private readonly format: OutputFormat,
    private readonly o: PrintOptions,
    follow = false,
  ) {
    if (format === 'table' && follow) this.streaming = new StreamingTable();
  }

  write(resp: GetFlowsResponse): Printed {
    const r = resp.responseTypes;
    if (r.case === 'flow') return this.flow(resp);
    if (r.case === 'lostEvents') return this.lost(resp);
    if (r.case === 'nodeStatus') return this.nodeStatus(resp, r.value);
    return this.o.debug ? {err: `unknown response type: ${JSON.stringify(resp.responseTypes)}\n`} : {};
  }

  /** What is left at the end of the stream (the buffered table). */
  end(): string | undefined {
    if (this.format !== 'table' || this.streaming || this.rows.length === 0) return undefined;
    return formatTable(this.rows);
  }

  private tableRow(cells: string[]): Printed {
    const first = this.line++ === 0;
    if (this.streaming) return {out: this.streaming.rows(first ? [tableHeader(this.o), cells] : [cells])};
    if (first) this.rows.push(tableHeader(this.o));
    this.rows.push(cells);
    return {};
  }

  private dictBlock(block: string): Printed {
    const sep = this.line++ === 0 ? '' : DICT_SEPARATOR + '\n';
    return {out: `${sep}${block}\n`};
  }

  private flow(resp: GetFlowsResponse): Printed {
    const f = resp.responseTypes.value as Extract<GetFlowsResponse['responseTypes'], {case: 'flow'}>['value'];
    switch (this.format) {
      case 'json':
        return {out: formatJson(resp) + '\n'};
      case 'compact':
        return {out: formatCompact(f, this.o) + '\n'};
      case 'dict':
        return this.dictBlock(formatDict(f, this.o));
      case 'table':
        return this.tableRow(tableFlowRow(f, this.o));
    }
  }

  private lost(resp: GetFlowsResponse): Printed {
    const e = resp.responseTypes.value as Extract<GetFlowsResponse['responseTypes'], {case: 'lostEvents'}>['value'];
    switch (this.format) {
      case 'json':
        return {out: formatJson(resp) + '\n'};
      case 'compact':
        return {out: formatCompactLost(resp, e, this.o) + '\n'};
      case 'dict':
        return this.dictBlock(formatDictLost(resp, e, this.o));
      case 'table':
        return this.tableRow(tableLostRow(resp, e, this.o));
    }
  }

  private nodeStatus(resp: GetFlowsResponse, s: NodeStatusEvent): Printed {
    if (!this.o.debug && s.stateChange !== NODE_ERROR && s.stateChange !== NODE_UNAVAILABLE) return {};
    switch (this.format) {
      case 'json':
        return {err: formatJson(resp) + '\n'};
      case 'dict': {
        const sep = this.line === 0 ? '' : DICT_SEPARATOR + '\n';
        if (this.line === 0) this.line++;
        const message = s.message ? goQuote(escapeTerminal(s.message)) : 'N/A';
        return {
          err:
            `${sep}  TIMESTAMP: ${formatTimestamp(resp.time, this.o.timeFormat, this.o.timeZone)}\n` +
            `      STATE: ${NODE_STATES[s.stateChange] ?? s.stateChange}\n` +
            `      NODES: ${joinWithCutOff(s.nodeNames.map(escapeTerminal), ', ', NODE_NAMES_CUTOFF)}\n` +
            `    MESSAGE: ${message}\n`,
        };
      }
      default:
        return {err: nodeStatusLine(resp, s, this.o) + '\n'};
    }
  }
}
