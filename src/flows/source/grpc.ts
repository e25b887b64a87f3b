// GetFlows from a Hubble server. Beyond upstream, a broken --follow stream is resumed: redial
// with backoff, ask again with since = the last flow time seen, and drop what was already
// printed (responses at exactly that time are compared by content), so nothing repeats.
import {create, equals} from '@bufbuild/protobuf';
import {GetFlowsRequestSchema, GetFlowsResponseSchema, type GetFlowsRequest, type GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import {connect, type ClientOptions, type HubbleClient} from '../../hubble/client.js';
import {AxonError, ConnectError, TimeoutError} from '../../errors.js';

export interface GrpcSourceOptions {
  client: ClientOptions;
  reconnect: boolean;
  signal: AbortSignal;
  /** One line per broken stream, for stderr. */
  onReconnect(message: string): void;
  /** Called once connected (for the server version check). */
  onConnected?(client: HubbleClient): void;
  backoff?: {initialMs: number; maxMs: number};
}

function tsNs(t: {seconds: bigint; nanos: number} | undefined): bigint | undefined {
  return t ? t.seconds * 1_000_000_000n + BigInt(t.nanos) : undefined;
}

function respTime(r: GetFlowsResponse) {
  return r.time ?? (r.responseTypes.case === 'flow' ? r.responseTypes.value.time : undefined);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, {once: true});
  });

/** Connection-level failures that a redial may fix. */
function retriable(e: unknown): boolean {
  return e instanceof ConnectError || e instanceof TimeoutError || (e instanceof AxonError && /Connection dropped|RST_STREAM|ECONNRESET|socket hang up|No connection established/i.test(e.message));
}

export async function* grpcFlows(req: GetFlowsRequest, o: GrpcSourceOptions): AsyncGenerator<GetFlowsResponse> {
  const {initialMs, maxMs} = o.backoff ?? {initialMs: 100, maxMs: 5000};
  let client = await connect(o.client);
  o.onConnected?.(client);
  let current = req;
  let lastNs: bigint | undefined;
  let atLast: GetFlowsResponse[] = [];
  let resuming = false;
  try {
    for (;;) {
      let broken: unknown;
      try {
        for await (const r of client.getFlows(current, o.signal)) {
          const t = tsNs(respTime(r));
          if (resuming && t !== undefined && lastNs !== undefined) {
            // Replayed backlog: skip what is older than, or identical to, what was printed.
            if (t < lastNs) continue;
            if (t === lastNs && atLast.some((p) => equals(GetFlowsResponseSchema, p, r))) continue;
          }
          if (t !== undefined && r.responseTypes.case === 'flow') {
            if (lastNs === undefined || t > lastNs) {
              lastNs = t;
              atLast = [r];
            } else if (t === lastNs) atLast.push(r);
          }
          yield r;
        }
      } catch (e) {
        broken = e;
      }
      if (o.signal.aborted) return;
      // End of stream: done, unless we were following and may resume.
      if (broken === undefined && !(req.follow && o.reconnect)) return;
      if (broken !== undefined && !(req.follow && o.reconnect && retriable(broken))) throw broken;
      const why = broken instanceof Error ? broken.message : 'the server ended the stream';
      const from = lastNs === undefined ? 'the start' : new Date(Number(lastNs / 1_000_000n)).toISOString();
      o.onReconnect(`Warning: lost the flow stream from ${o.client.server} (${why}); reconnecting, resuming from ${from}`);
      client.close();
      let delay = initialMs;
      for (;;) {
        await sleep(delay, o.signal);
        if (o.signal.aborted) return;
        try {
          client = await connect(o.client);
          break;
        } catch (e) {
          if (!retriable(e)) throw e;
          delay = Math.min(maxMs, delay * 2);
        }
      }
      if (lastNs !== undefined) {
        const seconds = lastNs / 1_000_000_000n;
        current = create(GetFlowsRequestSchema, {
          ...req,
          number: 0n,
          first: false,
          since: {$typeName: 'google.protobuf.Timestamp', seconds, nanos: Number(lastNs - seconds * 1_000_000_000n)},
        });
        resuming = true;
      }
    }
  } finally {
    client.close();
  }
}
