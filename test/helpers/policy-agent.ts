// A real HTTP server on a unix socket serving the agent's policy routes (contracts.md) from a
// real PolicyStore in a temp state dir, plus GET /v1/endpoint from a given list. Until
// test/helpers/agent.ts exists, CLI tests of `policy apply --agent|list|delete|trace` use this.
import {join} from 'node:path';
import type {Endpoint} from '../../src/cilium/types.js';
import {NotFoundError, UsageError} from '../../src/errors.js';
import {PolicyStore} from '../../src/policy/store.js';
import {tmpDir, unixHttpServer, type UnixHttpServer} from './tmp.js';

export interface PolicyAgent {
  server: UnixHttpServer;
  store: PolicyStore;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  /** Requests that changed something (PUT/DELETE). */
  writes(): UnixHttpServer['requests'];
}

export async function startPolicyAgent(endpoints: Endpoint[] = []): Promise<PolicyAgent> {
  const stateDir = tmpDir('axon-state-');
  const store = PolicyStore.open(join(stateDir, 'policies'));
  const json = (res: import('node:http').ServerResponse, status: number, v: unknown) => {
    res.writeHead(status, {'Content-Type': 'application/json'}).end(JSON.stringify(v) + '\n');
  };
  const server = await unixHttpServer((req, res) => {
    const url = req.url ?? '';
    try {
      if (req.method === 'GET' && url === '/v1/endpoint') return json(res, 200, endpoints);
      if (req.method === 'GET' && url === '/v1/policy') return store.list().resources.length ? json(res, 200, store.upstreamPolicy()) : json(res, 404, 'policy not found');
      if (req.method === 'GET' && url === '/v1/axon/policies') return json(res, 200, store.list());
      if (req.method === 'PUT' && url === '/v1/axon/policies') {
        const body = JSON.parse(req.body) as {resources?: unknown};
        if (!Array.isArray(body.resources)) return json(res, 400, 'body must be {"resources": [...]}');
        return json(res, 200, store.apply(body.resources));
      }
      const m = /^\/v1\/axon\/policies\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url);
      if (req.method === 'DELETE' && m) {
        const [kind, ns, name] = m.slice(1).map(decodeURIComponent);
        return json(res, 200, store.delete(kind, ns === '-' ? undefined : ns, name));
      }
      return json(res, 404, `no route ${req.method} ${url}`);
    } catch (e) {
      if (e instanceof NotFoundError) return json(res, 404, e.message);
      if (e instanceof UsageError) return json(res, 400, e.message);
      return json(res, 500, (e as Error).message);
    }
  }, 'cilium.sock');
  return {
    server,
    store,
    stateDir,
    env: {CILIUM_SOCK: server.path},
    writes: () => server.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE'),
  };
}
