// Where trace endpoints come from: an --endpoints YAML/JSON file, or the agent's GET /v1/endpoint.
import {parse} from 'yaml';
import type {Endpoint} from '../../cilium/types.js';
import {UsageError} from '../../errors.js';
import type {TraceEndpoint} from './identity.js';

const KEYS = new Set(['name', 'labels', 'ip', 'ports', 'namespaceLabels', 'serviceAccount', 'dnsNames']);

/** A YAML/JSON list of endpoints (or `{endpoints: [...]}`); every entry checked with its index. */
export function parseEndpoints(text: string, file: string): TraceEndpoint[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`, {hint: 'the endpoints file is a list of {name: ns/pod, labels: {key: value}, ip}'});
  }
  const list = Array.isArray(doc) ? doc : (doc as {endpoints?: unknown})?.endpoints;
  if (!Array.isArray(list)) throw new UsageError(`${file}: expected a list of endpoints`, {hint: 'write "- name: ns/pod\\n  labels: {app: web}\\n  ip: 10.0.0.5"'});
  return list.map((e, i) => checkEndpoint(e, `${file}: endpoint [${i}]`));
}

function checkEndpoint(e: unknown, where: string): TraceEndpoint {
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new UsageError(`${where}: expected an object`);
  const o = e as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !KEYS.has(k));
  if (unknown.length) throw new UsageError(`${where}: unknown field "${unknown[0]}"`, {hint: `allowed fields: ${[...KEYS].join(', ')}`});
  if (typeof o.name !== 'string' || o.name === '') throw new UsageError(`${where}: "name" (ns/pod) is required`);
  const labels = o.labels;
  if (labels !== undefined && !(Array.isArray(labels) ? labels.every((l) => typeof l === 'string') : typeof labels === 'object' && labels !== null)) {
    throw new UsageError(`${where} (${o.name}): "labels" must be a map {key: value} or a list of "source:key=value" strings`);
  }
  if (o.ip !== undefined && typeof o.ip !== 'string') throw new UsageError(`${where} (${o.name}): "ip" must be a string`);
  if (o.ports !== undefined) {
    if (typeof o.ports !== 'object' || o.ports === null || Array.isArray(o.ports)) throw new UsageError(`${where} (${o.name}): "ports" must be a map {name: number}`);
    for (const [k, v] of Object.entries(o.ports)) {
      const port = typeof v === 'number' ? v : (v as {port?: unknown})?.port;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${where} (${o.name}): port "${k}" must be a number 1-65535 or {port, protocol}`);
    }
  }
  const strMap = (v: unknown) => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x ?? '')])) : undefined);
  return {
    name: o.name,
    labels: Array.isArray(labels) ? (labels as string[]) : strMap(labels),
    ip: o.ip as string | undefined,
    ports: o.ports as TraceEndpoint['ports'],
    namespaceLabels: strMap(o.namespaceLabels),
    serviceAccount: typeof o.serviceAccount === 'string' ? o.serviceAccount : undefined,
    dnsNames: Array.isArray(o.dnsNames) ? o.dnsNames.map(String) : undefined,
  };
}

/** Cilium Endpoint models → trace endpoints: ns/pod from external identifiers, identity labels. */
export function endpointsFromCilium(eps: readonly Endpoint[]): TraceEndpoint[] {
  return eps.map((ep) => {
    const ids = ep.status?.['external-identifiers'] ?? {};
    const labels = ep.status?.identity?.labels ?? [];
    const ns = ids['k8s-namespace'];
    const pod = ids['k8s-pod-name'];
    const reserved = labels.find((l) => l.startsWith('reserved:'));
    const name = ns && pod ? `${ns}/${pod}` : (reserved ?? `endpoint-${ep.id}`);
    const named = (ep.status as {'named-ports'?: Array<{name?: string; port?: number; protocol?: string}>} | undefined)?.['named-ports'] ?? [];
    const ports = Object.fromEntries(named.filter((p) => p.name && p.port).map((p) => [p.name!, {port: p.port!, protocol: (p.protocol ?? 'TCP') as 'TCP'}]));
    return {name, labels, ip: ep.status?.networking?.addressing?.[0]?.ipv4, ports};
  });
}
