// The requests behind `status` (reference 3.1): GET /v1/healthz with upstream's headers, then,
// when the agent runs the health prober, the StateDB module-health table and health.sock.
import {HEALTH_TIMEOUT_MS} from '../defaults.js';
import {AxonError, wrap} from '../errors.js';
import {ApiError, CiliumClient} from './client.js';
import type {HealthStatusResponse, ModuleHealth, StatusResponse} from './types.js';

export interface StatusRequest {
  brief: boolean;
  requireK8sConnectivity: boolean;
  timeoutMs: number;
}

/**
 * What is left of a --timeout counted from process start, so that `status --timeout 2s` in a
 * liveness probe ends within 2 s including Node's start-up (at least 100 ms for the request).
 */
export function remainingMs(timeoutMs: number, elapsedMs: number = performance.now()): number {
  return Math.max(100, Math.round(timeoutMs - elapsedMs));
}

/** GET /v1/healthz; `Brief` and `Require-K8s-Connectivity` go as headers (not query parameters). */
export function getHealthz(agent: CiliumClient, r: StatusRequest): Promise<StatusResponse> {
  return agent.get<StatusResponse>('/v1/healthz', {
    headers: {Brief: String(r.brief), 'Require-K8s-Connectivity': String(r.requireK8sConnectivity)},
    timeoutMs: remainingMs(r.timeoutMs),
  });
}

/** The StateDB query upstream sends for the "health" table: every row from key "agent" on. */
export const HEALTH_TABLE_QUERY = {key: Buffer.from('agent').toString('base64'), table: 'health', index: 'identifier', lowerbound: true};

/** Module health rows from GET /statedb/query (a stream of {rev, obj, err}). */
export async function getModuleHealth(agent: CiliumClient, timeoutMs: number): Promise<ModuleHealth[]> {
  let rows: Array<{rev?: number; obj?: ModuleHealth; err?: string}>;
  try {
    rows = await agent.stream('GET', '/statedb/query', {body: HEALTH_TABLE_QUERY, timeoutMs});
  } catch (e) {
    // an HTTP error here is a failed stream (exit 1, as upstream); connection problems keep their codes
    if (e instanceof ApiError) throw new AxonError(`Failed while streaming remote health data table: ${e.message}`, {cause: e});
    throw wrap('Failed while streaming remote health data table', e);
  }
  const failed = rows.find((r) => r.err);
  if (failed) throw new AxonError(`Failed while streaming remote health data table: ${failed.err}`);
  return rows.filter((r) => r.obj).map((r) => r.obj!);
}

/** GET /v1beta/status on health.sock, or null with the reason when it cannot be read. */
export async function getClusterHealth(health: CiliumClient, timeoutMs: number): Promise<{health: HealthStatusResponse | null; error?: string}> {
  try {
    return {health: await health.get<HealthStatusResponse>('/v1beta/status', {timeoutMs: Math.min(timeoutMs, HEALTH_TIMEOUT_MS)})};
  } catch (e) {
    return {health: null, error: e instanceof Error ? e.message : String(e)};
  }
}

/** `status --json`: everything the text shows, as one document (cilium#13171). */
export interface StatusDocument {
  status: StatusResponse;
  /** null when the prober is disabled or health.sock could not be read (then clusterHealthError says why). */
  clusterHealth: HealthStatusResponse | null;
  clusterHealthError?: string;
  /** null when the prober is disabled. */
  modules: ModuleHealth[] | null;
}
