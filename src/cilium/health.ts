// The request behind `health` (= cilium-health status): the cached probe result, or a
// synchronous probe round with --probe. Errors keep upstream's "Cannot get status:" prefix.
import {wrap} from '../errors.js';
import type {CiliumClient} from './client.js';
import type {HealthStatusResponse} from './types.js';

export async function getHealthStatus(health: CiliumClient, o: {probe: boolean; timeoutMs: number}): Promise<HealthStatusResponse> {
  try {
    return o.probe
      ? await health.put<HealthStatusResponse>('/v1beta/status/probe', {timeoutMs: o.timeoutMs})
      : await health.get<HealthStatusResponse>('/v1beta/status', {timeoutMs: o.timeoutMs});
  } catch (e) {
    throw wrap(o.probe ? 'Cannot get status/probe' : 'Cannot get status', e);
  }
}
