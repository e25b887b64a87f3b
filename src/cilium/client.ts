// REST client for the Cilium agent (cilium.sock, /v1 and /statedb) and cilium-health
// (health.sock, /v1beta), framed like upstream's go-swagger clients: HTTP/1.1, `Host: localhost`
// on unix sockets, `Accept: application/json`, operation headers in canonical form, no
// Accept-Encoding, keep-alive. Only node:http: completion imports this, so it must stay light.
import {Agent, request, type IncomingHttpHeaders} from 'node:http';
import {CILIUM_SOCK, HEALTH_SOCK, ciliumSock, healthSock, API_TIMEOUT_MS} from '../defaults.js';
import {ExitCode} from '../cli/exit-codes.js';
import {AxonError, ConnectError, PermissionError, type AxonErrorOptions, ProtocolError, TimeoutError, UsageError} from '../errors.js';

export type Target = {kind: 'unix'; path: string; url: string} | {kind: 'tcp'; host: string; port: number; url: string};

/** The text a disabled API (--enable-cilium-api-server-access) answers with, status 403. */
export const API_DISABLED_TEXT = 'This API is administratively disabled. Contact your administrator for more details.';
export const TIMEOUT_TEXT = 'Cilium API client timeout exceeded';

/** Parse `unix:///path` or `tcp://host:port` (upstream rejects anything without a scheme). */
export function parseHost(host: string): Target {
  const i = host.indexOf('://');
  if (i < 0) {
    throw new UsageError(`invalid host format '${host}'`, {hint: 'use unix:///path/to/cilium.sock or tcp://host:port'});
  }
  const scheme = host.slice(0, i);
  const rest = host.slice(i + 3);
  if (scheme === 'unix') return {kind: 'unix', path: rest, url: host};
  if (scheme === 'tcp') {
    const m = /^(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(rest);
    if (!m) throw new UsageError(`invalid host format '${host}'`, {hint: 'use tcp://host:port'});
    return {kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]), url: host};
  }
  throw new UsageError(`invalid host format '${host}': unsupported scheme "${scheme}"`, {hint: 'use unix:///path or tcp://host:port'});
}

/** The agent's API: --host, else CILIUM_SOCK, else /var/run/cilium/cilium.sock. */
export function agentTarget(host?: string, env: NodeJS.ProcessEnv = process.env): Target {
  return parseHost(host || `unix://${ciliumSock(env)}`);
}

/** cilium-health's API: --host, else CILIUM_HEALTH_SOCK, else /var/run/cilium/health.sock. */
export function healthTarget(host?: string, env: NodeJS.ProcessEnv = process.env): Target {
  return parseHost(host || `unix://${healthSock(env)}`);
}

export interface RequestOptions {
  /** Extra request headers, e.g. {Brief: 'false'}. */
  headers?: Record<string, string>;
  /** JSON body (sent with a trailing newline, not HTML-escaped, like Go's json.Encoder). */
  body?: unknown;
  timeoutMs?: number;
}

export interface ClientOptions {
  /** Default socket for the "Is the agent running?" hint rule (upstream: the compiled-in default). */
  defaultSock?: string;
  timeoutMs?: number;
  /** The axon hint added to connection errors. */
  hint?: string;
}

/**
 * An HTTP error status from the API; the message is upstream's error body (a bare JSON string).
 * The constructor keeps AxonError's shape so that wrap() can prefix it.
 */
export class ApiError extends AxonError {
  readonly status: number;
  readonly body: string;

  constructor(message: string, opts: AxonErrorOptions & {status?: number; body?: string} = {}) {
    super(message, opts);
    const from = opts.cause instanceof ApiError ? opts.cause : undefined;
    this.status = opts.status ?? from?.status ?? 0;
    this.body = opts.body ?? from?.body ?? '';
  }
}

const GO_ERRNO: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ECONNREFUSED: 'connection refused',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ENOTSOCK: 'socket operation on non-socket',
};

export class CiliumClient {
  readonly target: Target;
  private readonly agent: Agent;
  private readonly opts: ClientOptions;

  constructor(target: Target, opts: ClientOptions = {}) {
    this.target = target;
    this.opts = opts;
    this.agent = new Agent({keepAlive: true, maxSockets: 4});
  }

  /** The agent's client (cilium.sock). */
  static agent(host?: string, env: NodeJS.ProcessEnv = process.env, opts: ClientOptions = {}): CiliumClient {
    return new CiliumClient(agentTarget(host, env), {
      defaultSock: CILIUM_SOCK,
      hint: 'start the agent with "axon agent", or point --host / CILIUM_SOCK at its socket',
      ...opts,
    });
  }

  /** cilium-health's client (health.sock). */
  static health(host?: string, env: NodeJS.ProcessEnv = process.env, opts: ClientOptions = {}): CiliumClient {
    return new CiliumClient(healthTarget(host, env), {
      defaultSock: HEALTH_SOCK,
      hint: 'start the agent with "axon agent" (it serves health.sock), or point --host / CILIUM_HEALTH_SOCK at it',
      ...opts,
    });
  }

  get<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.json<T>('GET', path, o);
  }
  put<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.json<T>('PUT', path, o);
  }
  patch<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.json<T>('PATCH', path, o);
  }
  post<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.json<T>('POST', path, o);
  }
  delete<T>(path: string, o?: RequestOptions): Promise<T> {
    return this.json<T>('DELETE', path, o);
  }

  /** A response that is a stream of JSON values (StateDB queries): all of them, in order. */
  async stream<T>(method: string, path: string, o?: RequestOptions): Promise<T[]> {
    const {body} = await this.send(method, path, o);
    try {
      return parseJsonStream(body) as T[];
    } catch (e) {
      throw this.protocolError(method, path, body, e);
    }
  }

  /** Free kept-alive sockets so the process can exit. */
  close(): void {
    this.agent.destroy();
  }

  private async json<T>(method: string, path: string, o?: RequestOptions): Promise<T> {
    const {body} = await this.send(method, path, o);
    if (body.trim() === '') return undefined as T;
    try {
      return JSON.parse(body) as T;
    } catch (e) {
      throw this.protocolError(method, path, body, e);
    }
  }

  private url(path: string): string {
    return this.target.kind === 'unix' ? `http://localhost${path}` : `http://${this.target.host}:${this.target.port}${path}`;
  }

  /** Go's net/http error prefix: `Get "http://localhost/v1/healthz"`. */
  private opText(method: string, path: string): string {
    return `${method[0]}${method.slice(1).toLowerCase()} "${this.url(path)}"`;
  }

  private protocolError(method: string, path: string, body: string, cause: unknown): ProtocolError {
    const snippet = body.length > 80 ? `${body.slice(0, 80)}…` : body;
    return new ProtocolError(`${this.opText(method, path)}: the response is not JSON: ${JSON.stringify(snippet)}`, {
      hint: `is ${this.target.url} a Cilium API socket? Check --host / CILIUM_SOCK`,
      cause,
    });
  }

  private send(method: string, path: string, o: RequestOptions = {}): Promise<{status: number; headers: IncomingHttpHeaders; body: string}> {
    const t = this.target;
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body) + '\n';
    const headers: Record<string, string> = {
      Host: t.kind === 'unix' ? 'localhost' : `${t.host}:${t.port}`,
      'User-Agent': 'Go-http-client/1.1',
      Accept: 'application/json',
      ...o.headers,
    };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const timeoutMs = o.timeoutMs ?? this.opts.timeoutMs ?? API_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (err: Error | null, v?: {status: number; headers: IncomingHttpHeaders; body: string}) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(v!);
      };
      const req = request({
        ...(t.kind === 'unix' ? {socketPath: t.path} : {host: t.host, port: t.port}),
        method,
        path,
        headers,
        agent: this.agent,
        setHost: false,
      });
      const timer = setTimeout(() => {
        finish(new TimeoutError(TIMEOUT_TEXT, {hint: `no answer from ${t.url} in time; raise --timeout or check that the agent is not stuck`}));
        req.destroy();
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => finish(this.connectError(method, path, e)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e: NodeJS.ErrnoException) => finish(this.connectError(method, path, e)));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) finish(null, {status, headers: res.headers, body});
          else finish(this.statusError(method, path, status, body));
        });
      });
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  private connectError(method: string, path: string, e: NodeJS.ErrnoException): AxonError {
    const t = this.target;
    const why = (e.code && GO_ERRNO[e.code]) ?? e.message;
    const dial = t.kind === 'unix' ? `dial unix ${t.path}` : `dial tcp ${t.host}:${t.port}`;
    let msg = `${this.opText(method, path)}: ${dial}: connect: ${why}`;
    // Upstream adds this line only when the text names the compiled-in default socket.
    if (this.opts.defaultSock && msg.includes(this.opts.defaultSock)) msg += '\nIs the agent running?';
    switch (e.code) {
      case 'EACCES':
      case 'EPERM':
        return new PermissionError(msg, {
          hint: `run as root or as a member of the group owning ${t.kind === 'unix' ? t.path : t.url} (e.g. "cilium")`,
          cause: e,
        });
      case 'ENOENT':
      case 'ECONNREFUSED':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
      case 'ENOTSOCK':
      case 'ENOTFOUND':
        return new ConnectError(msg, {hint: this.opts.hint, cause: e});
      default:
        return new ConnectError(`${this.opText(method, path)}: ${e.message}`, {hint: this.opts.hint, cause: e});
    }
  }

  private statusError(method: string, path: string, status: number, body: string): ApiError {
    let text = body.trim();
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'string') text = v; // upstream's Error model is a bare JSON string
    } catch {
      // plain text (the disabled-API 403) stays as it is
    }
    const msg = `[${method} ${path}][${status}] ${text}`;
    if (status === 403) {
      return new ApiError(msg, {
        status,
        body,
        exitCode: ExitCode.PERMISSION,
        hint: text === API_DISABLED_TEXT ? 'the agent runs with this API disabled (--enable-cilium-api-server-access)' : undefined,
      });
    }
    if (status === 404) return new ApiError(msg, {status, body, exitCode: ExitCode.NOT_FOUND});
    return new ApiError(msg, {status, body});
  }
}

/** Split concatenated JSON values ("{...}\n{...}") and parse each. */
export function parseJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
      if (depth < 0) throw new SyntaxError(`unexpected "${c}" at offset ${i}`);
    } else if (depth === 0 && !/\s/.test(c)) throw new SyntaxError(`unexpected "${c}" at offset ${i}`);
  }
  if (depth !== 0) throw new SyntaxError('unterminated JSON value');
  return out;
}
