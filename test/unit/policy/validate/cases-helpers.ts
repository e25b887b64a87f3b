// Builders for table-driven policy cases: documents as plain objects, turned into JSON text
// (valid YAML) so the validator sees exactly what the table says.
import type {AgentConfig} from '../../../../src/policy/validate/index.js';

export type Doc = Record<string, unknown>;

export interface Case {
  /** Rule id (validation) or lint id. */
  id: string;
  name: string;
  bad: Doc | Doc[];
  good: Doc | Doc[];
  agentBad?: Partial<AgentConfig>;
  agentGood?: Partial<AgentConfig>;
}

export const sel = {matchLabels: {app: 'web'}};
export const client = {matchLabels: {app: 'client'}};
export const kubeDns = {matchLabels: {'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns'}};

export const cnp = (spec: Doc, metadata: Doc = {name: 'p', namespace: 'default'}): Doc => ({apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata, spec});
export const ccnp = (spec: Doc, metadata: Doc = {name: 'p'}): Doc => ({apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata, spec});
export const np = (spec: Doc, metadata: Doc = {name: 'p', namespace: 'default'}): Doc => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata, spec});

/** A CNP whose only rule element is `el` in `section`. */
export const ing = (el: Doc): Doc => cnp({endpointSelector: sel, ingress: [el]});
/** Egress element plus DNS to kube-dns, so egress cases do not also trip egress-no-dns. */
export const eg = (el: Doc, dns = true): Doc => cnp({endpointSelector: sel, egress: dns ? [el, dnsAllow] : [el]});
export const dnsAllow: Doc = {toEndpoints: [kubeDns], toPorts: [{ports: [{port: '53', protocol: 'ANY'}], rules: {dns: [{matchPattern: '*'}]}}]};

export const tcp = (port: string, extra: Doc = {}): Doc => ({ports: [{port, protocol: 'TCP'}], ...extra});
export const http = (h: Doc | Doc[], port = '80', extra: Doc = {}): Doc => tcp(port, {rules: {http: Array.isArray(h) ? h : [h]}, ...extra});

export function toSource(doc: Doc | Doc[], file = 'case.yaml'): {file: string; text: string} {
  const docs = Array.isArray(doc) ? doc : [doc];
  return {file, text: docs.map((d) => JSON.stringify(d, null, 2)).join('\n---\n')};
}
