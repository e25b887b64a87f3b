// GET /v1/healthz: a StatusResponse that tells the truth about this agent (what runs, what is
// disabled, real controller counters, IPAM and Hubble counts), in the agent's key order, and
// the four-key brief form (section 2.4 of the agent API reference).
import type {StatusResponse} from '../cilium/types.js';
import type {Controller} from './controllers.js';
import {goDuration} from './controllers.js';
import {MAX_IDENTITY, MIN_IDENTITY} from './identity.js';
import type {Ipam} from './ipam.js';

export interface StatusInputs {
  version: string;
  /** `<cluster>/<node>` */
  self: string;
  controllers: Controller[];
  ipam: Ipam;
  hubble?: {current: number; max: number; seen: number; uptimeMs: number};
  /** attach mode of the datapath programs, undefined when no datapath is loaded */
  attachMode?: 'tcx' | 'tc';
  healthOk: boolean;
}

/** "0.1.0 (v0.1.0-axon)", the shape of cilium's "1.19.4 (v1.19.4-5c3e9e2b)". */
export function versionText(version: string): string {
  return `${version} (v${version}-axon)`;
}

function ciliumState(i: StatusInputs): {msg: string; state: string} {
  if (i.controllers.some((c) => c.success + c.failure === 0)) return {msg: 'Not all probes executed at least once', state: 'Warning'};
  return {msg: versionText(i.version), state: 'Ok'};
}

function clusterHealth(i: StatusInputs): {state: string; msg?: string} {
  return i.healthOk ? {state: 'Ok'} : {state: 'Warning', msg: 'cilium-health daemon unreachable'};
}

export function buildStatus(i: StatusInputs, brief: boolean): StatusResponse {
  const controllers = i.controllers.map((c) => c.toJSON());
  if (brief) {
    const failing = controllers.find((c) => c.status['last-failure-msg']);
    const out: StatusResponse = {cilium: ciliumState(i), cluster: {ciliumHealth: clusterHealth(i), nodes: null}};
    if (failing) out.controllers = [failing];
    return out;
  }
  const alloc = i.ipam.allocations();
  const ips = Object.keys(alloc);
  const out: StatusResponse = {};
  if (i.attachMode) out['attach-mode'] = i.attachMode;
  Object.assign(out, {
    'auth-certificate-provider': {state: 'Disabled'},
    'bandwidth-manager': {devices: null},
    cilium: ciliumState(i),
    'clock-source': {mode: 'ktime'},
    cluster: {ciliumHealth: clusterHealth(i), nodes: null, self: i.self},
    'cni-chaining': {mode: 'none'},
    controllers,
    'datapath-mode': 'veth',
    encryption: {mode: 'Disabled'},
    'host-firewall': {devices: null, mode: 'Disabled'},
    hubble: i.hubble
      ? {observer: {'current-flows': i.hubble.current, 'max-flows': i.hubble.max, 'seen-flows': i.hubble.seen, uptime: goDuration(Math.floor(i.hubble.uptimeMs / 1000) * 1000)}, state: 'Ok'}
      : {msg: 'Hubble server is not running', state: 'Warning'},
    'hubble-metrics': {state: 'Disabled'},
    'identity-range': {'max-identity': MAX_IDENTITY, 'min-identity': MIN_IDENTITY},
    ipam: {allocations: alloc, ipv4: ips, ipv6: null, status: `IPv4: ${ips.length}/${i.ipam.capacity} allocated from ${i.ipam.cidr.text}, `},
    'ipv4-big-tcp': {},
    'ipv6-big-tcp': {},
    'kube-proxy-replacement': {mode: 'False'},
    kubernetes: {state: 'Disabled'},
    kvstore: {state: 'Disabled'},
    masquerading: {enabled: false},
    routing: {'inter-host-routing-mode': 'Native', 'intra-host-routing-mode': 'Legacy', 'tunnel-protocol': ''},
    srv6: {},
  } satisfies StatusResponse);
  return out;
}
