// `-o dict`: one key/value block per flow, keys right-aligned to 11 characters; the stream
// printer puts DICT_SEPARATOR between blocks. No identities, arrows or reply swapping.
import type {Flow, LostEvent} from '../../hubble/gen/flow/flow_pb.js';
import type {GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import {escapeTerminal} from '../escape.js';
import {formatTimestamp} from '../time.js';
import {flowType, hostNames, summary, verdict, type PrintOptions} from './fields.js';
import {lostSourceName, lostSummary} from './lost.js';

export const DICT_SEPARATOR = '------------';

export function formatDict(f: Flow, o: PrintOptions): string {
  const [src, dst] = hostNames(f, o);
  const lines = [`  TIMESTAMP: ${formatTimestamp(f.time, o.timeFormat, o.timeZone)}`];
  if (o.nodeName) lines.push(`       NODE: ${escapeTerminal(f.nodeName)}`);
  lines.push(`     SOURCE: ${src}`, `DESTINATION: ${dst}`, `       TYPE: ${flowType(f)}`, `    VERDICT: ${verdict(f, o)}`, `    SUMMARY: ${summary(f, o)}`);
  return lines.join('\n');
}

export function formatDictLost(resp: GetFlowsResponse, e: LostEvent, o: PrintOptions): string {
  const lines = [`  TIMESTAMP: ${formatTimestamp(resp.time, o.timeFormat, o.timeZone)}`];
  if (o.nodeName) lines.push(`       NODE: ${escapeTerminal(resp.nodeName) || '-'}`);
  lines.push(`     SOURCE: ${lostSourceName(e)}`, '       TYPE: EVENTS LOST', '    VERDICT: -', `    SUMMARY: ${lostSummary(e, o, ' - ')}`);
  return lines.join('\n');
}
