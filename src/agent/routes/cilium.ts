// cilium.sock: the agent's /v1 REST API (healthz, config, endpoint, ipam, identity, debuginfo)
// and the StateDB query endpoint for the module-health table.
import {cpus} from 'node:os';
import {agentBpffsDir, type AgentCore} from '../daemon.js';
import {endpointModel, EndpointExistsError, EndpointInputError, parseEndpointChange, type EndpointRecord, type PolicyEnabled} from '../endpoints.js';
import {policyEnabled} from '../policy-enabled.js';
import {IpamConflictError, IpamExhaustedError} from '../ipam.js';
import {HttpError, type Route} from '../rest-server.js';
import {ZERO_TIME} from '../controllers.js';

export function ciliumRoutes(core: AgentCore): Route[] {
  const model = (ep: EndpointRecord) => {
    const policies = core.policy?.list();
    return endpointModel(ep, {
      identities: core.identities,
      policyRevision: policies?.revision ?? 0,
      policyEnabled: (e): PolicyEnabled => policyEnabled(policies?.resources ?? [], core.identities.get(e.identity)?.labels ?? []),
      datapath: core.datapath !== undefined,
    });
  };
  const find = (id: string) => {
    const ep = core.endpoints.find(id);
    if (!ep) throw new HttpError(404, `endpoint ${id} not found`);
    return ep;
  };
  const inputError = (e: unknown): unknown => {
    if (e instanceof EndpointInputError) return new HttpError(400, e.message);
    if (e instanceof EndpointExistsError) return new HttpError(409, e.message);
    if (e instanceof IpamConflictError) return new HttpError(400, e.message);
    return e;
  };

  return [
    {
      method: 'GET',
      path: '/v1/healthz',
      handler: ({headers}) => ({status: 200, json: core.status(String(headers.brief ?? '').toLowerCase() === 'true')}),
    },
    {method: 'GET', path: '/v1/config', handler: () => ({status: 200, json: daemonConfig(core)})},
    {
      method: 'GET',
      path: '/v1/endpoint',
      handler: ({body}) => {
        let eps = core.endpoints.list();
        if (body !== undefined) {
          if (!Array.isArray(body) || body.some((l) => typeof l !== 'string')) throw new HttpError(400, 'labels must be a JSON array of strings');
          const want = body as string[];
          eps = eps.filter((e) => {
            const have = core.identities.get(e.identity)?.labels ?? [];
            return want.every((l) => have.includes(l) || have.some((h) => h.endsWith(`:${l}`)));
          });
          if (!eps.length) throw new HttpError(404, 'no endpoint matches the given labels');
        }
        return {status: 200, json: eps.map(model)};
      },
    },
    {method: 'GET', path: '/v1/endpoint/{id}', handler: ({params}) => ({status: 200, json: model(find(params.id))})},
    {
      method: 'PUT',
      path: '/v1/endpoint/{id}',
      handler: async ({params, body}) => {
        const wanted = /^(cilium-local:)?\d+$/.test(params.id) ? Number(params.id.replace('cilium-local:', '')) : undefined;
        try {
          const ch = parseEndpointChange(body);
          if (!core.ipam.contains(ch.ipv4)) throw new IpamConflictError(`IP ${ch.ipv4} is not in the pod CIDR ${core.ipam.cidr.text}`);
          const ep = await core.addEndpoint(ch, wanted || undefined);
          return {status: 201, json: model(ep)};
        } catch (e) {
          throw inputError(e);
        }
      },
    },
    {
      method: 'PATCH',
      path: '/v1/endpoint/{id}',
      handler: ({params, body}) => {
        const ep = find(params.id);
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'endpoint change request must be a JSON object');
        try {
          core.endpoints.patch(ep, body as Record<string, unknown>);
        } catch (e) {
          throw inputError(e);
        }
        core.persist();
        return {status: 200, json: model(ep)};
      },
    },
    {
      method: 'DELETE',
      path: '/v1/endpoint/{id}',
      handler: async ({params}) => {
        await core.removeEndpoint(find(params.id), 'deleted via API');
        return {status: 200};
      },
    },
    {
      method: 'POST',
      path: '/v1/ipam',
      handler: ({query}) => {
        const family = query.get('family') ?? 'ipv4';
        if (family !== 'ipv4') throw new HttpError(400, `address family "${family}" is not enabled (IPv4 only)`);
        try {
          const ip = core.ipam.allocateNext(query.get('owner') ?? '');
          core.persist();
          return {status: 201, json: ipamResponse(core, ip)};
        } catch (e) {
          if (e instanceof IpamExhaustedError) throw new HttpError(502, `unable to allocate IPv4 address: ${e.message}`);
          throw e;
        }
      },
    },
    {
      method: 'POST',
      path: '/v1/ipam/{ip}',
      handler: ({params, query}) => {
        try {
          core.ipam.allocate(params.ip, query.get('owner') ?? '');
        } catch (e) {
          if (e instanceof IpamConflictError) throw new HttpError(409, e.message);
          throw e;
        }
        core.persist();
        return {status: 200};
      },
    },
    {
      method: 'DELETE',
      path: '/v1/ipam/{ip}',
      handler: ({params}) => {
        if (!core.ipam.contains(params.ip)) throw new HttpError(400, `IP ${params.ip} is not in the pod CIDR ${core.ipam.cidr.text}`);
        const user = core.endpoints.list().find((e) => e.ipv4 === params.ip);
        if (user) throw new HttpError(409, `IP ${params.ip} is in use by endpoint ${user.id} (${user.namespace}/${user.podName}); delete the endpoint first`);
        if (!core.ipam.release(params.ip)) throw new HttpError(404, `IP ${params.ip} is not allocated`);
        core.persist();
        return {status: 200};
      },
    },
    {
      method: 'GET',
      path: '/v1/identity',
      handler: () => ({status: 200, json: identityList(core)}),
    },
    {
      method: 'GET',
      path: '/v1/identity/{id}',
      handler: ({params}) => {
        const r = /^\d+$/.test(params.id) ? core.identities.get(Number(params.id)) : undefined;
        if (!r) throw new HttpError(404, `identity ${params.id} not found`);
        return {status: 200, json: {id: r.id, labels: r.labels}};
      },
    },
    {
      method: 'GET',
      path: '/v1/debuginfo',
      handler: () => ({
        status: 200,
        json: {'cilium-version': `${core.version} axon`, 'kernel-version': core.kernel(), 'cilium-status': core.status(false), 'endpoint-list': core.endpoints.list().map(model), policy: core.policy?.upstreamPolicy()},
      }),
    },
    {
      method: 'GET',
      path: '/statedb/query',
      handler: ({body}) => {
        const q = (body ?? {}) as {table?: string; key?: string; lowerbound?: boolean};
        if (q.table !== 'health') throw new HttpError(400, `table "${q.table ?? ''}" not found (this agent has: health)`);
        const key = q.key ? Buffer.from(q.key, 'base64').toString('utf8') : '';
        const rows = moduleHealth(core).filter((r) => (q.lowerbound ? r.id >= key : r.id.startsWith(key)));
        return {
          status: 200,
          stream: (res) => {
            for (const r of rows) res.write(JSON.stringify({rev: r.rev, obj: r.obj}) + '\n');
          },
        };
      },
    },
  ];
}

function ipamResponse(core: AgentCore, ip: string) {
  return {
    address: {ipv4: ip},
    'host-addressing': {ipv4: {'alloc-range': core.ipam.cidr.text, enabled: true, ip: core.ipam.router}, ipv6: {enabled: false}},
    ipv4: {cidrs: [core.ipam.cidr.text], gateway: core.ipam.router, ip},
  };
}

function identityList(core: AgentCore) {
  const reserved = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((id) => core.identities.get(id)!);
  return [...reserved, ...core.identities.list()].map((r) => ({id: r.id, labels: r.labels}));
}

function daemonConfig(core: AgentCore) {
  const o = core.opts;
  return {
    spec: {options: {}, 'policy-enforcement': 'default'},
    status: {
      addressing: {ipv4: {'alloc-range': core.ipam.cidr.text, enabled: true, ip: core.ipam.router}, ipv6: {enabled: false}},
      daemonConfigurationMap: {
        AgentVersion: core.version,
        BpffsDir: agentBpffsDir(o),
        ClusterName: 'default',
        Datapath: core.datapath ? 'eBPF' : 'none',
        EnableHubble: core.hubble !== undefined,
        HubbleFlowBufferSize: o.flowBuffer,
        KernelVersion: core.kernel(),
        NodeName: core.nodeName,
        NumCPUs: cpus().length,
        PodCIDR: core.ipam.cidr.text,
        RouterIPv4: core.ipam.router,
        RunDir: o.runDir,
        StateDir: o.stateDir,
      },
      datapathMode: 'veth',
      deviceMTU: 1500,
      immutable: {},
      'ipam-mode': 'cluster-pool',
      kvstoreConfiguration: {},
      masquerade: false,
      realized: {options: {}, 'policy-enforcement': 'default'},
      routeMTU: 1500,
    },
  };
}

interface HealthRow {
  id: string;
  rev: number;
  obj: Record<string, unknown>;
}

/** One module-health row per controller, in StateDB's "health" table shape. */
function moduleHealth(core: AgentCore): HealthRow[] {
  return core.controllers
    .map((c, i) => {
      const failing = c.consecutiveFailures > 0;
      const updated = (failing ? c.lastFailure : c.lastSuccess)?.toISOString() ?? ZERO_TIME;
      return {
        id: `agent.axon.${c.name}.job-${c.name}`,
        rev: i + 1,
        obj: {
          ID: {Module: ['agent', 'axon', c.name], Component: [`job-${c.name}`]},
          Level: failing ? 'Degraded' : 'OK',
          Message: failing ? c.lastFailureMsg : `${c.success} runs`,
          Error: failing ? c.lastFailureMsg : '',
          LastOK: c.lastSuccess?.toISOString() ?? ZERO_TIME,
          Updated: updated,
          Stopped: ZERO_TIME,
          Final: '',
          Count: c.success + c.failure,
        },
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
