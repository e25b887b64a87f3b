// Lost events (LostEvent responses) in the text formats: the pieces compact, dict and table share.
import type {LostEvent} from '../../hubble/gen/flow/flow_pb.js';
import {formatTimestamp} from '../time.js';
import type {PrintOptions} from './fields.js';

const SOURCES = ['UNKNOWN_LOST_EVENT_SOURCE', 'PERF_EVENT_RING_BUFFER', 'OBSERVER_EVENTS_QUEUE', 'HUBBLE_RING_BUFFER'];

export function lostSourceName(e: LostEvent): string {
  return SOURCES[e.source] ?? String(e.source);
}

/** `CPU(5)<sep>1[ (first: …, last: …)]` */
export function lostSummary(e: LostEvent, o: PrintOptions, sep: string): string {
  let s = `CPU(${e.cpu ?? 0})${sep}${e.numEventsLost}`;
  if (e.first && e.last) s += ` (first: ${formatTimestamp(e.first, o.timeFormat, o.timeZone)}, last: ${formatTimestamp(e.last, o.timeFormat, o.timeZone)})`;
  return s;
}
