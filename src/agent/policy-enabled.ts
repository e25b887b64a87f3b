// Which directions an endpoint's policy enforces (Endpoint status.policy.realized.policy-enabled):
// ingress when a rule selecting it has ingress sections, egress likewise — with the subject
// selectors of the policy area (CNP scoped to its namespace, CCNP cluster-wide, NetworkPolicy
// podSelector + policyTypes).
import {fromLabelSelector, parseLabel, scopeSubject, selectorMatches, type Label} from '../policy/selector.js';
import type {PolicyEnabled} from './endpoints.js';

type Rule = {endpointSelector?: unknown; ingress?: unknown; ingressDeny?: unknown; egress?: unknown; egressDeny?: unknown};
type Resource = {kind?: string; metadata?: {namespace?: string}; spec?: Rule & {podSelector?: unknown; policyTypes?: string[]}; specs?: Rule[]};

function directions(r: Resource, labels: Label[]): {ingress: boolean; egress: boolean} {
  const out = {ingress: false, egress: false};
  const ns = r.metadata?.namespace ?? 'default';
  if (r.kind === 'NetworkPolicy') {
    const spec = r.spec ?? {};
    if (!selectorMatches(scopeSubject(fromLabelSelector(spec.podSelector as never), ns), labels)) return out;
    const types = spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    return {ingress: types.includes('Ingress'), egress: types.includes('Egress')};
  }
  for (const rule of [...(r.spec ? [r.spec] : []), ...(r.specs ?? [])]) {
    if (!rule.endpointSelector) continue;
    const sel = fromLabelSelector(rule.endpointSelector as never);
    if (!selectorMatches(r.kind === 'CiliumNetworkPolicy' ? scopeSubject(sel, ns) : sel, labels)) continue;
    if (Array.isArray(rule.ingress) || Array.isArray(rule.ingressDeny)) out.ingress = true;
    if (Array.isArray(rule.egress) || Array.isArray(rule.egressDeny)) out.egress = true;
  }
  return out;
}

export function policyEnabled(resources: unknown[], identityLabels: string[]): PolicyEnabled {
  const labels = identityLabels.map((l) => parseLabel(l));
  let ingress = false;
  let egress = false;
  for (const r of resources as Resource[]) {
    const d = directions(r, labels);
    ingress ||= d.ingress;
    egress ||= d.egress;
  }
  return ingress && egress ? 'both' : ingress ? 'ingress' : egress ? 'egress' : 'none';
}
