// Policy routes on cilium.sock (contracts.md): GET /v1/policy (upstream shape), and axon's
// write API under /v1/axon/policies backed by the policy area's PolicyStore.
import {NotFoundError} from '../../errors.js';
import {HttpError, type Route} from '../rest-server.js';

export interface PolicyStoreLike {
  apply(resources: unknown[]): {revision: number; results: unknown[]} | Promise<{revision: number; results: unknown[]}>;
  delete(kind: string, namespace: string | undefined, name: string): unknown;
  list(): {revision: number; resources: unknown[]};
  upstreamPolicy(): {policy: string; revision: number};
  onChange?(fn: () => void): void;
}

function storeOf(core: {policy?: PolicyStoreLike}): PolicyStoreLike {
  if (!core.policy) throw new HttpError(501, 'the policy store is not available in this build of axon');
  return core.policy;
}

/** Errors of the store: invalid input → 400 with its text, unknown policy → 404, else 500. */
function mapError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  if (e instanceof NotFoundError) return new HttpError(404, e.message);
  const err = e as Error & {exitCode?: number};
  if (err.exitCode === 2 || err.name === 'UsageError' || err.name === 'ValidationError') return new HttpError(400, err.message);
  return e;
}

export function policyRoutes(core: {policy?: PolicyStoreLike}): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1/policy',
      handler: () => {
        const p = storeOf(core).upstreamPolicy();
        if (!storeOf(core).list().resources.length) throw new HttpError(404, 'policy not found');
        return {status: 200, json: p};
      },
    },
    {
      method: 'GET',
      path: '/v1/axon/policies',
      handler: () => ({status: 200, json: storeOf(core).list()}),
    },
    {
      method: 'PUT',
      path: '/v1/axon/policies',
      handler: async ({body}) => {
        const resources = (body as {resources?: unknown} | undefined)?.resources;
        if (!Array.isArray(resources)) throw new HttpError(400, 'body must be {"resources": [...]}');
        try {
          return {status: 200, json: await storeOf(core).apply(resources)};
        } catch (e) {
          throw mapError(e);
        }
      },
    },
    {
      method: 'DELETE',
      path: '/v1/axon/policies/{kind}/{namespace}/{name}',
      handler: async ({params}) => {
        const ns = params.namespace === '-' ? undefined : params.namespace;
        try {
          const r = (await storeOf(core).delete(params.kind, ns, params.name)) as {revision?: number} | undefined | null | false;
          if (!r) throw new HttpError(404, `${params.kind} ${ns ? `${ns}/` : ''}${params.name} not found`);
          return {status: 200, json: {revision: r.revision ?? storeOf(core).list().revision}};
        } catch (e) {
          throw mapError(e);
        }
      },
    },
  ];
}
