// Real HTTP servers on unix sockets that answer like cilium-agent (cilium.sock) and
// cilium-health (health.sock), serving responses written from the reference.
import {readFileSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {unixHttpServer, type UnixHttpServer} from '../../helpers/tmp.js';

export const FIXTURES = new URL('../../fixtures/cilium/', import.meta.url);
export const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
export const json = <T = unknown>(name: string) => JSON.parse(fixture(name)) as T;

export type Reply = {status?: number; body: string | object; contentType?: string} | 'hang';

function send(res: ServerResponse, r: Reply): void {
  if (r === 'hang') return; // never answer
  res.statusCode = r.status ?? 200;
  res.setHeader('Content-Type', r.contentType ?? 'application/json');
  res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
}

export interface AgentRoutes {
  /** GET /v1/healthz; a function sees the request headers (brief answers differ). */
  healthz?: Reply | ((headers: Record<string, string | string[] | undefined>) => Reply);
  /** GET /statedb/query body (a stream of {rev, obj}). */
  statedb?: Reply;
}

/** cilium.sock */
export async function agentServer(routes: AgentRoutes): Promise<UnixHttpServer> {
  return unixHttpServer((req, res) => {
    if (req.url === '/v1/healthz' && req.method === 'GET' && routes.healthz) {
      const r = typeof routes.healthz === 'function' ? routes.healthz(req.headers) : routes.healthz;
      return send(res, r);
    }
    if (req.url === '/statedb/query' && req.method === 'GET' && routes.statedb) return send(res, routes.statedb);
    send(res, {status: 404, body: '"not found"'});
  }, 'cilium.sock');
}

/** health.sock: GET /v1beta/status and PUT /v1beta/status/probe. */
export async function healthServer(routes: {status?: Reply; probe?: Reply}): Promise<UnixHttpServer> {
  return unixHttpServer((req, res) => {
    if (req.url === '/v1beta/status' && req.method === 'GET' && routes.status) return send(res, routes.status);
    if (req.url === '/v1beta/status/probe' && req.method === 'PUT' && routes.probe) return send(res, routes.probe);
    send(res, {status: 404, body: '"not found"'});
  }, 'health.sock');
}

export const ok = (body: string | object): Reply => ({body});
