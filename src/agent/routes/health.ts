// health.sock, base path /v1beta: cilium-health's API over this agent's own prober.
import {loadavg} from 'node:os';
import {goDuration} from '../controllers.js';
import type {AgentCore} from '../daemon.js';
import type {Route} from '../rest-server.js';

export function healthRoutes(core: AgentCore): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1beta/healthz',
      handler: () => {
        const [l1, l5, l15] = loadavg().map((n) => n.toFixed(2));
        return {status: 200, json: {cilium: core.status(false), 'system-load': {last15min: l15, last1min: l1, last5min: l5}, uptime: goDuration(Math.floor((Date.now() - core.started) / 1000) * 1000)}};
      },
    },
    {
      method: 'GET',
      path: '/v1beta/status',
      handler: async () => ({status: 200, json: core.prober.last ?? (await core.prober.probe())}),
    },
    {
      method: 'PUT',
      path: '/v1beta/status/probe',
      handler: async () => ({status: 200, json: await core.prober.probe()}),
    },
  ];
}
