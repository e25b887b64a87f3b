// A small go-swagger-compatible REST server over a unix socket: JSON bodies (max size → 413,
// not JSON → 400), error bodies as bare JSON strings, unknown paths and methods answered with
// go-openapi's {"code","message"} documents.
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {Logger} from './log.js';

export const MAX_BODY_BYTES = 1 << 20;
/** Oversized bodies are read and dropped up to this size so the client sees the 413. */
const DISCARD_LIMIT = 64 << 20;

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface RequestContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
}

export type Reply = {status: number; json?: unknown} | {status: number; stream: (res: ServerResponse) => void | Promise<void>};
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  /** "/v1/endpoint/{id}": {name} matches one path segment */
  path: string;
  handler: Handler;
}

interface CompiledRoute extends Route {
  re: RegExp;
  names: string[];
}

function compile(r: Route): CompiledRoute {
  const names: string[] = [];
  const re = new RegExp(
    '^' +
      r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '/?$',
  );
  return {...r, re, names};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body) + '\n';
  res.writeHead(status, {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text)});
  res.end(text);
}

/** The body, or 413 once it is read to the end (answering mid-upload resets the client's write). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= max) chunks.push(c);
      else if (size > DISCARD_LIMIT) req.destroy(); // not a client that wants an answer
    });
    req.on('end', () => (size > max ? reject(new HttpError(413, `request body too large: ${size} bytes, the limit is ${max}`)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function createRestServer(routes: Route[], log: Logger, maxBody = MAX_BODY_BYTES): Server {
  const compiled = routes.map(compile);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const started = Date.now();
    let status = 500;
    try {
      const matches = compiled.map((r) => ({r, m: r.re.exec(url.pathname)})).filter((x) => x.m);
      if (!matches.length) throw Object.assign(new HttpError(404, ''), {doc: {code: 404, message: `path ${url.pathname} was not found`}});
      const hit = matches.find((x) => x.r.method === method);
      if (!hit) {
        const allowed = [...new Set(matches.map((x) => x.r.method))];
        res.setHeader('Allow', allowed.join(','));
        throw Object.assign(new HttpError(405, ''), {doc: {code: 405, message: `method ${method} is not allowed, but [${allowed.join(',')}] are`}});
      }
      const raw = await readBody(req, maxBody);
      let body: unknown;
      if (raw.length && raw.toString('utf8').trim()) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (e) {
          throw new HttpError(400, `parsing body body from "" failed, because ${(e as Error).message}`);
        }
      }
      const params = Object.fromEntries(hit.r.names.map((n, i) => [n, decodeURIComponent(hit.m![i + 1])]));
      const reply = await hit.r.handler({method, path: url.pathname, params, query: url.searchParams, headers: req.headers, body});
      status = reply.status;
      if ('stream' in reply) {
        res.writeHead(reply.status, {'Content-Type': 'application/json'});
        await reply.stream(res);
        res.end();
      } else if (reply.json === undefined) {
        res.writeHead(reply.status, {'Content-Length': 0});
        res.end();
      } else send(res, reply.status, reply.json);
    } catch (e) {
      const err = e as HttpError & {doc?: unknown};
      status = err instanceof HttpError ? err.status : 500;
      if (status === 500) log.error('API handler failed', {method, path: url.pathname, error: err.message});
      if (!res.headersSent) {
        if (status === 413) res.setHeader('Connection', 'close');
        send(res, status, err.doc ?? err.message);
      } else res.destroy();
    } finally {
      log.debug('API request', {method, path: url.pathname, status, duration: `${Date.now() - started}ms`});
    }
  });
  server.keepAliveTimeout = 30_000;
  return server;
}
