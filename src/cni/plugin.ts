// axon-cni: CNI 1.0 ADD/DEL/CHECK/VERSION against the axon agent's REST API (POST /v1/ipam,
// PUT|GET|DELETE /v1/endpoint/{id}, DELETE /v1/ipam/{ip}) plus the kernel wiring of link.ts.
import {ApiError, CiliumClient, parseHost} from '../cilium/client.js';
import type {Endpoint} from '../cilium/types.js';
import {ConnectError, TimeoutError} from '../errors.js';
import {SUPPORTED_VERSIONS, type CniResult, type Invocation, type NetConf} from './config.js';
import {CniCode, CniError} from './errors.js';
import {checkPodLink, createPodLink, deletePodLink, hostIfName, linkExists} from './link.js';

export const CNI_API_TIMEOUT_MS = 20_000;

function client(conf: NetConf): CiliumClient {
  return new CiliumClient(parseHost(`unix://${conf.socket}`), {timeoutMs: CNI_API_TIMEOUT_MS});
}

/** Agent errors as CNI errors: unreachable → "try again later" (11), as the spec suggests. */
function agentError(conf: NetConf, what: string, e: unknown): CniError {
  if (e instanceof CniError) return e;
  if (e instanceof ConnectError || e instanceof TimeoutError)
    return new CniError(CniCode.TRY_AGAIN_LATER, `cannot reach the axon agent at ${conf.socket}: ${e.message.split('\n')[0]}`, 'start it with "axon agent", or set "agent-socket" in the network configuration');
  if (e instanceof ApiError && e.status === 502) return new CniError(CniCode.POOL_EXHAUSTED, `${what}: ${e.message}`);
  return new CniError(CniCode.INTERNAL, `${what}: ${(e as Error).message}`);
}

const attachmentRef = (inv: Invocation) => `cni-attachment-id:${inv.containerId}:${inv.ifName}`;

async function findEndpoint(api: CiliumClient, inv: Invocation): Promise<Endpoint | undefined> {
  try {
    return await api.get<Endpoint>(`/v1/endpoint/${encodeURIComponent(attachmentRef(inv))}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

interface IpamResponse {
  address: {ipv4: string};
  ipv4: {ip: string; gateway: string; cidrs: string[]};
}

function result(conf: NetConf, inv: Invocation, hostIf: string, hostMac: string, podMac: string, ip: string, router: string, cidr: string): CniResult {
  const legacy = SUPPORTED_VERSIONS.indexOf(conf.cniVersion) < SUPPORTED_VERSIONS.indexOf('1.0.0');
  return {
    cniVersion: conf.cniVersion,
    interfaces: [{name: hostIf, mac: hostMac}, {name: inv.ifName, mac: podMac, sandbox: inv.netns}],
    ips: [{...(legacy ? {version: '4'} : {}), address: `${ip}/32`, gateway: router, interface: 1}],
    routes: [{dst: cidr, gw: router}],
    dns: {},
  };
}

export async function cmdAdd(conf: NetConf, inv: Invocation): Promise<CniResult> {
  const api = client(conf);
  const hostIf = hostIfName(inv.containerId, inv.ifName);
  try {
    const existing = await findEndpoint(api, inv).catch((e) => {
      throw agentError(conf, 'look up endpoint', e);
    });
    if (existing || linkExists(hostIf))
      throw new CniError(
        CniCode.ALREADY_ATTACHED,
        `container ${inv.containerId} is already attached to network "${conf.name}" as ${inv.ifName} (host interface ${hostIf}${existing ? `, endpoint ${existing.id}` : ''})`,
        'the runtime called ADD twice; call DEL first',
      );
    const owner = `${inv.namespace}/${inv.podName}`;
    const ipam = await api.post<IpamResponse>(`/v1/ipam?family=ipv4&owner=${encodeURIComponent(owner)}&expiration=false`).catch((e) => {
      throw agentError(conf, 'allocate an IPv4 address', e);
    });
    const ip = ipam.address.ipv4;
    const router = ipam.ipv4.gateway;
    const cidr = ipam.ipv4.cidrs[0];
    let link;
    try {
      link = await createPodLink({netns: inv.netns, hostIf, podIf: inv.ifName, ip, router, cidr, mtu: typeof conf.raw.mtu === 'number' ? conf.raw.mtu : undefined});
      await api.put(`/v1/endpoint/${encodeURIComponent(attachmentRef(inv))}`, {
        body: {
          addressing: {ipv4: ip},
          'container-id': inv.containerId,
          'container-interface-name': inv.ifName,
          'host-mac': link.hostMac,
          'interface-index': link.hostIndex,
          'interface-name': hostIf,
          'k8s-namespace': inv.namespace,
          'k8s-pod-name': inv.podName,
          labels: conf.labels,
          mac: link.podMac,
          netns: inv.netns,
          state: 'waiting-for-identity',
        },
      });
    } catch (e) {
      // leave nothing behind: the link (with its peer, address and route) and the IP
      await deletePodLink(hostIf).catch(() => undefined);
      await api.delete(`/v1/ipam/${ip}`).catch(() => undefined);
      if (e instanceof CniError) throw e;
      throw agentError(conf, `set up ${inv.namespace}/${inv.podName}`, e);
    }
    return result(conf, inv, hostIf, link.hostMac, link.podMac, ip, router, cidr);
  } finally {
    api.close();
  }
}

/** DEL succeeds for unknown containers and when parts are already gone (spec: idempotent). */
export async function cmdDel(conf: NetConf, inv: Invocation): Promise<void> {
  const hostIf = hostIfName(inv.containerId, inv.ifName);
  await deletePodLink(hostIf).catch((e: Error) => {
    throw new CniError(CniCode.IO_FAILURE, `delete ${hostIf}: ${e.message}`);
  });
  const api = client(conf);
  try {
    const ep = await findEndpoint(api, inv);
    if (ep) await api.delete(`/v1/endpoint/${ep.id}`);
    const ips = new Set<string>();
    const epIp = ep?.status?.networking?.addressing?.[0]?.ipv4;
    if (epIp) ips.add(epIp);
    for (const a of conf.prevResult?.ips ?? []) ips.add(a.address.split('/')[0]);
    for (const ip of ips) await api.delete(`/v1/ipam/${ip}`).catch((e) => {
      if (!(e instanceof ApiError && (e.status === 404 || e.status === 400 || e.status === 409))) throw e;
    });
  } catch (e) {
    // An agent that is down re-checks its endpoints against the kernel and frees this one itself.
    if (!(e instanceof ConnectError || e instanceof TimeoutError)) throw agentError(conf, 'remove endpoint', e);
  } finally {
    api.close();
  }
}

export async function cmdCheck(conf: NetConf, inv: Invocation): Promise<void> {
  if (SUPPORTED_VERSIONS.indexOf(conf.cniVersion) < SUPPORTED_VERSIONS.indexOf('0.4.0'))
    throw new CniError(CniCode.INCOMPATIBLE_VERSION, `CHECK needs cniVersion 0.4.0 or later; config is "${conf.cniVersion}"`);
  const prev = conf.prevResult;
  const prevIp = prev?.ips?.[0];
  if (!prevIp) throw new CniError(CniCode.INVALID_CONFIG, 'CHECK needs "prevResult" with the ADD result');
  const api = client(conf);
  try {
    const ep = await findEndpoint(api, inv).catch((e) => {
      throw agentError(conf, 'look up endpoint', e);
    });
    const ip = prevIp.address.split('/')[0];
    const hostIf = hostIfName(inv.containerId, inv.ifName);
    const problems: string[] = [];
    if (!ep) problems.push(`the agent has no endpoint for container ${inv.containerId} (${inv.ifName})`);
    else if (ep.status?.networking?.addressing?.[0]?.ipv4 !== ip) problems.push(`the agent's endpoint ${ep.id} has IP ${ep.status?.networking?.addressing?.[0]?.ipv4}, prevResult has ${ip}`);
    const cidr = prev.routes?.[0]?.dst ?? '';
    problems.push(...(await checkPodLink({netns: inv.netns, hostIf, podIf: inv.ifName, ip, router: prevIp.gateway ?? '', cidr})));
    if (problems.length) throw new CniError(CniCode.CHECK_FAILED, `CHECK failed for ${inv.containerId}: ${problems.join('; ')}`);
  } finally {
    api.close();
  }
}

/** VERSION answers whatever it is given (podman sends dummy values), echoing a known cniVersion. */
export function cmdVersion(stdin: string): {cniVersion: string; supportedVersions: string[]} {
  let asked: unknown;
  try {
    asked = (JSON.parse(stdin) as {cniVersion?: unknown}).cniVersion;
  } catch {
    // no or broken config: answer with our own version
  }
  return {cniVersion: typeof asked === 'string' && SUPPORTED_VERSIONS.includes(asked) ? asked : '1.0.0', supportedVersions: SUPPORTED_VERSIONS};
}
