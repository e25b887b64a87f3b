// Live values from the local agent's endpoints (GET /v1/endpoint on cilium.sock): pods as
// namespace/pod, namespaces, identity labels, identities and IPs.
import type {Endpoint} from '../../cilium/types.js';
import type {Candidate} from '../protocol.js';
import type {ProviderContext} from '../sources.js';
import {withAgent} from './agent.js';

async function endpoints(ctx: ProviderContext): Promise<Endpoint[]> {
  const list = await withAgent(ctx, (c) => c.get<Endpoint[]>('/v1/endpoint'));
  return Array.isArray(list) ? list : [];
}

const ids = (ep: Endpoint) => ep.status?.['external-identifiers'] ?? {};
const ipv4 = (ep: Endpoint) => ep.status?.networking?.addressing?.find((a) => a.ipv4)?.ipv4;
const podOf = (ep: Endpoint) => {
  const x = ids(ep);
  return x['k8s-namespace'] && x['k8s-pod-name'] ? `${x['k8s-namespace']}/${x['k8s-pod-name']}` : undefined;
};
/** Labels as Hubble's label filters take them: `app=x` for the k8s source, `reserved:host` as is. */
const labelsOf = (ep: Endpoint) => (ep.status?.identity?.labels ?? []).map((l) => l.replace(/^k8s:/, ''));
const appLabels = (ep: Endpoint) => labelsOf(ep).filter((l) => !l.startsWith('io.')).join(' ');

const sorted = (m: Map<string, string>): Candidate[] =>
  [...m].sort(([a], [b]) => a.localeCompare(b)).map(([value, description]) => ({value, description}));

export async function pods(ctx: ProviderContext): Promise<Candidate[]> {
  const out = new Map<string, string>();
  for (const ep of await endpoints(ctx)) {
    const pod = podOf(ep);
    if (pod) out.set(pod, [ipv4(ep), appLabels(ep)].filter(Boolean).join(' '));
  }
  return sorted(out);
}

export async function namespaces(ctx: ProviderContext): Promise<Candidate[]> {
  const count = new Map<string, number>();
  for (const ep of await endpoints(ctx)) {
    const ns = ids(ep)['k8s-namespace'];
    if (ns) count.set(ns, (count.get(ns) ?? 0) + 1);
  }
  return sorted(new Map([...count].map(([ns, n]) => [ns, `${n} pod${n === 1 ? '' : 's'}`])));
}

export async function labels(ctx: ProviderContext): Promise<Candidate[]> {
  const count = new Map<string, number>();
  for (const ep of await endpoints(ctx)) for (const l of labelsOf(ep)) count.set(l, (count.get(l) ?? 0) + 1);
  return sorted(new Map([...count].map(([l, n]) => [l, `${n} endpoint${n === 1 ? '' : 's'}`])));
}

export async function identities(ctx: ProviderContext): Promise<Candidate[]> {
  const out = new Map<string, string>();
  for (const ep of await endpoints(ctx)) {
    const id = ep.status?.identity?.id;
    if (id !== undefined) out.set(String(id), appLabels(ep) || labelsOf(ep).join(' '));
  }
  return sorted(out);
}

export async function ips(ctx: ProviderContext): Promise<Candidate[]> {
  const out = new Map<string, string>();
  for (const ep of await endpoints(ctx)) {
    for (const a of ep.status?.networking?.addressing ?? []) {
      for (const ip of [a.ipv4, a.ipv6]) if (ip) out.set(ip, podOf(ep) ?? `endpoint ${ep.id}`);
    }
  }
  return sorted(out);
}
