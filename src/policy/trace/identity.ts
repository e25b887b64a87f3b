// Endpoints as the tracer sees them (network-policy.md 14.1 step 1): each pod gets the label set
// Cilium gives its identity (3.2); non-pod peers carry reserved: labels (reserved:world, ...).
import {
  CLUSTER_LABEL,
  DEFAULT_CLUSTER,
  NAMESPACE_LABELS_PREFIX,
  NAMESPACE_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  SERVICE_ACCOUNT_LABEL,
  labelsFromMap,
  parseLabel,
  type Label,
} from '../selector.js';

export type NamedPortProtocol = 'TCP' | 'UDP' | 'SCTP';

/** An entry of `--endpoints FILE` (or converted from the agent's GET /v1/endpoint). */
export interface TraceEndpoint {
  /** `namespace/pod` for pods; any name (e.g. `world`, `host`) for reserved identities. */
  name: string;
  /** Pod labels `{key: value}` (k8s: source unless prefixed), or Cilium label strings `k8s:app=x`. */
  labels?: Record<string, string> | string[];
  ip?: string;
  /** Named container ports: `{http: 8080}` (TCP) or `{dns: {port: 53, protocol: UDP}}`. */
  ports?: Record<string, number | {port: number; protocol?: NamedPortProtocol}>;
  /** Labels of the pod's Namespace object (kubernetes.io/metadata.name is always added). */
  namespaceLabels?: Record<string, string>;
  serviceAccount?: string;
  /** Names a world peer is known by (what a toFQDNs rule would have learned through DNS). */
  dnsNames?: string[];
}

export interface Identity {
  name: string;
  namespace?: string;
  pod?: string;
  ip?: string;
  labels: Label[];
  /** Keys of the reserved: labels (world, host, remote-node, ...). */
  reserved: string[];
  /** A Cilium-managed pod: policy applies to it as a subject. */
  isPod: boolean;
  namedPorts: Map<string, {port: number; protocol: NamedPortProtocol}>;
  dnsNames: string[];
}

export function identityOf(ep: TraceEndpoint): Identity {
  const given: Label[] = Array.isArray(ep.labels) ? ep.labels.map((l) => parseLabel(l)) : labelsFromMap(ep.labels ?? {});
  const reserved = given.filter((l) => l.source === 'reserved').map((l) => l.key);
  const slash = ep.name.indexOf('/');
  const isPod = reserved.length === 0 && slash > 0;
  const labels = [...given];
  let namespace: string | undefined;
  let pod: string | undefined;
  if (isPod) {
    namespace = ep.name.slice(0, slash);
    pod = ep.name.slice(slash + 1);
    const has = (key: string) => labels.some((l) => l.source === 'k8s' && l.key === key);
    const add = (key: string, value: string) => {
      if (!has(key)) labels.push({source: 'k8s', key, value});
    };
    add(POD_NAMESPACE_LABEL, namespace);
    add(NAMESPACE_LABELS_PREFIX + NAMESPACE_NAME_LABEL, namespace);
    for (const [k, v] of Object.entries(ep.namespaceLabels ?? {})) add(NAMESPACE_LABELS_PREFIX + k, String(v));
    if (ep.serviceAccount) add(SERVICE_ACCOUNT_LABEL, ep.serviceAccount);
    add(CLUSTER_LABEL, DEFAULT_CLUSTER);
  }
  const namedPorts = new Map<string, {port: number; protocol: NamedPortProtocol}>();
  for (const [name, p] of Object.entries(ep.ports ?? {})) {
    namedPorts.set(name.toLowerCase(), typeof p === 'number' ? {port: p, protocol: 'TCP'} : {port: p.port, protocol: p.protocol ?? 'TCP'});
  }
  return {name: ep.name, namespace, pod, ip: ep.ip, labels, reserved, isPod, namedPorts, dnsNames: ep.dnsNames ?? []};
}

/** An address outside the cluster that no endpoint entry describes. */
export function worldIdentity(ip: string): Identity {
  return {name: ip, ip, labels: [{source: 'reserved', key: 'world', value: ''}], reserved: ['world'], isPod: false, namedPorts: new Map(), dnsNames: []};
}

export function isWorld(id: Identity): boolean {
  return id.reserved.includes('world') || id.reserved.includes('world-ipv4') || id.reserved.includes('world-ipv6');
}
