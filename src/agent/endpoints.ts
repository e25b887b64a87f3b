// Endpoints: what the CNI plugin registered (PUT /v1/endpoint/{id}), their identities, and the
// Cilium Endpoint model served by GET /v1/endpoint. The kernel is the truth: an endpoint whose
// host-side veth is gone is removed (after a restart, on the periodic sync).
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import type {IdentityAllocator} from './identity.js';

/** A registered endpoint: the change request plus what the agent assigned. */
export interface EndpointRecord extends EndpointChange {
  id: number;
  identity: number;
  created: string;
  state: 'ready' | 'restoring' | 'disconnected' | 'waiting-for-identity';
}

export class EndpointInputError extends Error {}
export class EndpointExistsError extends Error {}

export const CLUSTER_NAME = 'default';
export const DEFAULT_NAMESPACE = 'default';

/** "app=x" → "k8s:app=x"; a source before the key (k8s:, container:, reserved:) is kept. */
export function normalizeLabel(l: string): string {
  const eq = l.indexOf('=');
  const colon = l.indexOf(':');
  return colon >= 0 && (eq < 0 || colon < eq) ? l : `k8s:${l}`;
}

/** Labels that make up the security identity: user labels + namespace and cluster. */
export function securityLabels(labels: string[], namespace: string): string[] {
  const out = new Set(labels.map(normalizeLabel).filter((l) => !l.startsWith('k8s:io.kubernetes.pod.namespace=') && !l.startsWith('k8s:io.cilium.k8s.policy.cluster=')));
  out.add(`k8s:io.kubernetes.pod.namespace=${namespace}`);
  out.add(`k8s:io.cilium.k8s.policy.cluster=${CLUSTER_NAME}`);
  return [...out].sort();
}

/** Cilium's EndpointChangeRequest (the fields axon uses), validated. */
export interface EndpointChange {
  containerId: string;
  containerIfName: string;
  hostIfName: string;
  hostIfIndex: number;
  mac: string;
  hostMac: string;
  ipv4: string;
  namespace: string;
  podName: string;
  /** user labels, "source:key=value" */
  labels: string[];
  netns?: string;
}

const str = (o: Record<string, unknown>, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : undefined);

export function parseEndpointChange(body: unknown): EndpointChange {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new EndpointInputError('endpoint change request must be a JSON object');
  const b = body as Record<string, unknown>;
  const addressing = (b.addressing ?? {}) as Record<string, unknown>;
  const ipv4 = str(addressing, 'ipv4');
  const need = (k: string, v: string | undefined) => {
    if (!v) throw new EndpointInputError(`missing "${k}" in endpoint change request`);
    return v;
  };
  const labels = b.labels ?? [];
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) throw new EndpointInputError('"labels" must be an array of strings');
  const ifIndex = b['interface-index'];
  if (typeof ifIndex !== 'number' || !Number.isInteger(ifIndex) || ifIndex <= 0) throw new EndpointInputError('"interface-index" must be a positive integer');
  return {
    containerId: need('container-id', str(b, 'container-id')),
    containerIfName: str(b, 'container-interface-name') ?? 'eth0',
    hostIfName: need('interface-name', str(b, 'interface-name')),
    hostIfIndex: ifIndex,
    mac: str(b, 'mac') ?? '',
    hostMac: str(b, 'host-mac') ?? '',
    ipv4: need('addressing.ipv4', ipv4),
    namespace: str(b, 'k8s-namespace') || DEFAULT_NAMESPACE,
    podName: need('k8s-pod-name', str(b, 'k8s-pod-name')),
    labels: (labels as string[]).map(normalizeLabel),
    netns: str(b, 'netns'),
  };
}

/** Interface index of a root-namespace link, or undefined when it does not exist. */
export function linkIndex(name: string): number | undefined {
  if (!/^[\w.-]{1,15}$/.test(name)) return undefined;
  try {
    return Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim());
  } catch {
    return undefined;
  }
}

export type PolicyEnabled = 'none' | 'ingress' | 'egress' | 'both';

export interface EndpointModelContext {
  identities: IdentityAllocator;
  policyRevision: number;
  policyEnabled(ep: EndpointRecord): PolicyEnabled;
  datapath: boolean;
}

/** Cilium's Endpoint model (GET /v1/endpoint), section 6 of the agent API reference. */
export function endpointModel(ep: EndpointRecord, ctx: EndpointModelContext): Record<string, unknown> {
  const identity = ctx.identities.get(ep.identity);
  const idLabels = identity?.labels ?? [];
  return {
    id: ep.id,
    spec: {'label-configuration': {user: ep.labels}, options: {}},
    status: {
      controllers: [],
      'external-identifiers': {
        'cni-attachment-id': `${ep.containerId}:${ep.containerIfName}`,
        'container-id': ep.containerId,
        'k8s-namespace': ep.namespace,
        'k8s-pod-name': ep.podName,
        'pod-name': `${ep.namespace}/${ep.podName}`,
      },
      health: {bpf: ctx.datapath ? 'OK' : 'Disabled', connected: ep.state === 'ready', overallHealth: ep.state === 'ready' ? 'OK' : 'Warning', policy: 'OK'},
      identity: {id: ep.identity, labels: idLabels, labelsSHA256: createHash('sha256').update(idLabels.join(';') + ';').digest('hex')},
      labels: {derived: [], disabled: [], realized: {user: ep.labels}, 'security-relevant': idLabels},
      log: [],
      namedPorts: [],
      networking: {
        addressing: [{ipv4: ep.ipv4}],
        'container-interface-name': ep.containerIfName,
        'host-mac': ep.hostMac,
        'interface-index': ep.hostIfIndex,
        'interface-name': ep.hostIfName,
        mac: ep.mac,
      },
      policy: {
        realized: {'policy-enabled': ctx.policyEnabled(ep), 'policy-revision': ctx.policyRevision},
        spec: {'policy-enabled': ctx.policyEnabled(ep), 'policy-revision': ctx.policyRevision},
      },
      state: ep.state,
    },
  };
}

export class EndpointManager {
  private readonly byId = new Map<number, EndpointRecord>();

  constructor(private readonly identities: IdentityAllocator, restored: EndpointRecord[] = []) {
    for (const ep of restored) this.byId.set(ep.id, ep);
  }

  list(): EndpointRecord[] {
    return [...this.byId.values()].sort((a, b) => a.id - b.id);
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * Resolve an endpoint reference as Cilium does: "42", "cilium-local:42", "container-id:<id>",
   * "cni-attachment-id:<id>:<ifname>", "pod-name:<ns>/<pod>" (also "<ns>:<pod>").
   */
  find(ref: string): EndpointRecord | undefined {
    if (/^\d+$/.test(ref)) return this.byId.get(Number(ref));
    const i = ref.indexOf(':');
    const [kind, rest] = i < 0 ? ['', ref] : [ref.slice(0, i), ref.slice(i + 1)];
    const all = this.list();
    switch (kind) {
      case 'cilium-local':
        return this.byId.get(Number(rest));
      case 'container-id':
        return all.find((e) => e.containerId === rest);
      case 'cni-attachment-id':
        return all.find((e) => `${e.containerId}:${e.containerIfName}` === rest);
      case 'pod-name': {
        const m = /^([^/:]+)[/:](.+)$/.exec(rest);
        return m ? all.find((e) => e.namespace === m[1] && e.podName === m[2]) : undefined;
      }
      default:
        return undefined;
    }
  }

  private nextId(): number {
    for (let id = 1; ; id++) if (!this.byId.has(id)) return id;
  }

  create(ch: EndpointChange, wantedId?: number): EndpointRecord {
    const dup = this.list().find((e) => (e.containerId === ch.containerId && e.containerIfName === ch.containerIfName) || e.ipv4 === ch.ipv4 || e.hostIfName === ch.hostIfName);
    if (dup) throw new EndpointExistsError(`endpoint ${dup.id} already exists for container ${dup.containerId.slice(0, 12)} (${dup.namespace}/${dup.podName}, ${dup.ipv4}, ${dup.hostIfName})`);
    if (wantedId !== undefined && this.byId.has(wantedId)) throw new EndpointExistsError(`endpoint ${wantedId} already exists`);
    const identity = this.identities.allocate(securityLabels(ch.labels, ch.namespace));
    const ep: EndpointRecord = {
      id: wantedId ?? this.nextId(),
      ...ch,
      identity: identity.id,
      created: new Date().toISOString(),
      state: 'ready',
    };
    this.byId.set(ep.id, ep);
    return ep;
  }

  /** PATCH: labels (re-computes the identity) and state; other fields are fixed at creation. */
  patch(ep: EndpointRecord, body: Record<string, unknown>): EndpointRecord {
    if (body.labels !== undefined) {
      if (!Array.isArray(body.labels) || body.labels.some((l) => typeof l !== 'string')) throw new EndpointInputError('"labels" must be an array of strings');
      ep.labels = (body.labels as string[]).map(normalizeLabel);
      ep.identity = this.identities.allocate(securityLabels(ep.labels, ep.namespace)).id;
    }
    if (body.state !== undefined) {
      if (!['ready', 'disconnected', 'waiting-for-identity', 'restoring'].includes(String(body.state))) throw new EndpointInputError(`invalid endpoint state "${String(body.state)}"`);
      ep.state = body.state as EndpointRecord['state'];
    }
    this.gcIdentities();
    return ep;
  }

  remove(id: number): EndpointRecord | undefined {
    const ep = this.byId.get(id);
    if (!ep) return undefined;
    this.byId.delete(id);
    this.gcIdentities();
    return ep;
  }

  private gcIdentities(): void {
    this.identities.gc(new Set(this.list().map((e) => e.identity)));
  }
}
