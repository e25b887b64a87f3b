// `axon observe`: one loop for live (gRPC) and offline (--input-file) flows. Responses go
// through the chosen printer; stdout is written in batches with backpressure; lost events are
// counted and explained on stderr at the end.
import type {GetFlowsRequest, GetFlowsResponse} from '../hubble/gen/observer/observer_pb.js';
import type {ClientOptions} from '../hubble/client.js';
import {UsageError} from '../errors.js';
import {FlowStreamPrinter, type OutputFormat} from './print/stream.js';
import type {PrintOptions} from './print/fields.js';
import {lostSourceName} from './print/lost.js';

export type ObserveSource = {kind: 'file'; path: string; stdin?: NodeJS.ReadableStream} | {kind: 'grpc'; client: ClientOptions; reconnect: boolean};

export interface ObserveOptions {
  request: GetFlowsRequest;
  source: ObserveSource;
  format: OutputFormat;
  print: PrintOptions;
  follow: boolean;
  stdout: NodeJS.WritableStream;
  /** One line (without newline) for stderr. */
  err(line: string): void;
  signal: AbortSignal;
  /** -s/--silent-errors: drop what the printer writes to stderr (node status). */
  silentErrors?: boolean;
}

export interface ObserveResult {
  responses: number;
  flows: number;
  /** Lost events by source name. */
  lost: Map<string, bigint>;
}

const FLUSH_BYTES = 64 * 1024;

const LOST_EXPLAINED: Record<string, string> = {
  HUBBLE_RING_BUFFER: "the Hubble server's flow buffer was overwritten before they were sent (a slow reader or a small buffer)",
  PERF_EVENT_RING_BUFFER: 'the kernel buffer between the datapath and the agent overflowed',
  OBSERVER_EVENTS_QUEUE: "the agent's event queue was full",
  UNKNOWN_LOST_EVENT_SOURCE: 'the source did not say where',
};

/** Plain-words summary of lost events, or undefined when none were lost. */
export function lostSummary(lost: Map<string, bigint>): string | undefined {
  if (lost.size === 0) return undefined;
  const total = [...lost.values()].reduce((a, b) => a + b, 0n);
  const parts = [...lost].map(([src, n]) => `${n} in ${src}: ${LOST_EXPLAINED[src] ?? src}`);
  return `Note: ${total} event${total === 1n ? ' was' : 's were'} lost and never reached this output (${parts.join('; ')}).`;
}

export async function runObserve(o: ObserveOptions): Promise<ObserveResult> {
  const printer = new FlowStreamPrinter(o.format, o.print, o.follow);
  const result: ObserveResult = {responses: 0, flows: 0, lost: new Map()};
  let buf = '';
  let scheduled = false;
  let draining: Promise<void> | undefined;
  const flush = () => {
    scheduled = false;
    if (buf === '') return;
    const chunk = buf;
    buf = '';
    if (!o.stdout.write(chunk) && !draining) draining = new Promise((r) => o.stdout.once('drain', () => ((draining = undefined), r())));
  };
  const source = await open(o);
  try {
    for await (const resp of source) {
      result.responses++;
      if (resp.responseTypes.case === 'flow') result.flows++;
      else if (resp.responseTypes.case === 'lostEvents') {
        const name = lostSourceName(resp.responseTypes.value);
        result.lost.set(name, (result.lost.get(name) ?? 0n) + resp.responseTypes.value.numEventsLost);
      }
      const p = printer.write(resp);
      if (p.err && !o.silentErrors) o.err(p.err.replace(/\n$/, ''));
      if (p.out) {
        buf += p.out;
        if (buf.length >= FLUSH_BYTES) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
      if (draining) await draining;
    }
    const tail = printer.end();
    if (tail) buf += tail;
  } finally {
    // What was printed before an error still reaches stdout.
    flush();
    if (draining) await draining;
  }
  return result;
}

async function open(o: ObserveOptions): Promise<AsyncIterable<GetFlowsResponse>> {
  if (o.source.kind === 'file') {
    const {readFlowFile} = await import('./source/file.js');
    const res = {count: 0};
    const onBad = (line: number, reason: string) => {
      res.count++;
      o.err(`Warning: --input-file line ${line}: not a GetFlowsResponse: ${reason}`);
    };
    const it = readFlowFile(o.source.path, o.request, {
      onBadLine: onBad,
      onUnknownFields: (line, reason) => o.err(`Warning: --input-file line ${line}: unknown fields are ignored (${reason}); this warning is printed once`),
    }, o.source.stdin);
    return (async function* () {
      yield* it;
      if (res.count) throw new UsageError(`--input-file: ${res.count} malformed line${res.count === 1 ? '' : 's'} skipped`, {hint: 'each line must be one GetFlowsResponse JSON object, as written by -o jsonpb', exitCode: 1});
    })();
  }
  const {grpcFlows} = await import('./source/grpc.js');
  return grpcFlows(o.request, {client: o.source.client, reconnect: o.source.reconnect, signal: o.signal, onReconnect: (m) => o.err(m)});
}
