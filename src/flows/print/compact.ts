// `-o compact` (default): one line per flow, Hubble's exact text (hubble-observe.md 6.2).
import type {Flow} from '../../hubble/gen/flow/flow_pb.js';
import type {GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import {escapeTerminal} from '../escape.js';
import {formatTimestamp} from '../time.js';
import {flowType, formatIdentity, hostNames, summary, verdict, type PrintOptions} from './fields.js';
import {lostSourceName, lostSummary} from './lost.js';
import type {LostEvent} from '../../hubble/gen/flow/flow_pb.js';

export function formatCompact(f: Flow, o: PrintOptions): string {
  let [src, dst] = hostNames(f, o);
  let srcId = formatIdentity(f.source?.identity ?? 0, o);
  let dstId = formatIdentity(f.destination?.identity ?? 0, o);
  let arrow = '->';
  if (f.isReply === undefined) arrow = '<>';
  else if (f.isReply) {
    // Replies are flipped so the initiator stays on the left.
    [src, dst, srcId, dstId, arrow] = [dst, src, dstId, srcId, '<-'];
  }
  const node = o.nodeName ? ` [${escapeTerminal(f.nodeName)}]` : '';
  const ts = formatTimestamp(f.time, o.timeFormat, o.timeZone);
  return `${ts}${node}: ${src} ${srcId} ${arrow} ${dst} ${dstId} ${flowType(f)} ${verdict(f, o)} (${summary(f, o)})`;
}

/** `<time> EVENTS LOST: HUBBLE_RING_BUFFER CPU(5) 1` (the node name is never printed). */
export function formatCompactLost(resp: GetFlowsResponse, e: LostEvent, o: PrintOptions): string {
  return `${formatTimestamp(resp.time, o.timeFormat, o.timeZone)} EVENTS LOST: ${lostSourceName(e)} ${lostSummary(e, o, ' ')}`;
}
