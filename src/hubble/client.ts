// Hubble Observer client over grpc-js: `unix:///path`, `host:port`, `tls://host:port`.
// The dial waits for the channel (dial timeout) and fails fast when the peer refuses; unary
// calls have a deadline (request timeout); streams never time out.
import {existsSync, readFileSync} from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {create} from '@bufbuild/protobuf';
import {OBSERVER_SERVICE, observerService} from './service.js';
import {healthCheck, SERVING_STATUS} from './health.js';
import {
  GetNamespacesRequestSchema,
  GetNodesRequestSchema,
  ServerStatusRequestSchema,
  type GetFlowsRequest,
  type GetFlowsResponse,
  type GetNamespacesResponse,
  type GetNodesResponse,
  type ServerStatusResponse,
} from './gen/observer/observer_pb.js';
import {AxonError, ConnectError, PermissionError, ProtocolError, TimeoutError, UsageError} from '../errors.js';

export const CONNECT_HINT = 'start it with "axon agent" or pass --server';

export interface TLSOptions {
  enabled: boolean;
  allowInsecure?: boolean;
  caCertFiles?: string[];
  clientCertFile?: string;
  clientKeyFile?: string;
  serverName?: string;
}

export interface ClientOptions {
  server: string;
  tls?: TLSOptions;
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  basicAuth?: {username: string; password: string};
}

export interface HubbleClient {
  readonly server: string;
  /** Version the server sent in its response headers (hubble-server-version), if any. */
  serverVersion(): string | undefined;
  getFlows(req: GetFlowsRequest, signal?: AbortSignal): AsyncIterable<GetFlowsResponse>;
  serverStatus(): Promise<ServerStatusResponse>;
  getNodes(): Promise<GetNodesResponse>;
  getNamespaces(): Promise<GetNamespacesResponse>;
  /** grpc.health.v1 Check of observer.Observer: the serving status name (SERVING, NOT_SERVING, …). */
  healthCheck(): Promise<string>;
  close(): void;
}

type RawClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;
const ObserverClient = grpc.makeClientConstructor(observerService, 'observer.Observer') as unknown as new (
  target: string,
  creds: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => RawClient;

function credentials(target: string, tls: TLSOptions | undefined, basicAuth: ClientOptions['basicAuth']): grpc.ChannelCredentials {
  const on = tls?.enabled || target.startsWith('tls://');
  if (!on) {
    if (basicAuth) throw new UsageError('basic authentication requires TLS', {hint: 'add --tls (or a tls:// server address)'});
    return grpc.credentials.createInsecure();
  }
  const read = (f: string) => {
    try {
      return readFileSync(f);
    } catch (e) {
      throw new UsageError(`cannot read TLS file ${f}: ${(e as Error).message}`, {hint: 'check the --tls-* file flags'});
    }
  };
  const ca = tls?.caCertFiles?.length ? Buffer.concat(tls.caCertFiles.map(read)) : null;
  const key = tls?.clientKeyFile ? read(tls.clientKeyFile) : null;
  const cert = tls?.clientCertFile ? read(tls.clientCertFile) : null;
  if (Boolean(key) !== Boolean(cert)) throw new UsageError('--tls-client-cert-file and --tls-client-key-file must be given together');
  const verify = tls?.allowInsecure ? {checkServerIdentity: () => undefined, rejectUnauthorized: false} : {};
  let creds = grpc.credentials.createSsl(ca, key, cert, verify as grpc.VerifyOptions);
  if (basicAuth) {
    const value = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
    creds = grpc.credentials.combineChannelCredentials(
      creds,
      grpc.credentials.createFromMetadataGenerator((_p, cb) => {
        const md = new grpc.Metadata();
        md.set('authorization', value);
        cb(null, md);
      }),
    );
  }
  return creds;
}

/** Turn a grpc-js error into a typed AxonError naming the server. */
export function grpcError(server: string, err: unknown): AxonError {
  const e = err as grpc.ServiceError;
  const details = e?.details || e?.message || String(err);
  switch (e?.code) {
    case grpc.status.UNAVAILABLE:
      return new ConnectError(`cannot reach Hubble at ${server}: ${details}`, {hint: CONNECT_HINT, cause: err});
    case grpc.status.DEADLINE_EXCEEDED:
      return new TimeoutError(`Hubble at ${server}: request timed out: ${details}`, {hint: 'raise --timeout or check the server', cause: err});
    case grpc.status.INVALID_ARGUMENT:
      return new UsageError(details, {cause: err});
    case grpc.status.UNAUTHENTICATED:
    case grpc.status.PERMISSION_DENIED:
      return new PermissionError(`Hubble at ${server}: ${details}`, {cause: err});
    case grpc.status.UNIMPLEMENTED:
      return new ProtocolError(`Hubble at ${server} does not implement this call: ${details}`, {cause: err});
    case grpc.status.INTERNAL:
      return new ProtocolError(`Hubble at ${server}: ${details}`, {hint: 'is this a Hubble server (TLS on one side only?)', cause: err});
    default:
      return new AxonError(`Hubble at ${server}: ${details}`, {cause: err});
  }
}

/** Dial and wait until the channel is ready (or fail fast on refusal). */
export async function connect(opts: ClientOptions): Promise<HubbleClient> {
  const server = opts.server;
  if (server.startsWith('unix://')) {
    const path = server.replace(/^unix:\/\//, '');
    if (!existsSync(path)) throw new ConnectError(`cannot reach Hubble at ${server}: connect ENOENT ${path}`, {hint: CONNECT_HINT});
  }
  const target = server.replace(/^tls:\/\//, '');
  const channelOpts: grpc.ChannelOptions = {
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    ...(opts.tls?.serverName ? {'grpc.ssl_target_name_override': opts.tls.serverName, 'grpc.default_authority': opts.tls.serverName} : {}),
  };
  const raw = new ObserverClient(target, credentials(server, opts.tls, opts.basicAuth), channelOpts);
  await waitReady(raw, server, opts.dialTimeoutMs, Boolean(opts.tls?.enabled || server.startsWith('tls://')));
  let version: string | undefined;
  const onMetadata = (md: grpc.Metadata) => {
    const v = md.get('hubble-server-version')[0] ?? md.get('hubble-relay-version')[0];
    if (v !== undefined) version = String(v);
  };
  const unary = <T>(name: string, req: unknown) =>
    new Promise<T>((resolve, reject) => {
      const call = raw[name](req, new grpc.Metadata(), {deadline: Date.now() + opts.requestTimeoutMs}, (err: grpc.ServiceError | null, res: T) =>
        err ? reject(grpcError(server, err)) : resolve(res),
      ) as grpc.ClientUnaryCall;
      call.on('metadata', onMetadata);
    });
  return {
    server,
    serverVersion: () => version,
    getFlows: (req, signal) => streamFlows(raw, server, req, signal, onMetadata),
    serverStatus: () => unary('serverStatus', create(ServerStatusRequestSchema)),
    getNodes: () => unary('getNodes', create(GetNodesRequestSchema)),
    getNamespaces: () => unary('getNamespaces', create(GetNamespacesRequestSchema)),
    healthCheck: () =>
      new Promise<string>((resolve, reject) =>
        raw.makeUnaryRequest(healthCheck.path, healthCheck.requestSerialize, healthCheck.responseDeserialize, {service: OBSERVER_SERVICE}, new grpc.Metadata(), {deadline: Date.now() + opts.requestTimeoutMs}, (err, res) =>
          err ? reject(grpcError(server, err)) : resolve(SERVING_STATUS[res!.status] ?? String(res!.status)),
        ),
      ),
    close: () => raw.close(),
  };
}

function waitReady(client: grpc.Client, server: string, timeoutMs: number, tls: boolean): Promise<void> {
  const hint = tls ? `${CONNECT_HINT}; if the server does not use TLS, drop --tls (and the tls:// prefix)` : CONNECT_HINT;
  const channel = client.getChannel();
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = channel.getConnectivityState(true);
      if (state === grpc.connectivityState.READY) return resolve();
      if (state === grpc.connectivityState.TRANSIENT_FAILURE || state === grpc.connectivityState.SHUTDOWN) {
        client.close();
        return reject(new ConnectError(`cannot reach Hubble at ${server}: connection failed${tls ? ' (TLS handshake or connect)' : ''}`, {hint}));
      }
      if (Date.now() >= deadline) {
        client.close();
        return reject(new TimeoutError(`cannot reach Hubble at ${server}: dial timed out after ${timeoutMs}ms`, {hint}));
      }
      channel.watchConnectivityState(state, deadline, check);
    };
    check();
  });
}

/** The GetFlows stream as an async iterable; ends on EOF or when the signal aborts (Ctrl-C). */
async function* streamFlows(
  raw: RawClient,
  server: string,
  req: GetFlowsRequest,
  signal: AbortSignal | undefined,
  onMetadata: (md: grpc.Metadata) => void,
): AsyncGenerator<GetFlowsResponse> {
  const call = raw.getFlows(req) as grpc.ClientReadableStream<GetFlowsResponse>;
  call.on('metadata', onMetadata);
  const abort = () => call.cancel();
  signal?.addEventListener('abort', abort, {once: true});
  try {
    for await (const resp of call as AsyncIterable<GetFlowsResponse>) yield resp;
  } catch (e) {
    if ((e as grpc.ServiceError).code === grpc.status.CANCELLED) return;
    throw grpcError(server, e);
  } finally {
    signal?.removeEventListener('abort', abort);
    call.cancel();
  }
}
