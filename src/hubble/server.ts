// The Hubble Observer gRPC server over a FlowRing: GetFlows (number/first/follow/since/until,
// whitelist/blacklist through the shared filter engine, field_mask), ServerStatus, GetNodes and
// GetNamespaces. The agent and the observe tests run this one implementation.
import {unlinkSync} from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {create, toBinary} from '@bufbuild/protobuf';
import {timestampNow, type Timestamp} from '@bufbuild/protobuf/wkt';
import {FlowSchema, LostEventSource, LostEventSchema, type Flow} from './gen/flow/flow_pb.js';
import {NodeState} from './gen/relay/relay_pb.js';
import {
  GetFlowsResponseSchema,
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  NamespaceSchema,
  NodeSchema,
  ServerStatusResponseSchema,
  TLSSchema,
  type GetFlowsRequest,
  type GetFlowsResponse,
  type Namespace,
} from './gen/observer/observer_pb.js';
import {OBSERVER_SERVICE, observerService} from './service.js';
import {healthService, type HealthCheckRequest, type HealthCheckResponse} from './health.js';
import {FlowRing} from './ring.js';
import {compileFilters, type FlowPredicate} from '../flows/filter/index.js';
import {applyFieldMask, compileFieldMask} from './fieldmask.js';

export interface ObserverServerOptions {
  ring: FlowRing;
  /** `unix:///path/hubble.sock` or `host:port` (port 0 picks a free one). */
  address: string;
  nodeName: string;
  /** e.g. "axon v0.1.0"; sent in ServerStatus, GetNodes and the hubble-server-version header. */
  version: string;
  /** Namespaces to list; default: those seen in the ring's flows of the last hour. */
  namespaces?: () => Array<{cluster?: string; namespace: string}>;
  /** Called with every GetFlows request as received (logging, tests). */
  onGetFlows?: (req: GetFlowsRequest) => void;
}

export interface ObserverServer {
  /** The bound address (with the real port for host:0). */
  address: string;
  /** Streams currently open (GetFlows). */
  activeStreams(): number;
  close(): Promise<void>;
}

const HOUR_NS = 3600n * 1_000_000_000n;

function tsNs(t: Timestamp | undefined): bigint | undefined {
  return t ? t.seconds * 1_000_000_000n + BigInt(t.nanos) : undefined;
}

function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/** Event time of a response: its own time, else the flow's. */
function respNs(r: GetFlowsResponse): bigint | undefined {
  return tsNs(r.time) ?? (r.responseTypes.case === 'flow' ? tsNs(r.responseTypes.value.time) : undefined);
}

function invalid(msg: string): grpc.ServiceError {
  return Object.assign(new Error(msg), {code: grpc.status.INVALID_ARGUMENT, details: msg, metadata: new grpc.Metadata()});
}

export async function startObserverServer(opts: ObserverServerOptions): Promise<ObserverServer> {
  const {ring} = opts;
  const started = process.hrtime.bigint();
  const server = new grpc.Server();
  const streams = new Set<grpc.ServerWritableStream<GetFlowsRequest, GetFlowsResponse>>();
  const stop = new AbortController();
  const encoded = new WeakMap<GetFlowsResponse, Map<string, Uint8Array>>();
  const header = () => {
    const md = new grpc.Metadata();
    md.set('hubble-server-version', opts.version);
    return md;
  };

  const getFlows: grpc.handleServerStreamingCall<GetFlowsRequest, GetFlowsResponse> = (call) => {
    streams.add(call);
    const abort = new AbortController();
    const end = () => abort.abort();
    call.on('cancelled', end);
    call.on('close', end);
    stop.signal.addEventListener('abort', end, {once: true});
    call.sendMetadata(header());
    serveFlows(call, abort.signal)
      .then(() => {
        if (!call.cancelled && !stop.signal.aborted) call.end();
      })
      .catch((e: Error & {code?: number}) => {
        if (call.cancelled) return;
        call.emit('error', e.code !== undefined ? e : Object.assign(e, {code: grpc.status.INTERNAL}));
      })
      .finally(() => {
        streams.delete(call);
        stop.signal.removeEventListener('abort', end);
      });
  };

  async function serveFlows(call: grpc.ServerWritableStream<GetFlowsRequest, GetFlowsResponse>, signal: AbortSignal): Promise<void> {
    const req = call.request;
    opts.onGetFlows?.(req);
    let match: FlowPredicate;
    let mask: ReturnType<typeof compileFieldMask> | undefined;
    try {
      match = compileFilters(req.whitelist, req.blacklist);
      if (req.fieldMask && req.fieldMask.paths.length) mask = compileFieldMask(FlowSchema, req.fieldMask.paths);
    } catch (e) {
      throw invalid((e as Error).message);
    }
    if (req.first && req.follow) throw invalid('first is not compatible with follow');
    const since = tsNs(req.since);
    let until = tsNs(req.until);
    if (since !== undefined && until === undefined && !req.follow) until = nowNs();
    const number = req.number;

    const inTime = (r: GetFlowsResponse) => {
      const t = respNs(r);
      if (t === undefined) return since === undefined;
      return (since === undefined || t >= since) && (until === undefined || t <= until);
    };
    const selected = (r: GetFlowsResponse) => r.responseTypes.case !== 'flow' || match(r.responseTypes.value);
    // Each ring entry is encoded once per distinct mask and shared by every stream.
    const maskKey = mask ? req.fieldMask!.paths.join(',') : '';
    const out = (r: GetFlowsResponse): Uint8Array => {
      let byMask = encoded.get(r);
      if (!byMask) encoded.set(r, (byMask = new Map()));
      let bytes = byMask.get(maskKey);
      if (!bytes) {
        const msg =
          mask && r.responseTypes.case === 'flow'
            ? create(GetFlowsResponseSchema, {...r, responseTypes: {case: 'flow', value: applyFieldMask(FlowSchema, r.responseTypes.value as Flow, mask)}})
            : r;
        bytes = toBinary(GetFlowsResponseSchema, msg);
        byMask.set(maskKey, bytes);
      }
      return bytes;
    };

    // Where the backlog starts: the oldest entry for --first / --since / "everything", else the
    // entry from which `number` selected responses remain; with follow and nothing asked, now.
    let seq: number;
    let limit = Infinity;
    if (req.first) {
      seq = ring.oldestSeq;
      limit = number === 0n ? Infinity : Number(number);
    } else if (number > 0n) {
      let want = Number(number);
      seq = ring.nextSeq;
      for (let s = ring.nextSeq - 1; s >= ring.oldestSeq && want > 0; s--) {
        const r = ring.at(s)!;
        if (since !== undefined && (respNs(r) ?? 0n) < since) break;
        if (inTime(r) && selected(r)) {
          want--;
          seq = s;
        }
      }
    } else if (req.follow && since === undefined) {
      seq = ring.nextSeq;
    } else {
      seq = ring.oldestSeq;
    }

    let sent = 0;
    const backlogEnd = ring.nextSeq;
    for (;;) {
      if (signal.aborted) return;
      const rd = ring.read(seq);
      if (rd === undefined) {
        if (!req.follow) return;
        await ring.waitForPush(signal);
        continue;
      }
      seq = rd.seq;
      let resp: GetFlowsResponse;
      if ('lost' in rd) {
        const lost = create(LostEventSchema, {source: LostEventSource.HUBBLE_RING_BUFFER, numEventsLost: BigInt(rd.lost)});
        resp = create(GetFlowsResponseSchema, {responseTypes: {case: 'lostEvents', value: lost}, nodeName: opts.nodeName, time: timestampNow()});
      } else {
        resp = rd.resp;
        const t = respNs(resp);
        // The ring is in time order: past `until` nothing more can match.
        if (until !== undefined && t !== undefined && t > until) return;
        if (!inTime(resp) || !selected(resp)) continue;
      }
      if (!call.write(out(resp) as unknown as GetFlowsResponse)) await drained(call, signal);
      if ('resp' in rd && ++sent >= limit) return;
      if (!req.follow && seq >= backlogEnd) return;
    }
  }

  const serverStatus: grpc.handleUnaryCall<unknown, unknown> = (call, cb) => {
    call.sendMetadata(header());
    const uptime = process.hrtime.bigint() - started;
    cb(
      null,
      create(ServerStatusResponseSchema, {
        numFlows: BigInt(ring.num),
        maxFlows: BigInt(ring.max),
        seenFlows: BigInt(ring.seen),
        uptimeNs: uptime,
        version: opts.version,
        flowsRate: flowsRate(ring),
      }),
    );
  };

  const getNodes: grpc.handleUnaryCall<unknown, unknown> = (call, cb) => {
    call.sendMetadata(header());
    cb(
      null,
      create(GetNodesResponseSchema, {
        nodes: [
          create(NodeSchema, {
            name: opts.nodeName,
            version: opts.version,
            address: boundAddress,
            state: NodeState.NODE_CONNECTED,
            tls: create(TLSSchema, {enabled: false}),
            uptimeNs: process.hrtime.bigint() - started,
            numFlows: BigInt(ring.num),
            maxFlows: BigInt(ring.max),
            seenFlows: BigInt(ring.seen),
          }),
        ],
      }),
    );
  };

  const getNamespaces: grpc.handleUnaryCall<unknown, unknown> = (call, cb) => {
    call.sendMetadata(header());
    const list = opts.namespaces ? opts.namespaces().map((n) => create(NamespaceSchema, {cluster: n.cluster ?? '', namespace: n.namespace})) : ringNamespaces(ring);
    list.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace));
    cb(null, create(GetNamespacesResponseSchema, {namespaces: list}));
  };

  server.addService(observerService, {getFlows, serverStatus, getNodes, getNamespaces} as grpc.UntypedServiceImplementation);
  // `hubble status` asks the standard health service about observer.Observer first.
  const check: grpc.handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, cb) => {
    const svc = call.request.service;
    if (svc !== '' && svc !== OBSERVER_SERVICE) return cb({code: grpc.status.NOT_FOUND, details: `unknown service ${svc}`});
    cb(null, {status: stop.signal.aborted ? 2 : 1});
  };
  server.addService(healthService, {check});

  if (opts.address.startsWith('unix://')) {
    try {
      unlinkSync(opts.address.replace(/^unix:\/\//, ''));
    } catch {
      // no stale socket
    }
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(opts.address, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const boundAddress = opts.address.startsWith('unix:') ? opts.address : opts.address.replace(/:0$/, `:${port}`);

  return {
    address: boundAddress,
    activeStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        stop.abort();
        for (const s of streams) s.end();
        server.tryShutdown(() => resolve());
        // Streams that do not end promptly are cut.
        setTimeout(() => server.forceShutdown(), 500).unref();
      }),
  };
}

/** Wait for the stream's buffer to drain (or the call to end). */
function drained(call: grpc.ServerWritableStream<GetFlowsRequest, GetFlowsResponse>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.on('drain', done);
    signal.addEventListener('abort', done, {once: true});
  });
}

/** Flows per second over the last minute of stored flows. */
function flowsRate(ring: FlowRing): number {
  const cutoff = nowNs() - 60n * 1_000_000_000n;
  let n = 0;
  for (let s = ring.nextSeq - 1; s >= ring.oldestSeq; s--) {
    const t = respNs(ring.at(s)!);
    if (t === undefined || t < cutoff) break;
    n++;
  }
  return n / 60;
}

/** Namespaces of flow endpoints seen in the last hour. */
function ringNamespaces(ring: FlowRing): Namespace[] {
  const cutoff = nowNs() - HOUR_NS;
  const seen = new Map<string, Namespace>();
  for (const r of ring.entries()) {
    if (r.responseTypes.case !== 'flow') continue;
    const t = respNs(r);
    if (t !== undefined && t < cutoff) continue;
    const f = r.responseTypes.value;
    for (const ep of [f.source, f.destination]) {
      if (!ep?.namespace) continue;
      const key = `${ep.clusterName}/${ep.namespace}`;
      if (!seen.has(key)) seen.set(key, create(NamespaceSchema, {cluster: ep.clusterName, namespace: ep.namespace}));
    }
  }
  return [...seen.values()];
}
