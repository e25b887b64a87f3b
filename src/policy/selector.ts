// Label selectors with Cilium label sources (network-policy.md 3.1-3.3): identities as label
// sets, selectors as AND-ed requirements, and the namespace scoping Cilium applies to CNP, CCNP
// and NetworkPolicy selectors. Pure; shared by trace and by the datapath's policy compiler.
import type {LabelSelector, LabelSelectorRequirement} from './types.js';

export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
export const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
export const DEFAULT_CLUSTER = 'default';

/** One Cilium label: `source:key=value` (reserved labels have an empty value). */
export interface Label {
  source: string;
  key: string;
  value: string;
}

export type Operator = LabelSelectorRequirement['operator'];

/** One requirement of an effective selector; source 'any' matches a key from every source. */
export interface Requirement {
  source: string;
  key: string;
  operator: Operator;
  values: string[];
}

/** An effective selector: all requirements must hold; [] matches every identity. */
export type Selector = Requirement[];

/** `k8s:app` → {k8s, app}; `app` → {any, app}; `any:app` → {any, app}. */
export function parseLabelKey(key: string, defaultSource = 'any'): {source: string; key: string} {
  const i = key.indexOf(':');
  if (i <= 0) return {source: defaultSource, key: i === 0 ? key.slice(1) : key};
  return {source: key.slice(0, i), key: key.slice(i + 1)};
}

/** `k8s:app=web` → Label; a string without `=` has an empty value (`reserved:world`). */
export function parseLabel(text: string, defaultSource = 'k8s'): Label {
  const eq = text.indexOf('=');
  const k = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? '' : text.slice(eq + 1);
  const {source, key} = parseLabelKey(k, defaultSource);
  return {source, key, value};
}

export function formatLabel(l: Label): string {
  return l.value === '' && l.source === 'reserved' ? `${l.source}:${l.key}` : `${l.source}:${l.key}=${l.value}`;
}

/** A Kubernetes LabelSelector as requirements, keys parsed for their source prefix. */
export function fromLabelSelector(sel: LabelSelector | undefined): Selector {
  const out: Selector = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) out.push({...parseLabelKey(k), operator: 'In', values: [String(v)]});
  for (const e of sel?.matchExpressions ?? []) out.push({...parseLabelKey(e.key), operator: e.operator, values: (e.values ?? []).map(String)});
  return out;
}

function requirementHolds(r: Requirement, labels: readonly Label[]): boolean {
  const candidates = labels.filter((l) => l.key === r.key && (r.source === 'any' || l.source === r.source));
  switch (r.operator) {
    case 'In':
      return candidates.some((l) => r.values.includes(l.value));
    case 'NotIn':
      return !candidates.some((l) => r.values.includes(l.value));
    case 'Exists':
      return candidates.length > 0;
    case 'DoesNotExist':
      return candidates.length === 0;
    default:
      return false;
  }
}

/** Whether an identity (label set) is selected: every requirement holds. */
export function selectorMatches(sel: Selector, labels: readonly Label[]): boolean {
  return sel.every((r) => requirementHolds(r, labels));
}

function isPodNamespaceKey(r: Requirement): boolean {
  return r.key === POD_NAMESPACE_LABEL && (r.source === 'k8s' || r.source === 'any');
}

/**
 * Whether a peer selector already says which namespace (or reserved identity) it means, so that
 * Cilium adds no namespace: a pod-namespace key, a namespace-labels key, or any reserved: key.
 */
export function namesNamespace(sel: Selector): boolean {
  return sel.some((r) => isPodNamespaceKey(r) || r.key.startsWith(NAMESPACE_LABELS_PREFIX) || r.source === 'reserved');
}

/** A CNP/NetworkPolicy endpointSelector: the policy namespace is forced (an author's namespace is overwritten). */
export function scopeSubject(sel: Selector, namespace: string): Selector {
  return [...sel.filter((r) => !(isPodNamespaceKey(r) && r.operator === 'In')), podNamespaceIs(namespace)];
}

/** A CNP peer selector (fromEndpoints/toEndpoints): the policy namespace unless it names one. */
export function scopeNamespacedPeer(sel: Selector, namespace: string): Selector {
  return namesNamespace(sel) ? sel : [...sel, podNamespaceIs(namespace)];
}

/** A CCNP peer selector: "some namespace" (pods only, never reserved identities) unless it names one. */
export function scopeClusterPeer(sel: Selector): Selector {
  return namesNamespace(sel) ? sel : [...sel, {source: 'k8s', key: POD_NAMESPACE_LABEL, operator: 'Exists', values: []}];
}

export function podNamespaceIs(namespace: string): Requirement {
  return {source: 'k8s', key: POD_NAMESPACE_LABEL, operator: 'In', values: [namespace]};
}

/** Requirements on the Namespace object's labels, as Cilium sees them on pod identities. */
export function namespaceLabelSelector(sel: LabelSelector | undefined): Selector {
  return fromLabelSelector(sel).map((r) => ({...r, source: 'k8s', key: NAMESPACE_LABELS_PREFIX + r.key}));
}

function formatRequirement(r: Requirement): string {
  const k = `${r.source}:${r.key}`;
  switch (r.operator) {
    case 'In':
      return r.values.length === 1 ? `${k}=${r.values[0]}` : `${k} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${k} notin (${r.values.join(',')})`;
    case 'Exists':
      return k;
    case 'DoesNotExist':
      return `!${k}`;
  }
}

/** `{k8s:app=web, k8s:io.kubernetes.pod.namespace=default}`; `{}` for the wildcard. */
export function formatSelector(sel: Selector): string {
  return `{${sel.map(formatRequirement).join(', ')}}`;
}

/** A plain {key: value} map (pod labels) as labels; unprefixed keys are k8s: labels. */
export function labelsFromMap(map: Record<string, string>): Label[] {
  return Object.entries(map).map(([k, v]) => ({...parseLabelKey(k, 'k8s'), value: String(v ?? '')}));
}
