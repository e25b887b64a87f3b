// Cilium rules (spec / specs[]): the agent sanitiser, rule by rule, after the CRD schema walk.
import {checkIcmps} from './icmp.js';
import {checkL7, type Direction} from './l7.js';
import {checkPeers} from './peers.js';
import {checkPortEntries} from './ports.js';
import {arr, has, obj, type Obj, type Path, type Report} from './report.js';
import {checkSelector} from './selectors.js';
import type {AgentConfig} from './config.js';

export const SECTIONS = ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const;
export type Section = (typeof SECTIONS)[number];

export function sectionDirection(s: Section): Direction {
  return s.startsWith('ingress') ? 'ingress' : 'egress';
}

/** The rules of a CNP/CCNP with their paths: spec first, then specs[i]. */
export function ciliumRules(value: unknown): Array<{rule: Obj; path: Path}> {
  const v = obj(value);
  const out: Array<{rule: Obj; path: Path}> = [];
  const spec = obj(v?.spec);
  if (spec) out.push({rule: spec, path: ['spec']});
  arr(v?.specs).forEach((s, i) => {
    const o = obj(s);
    if (o) out.push({rule: o, path: ['specs', i]});
  });
  return out;
}

export function checkCiliumRule(rule: Obj, path: Path, r: Report, clusterwide: boolean, cfg: AgentConfig): void {
  const written = SECTIONS.filter((s) => has(rule, s));
  if (!SECTIONS.some((s) => arr(rule[s]).length > 0)) {
    r.error(path, '12.6', 'rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny', {
      layer: written.length > 0 ? 'Agent' : 'K8s',
      hint: written.length > 0 ? `${written.join(', ')} ${written.length > 1 ? 'are' : 'is'} empty; for default-deny without allowing anything write ${written[0]}: [{}]` : 'add ingress: [...] or egress: [...] (ingress: [{}] = default-deny, allow nothing)',
    });
  }
  const eps = has(rule, 'endpointSelector');
  const nodes = has(rule, 'nodeSelector');
  if (!eps && !nodes) r.error(path, '12.7', 'rule must have one of EndpointSelector or NodeSelector', {hint: 'add endpointSelector: {} to select all pods of the namespace, or matchLabels for some'});
  if (eps && nodes) r.error([...path, 'nodeSelector'], '12.8', 'rule cannot have both EndpointSelector and NodeSelector', {hint: 'write two rules: one for pods, one for nodes (host policy)'});
  if (nodes && !clusterwide) r.error([...path, 'nodeSelector'], '12.9', 'rule cannot have NodeSelector', {hint: 'host policies (nodeSelector) need a CiliumClusterwideNetworkPolicy'});
  if (eps) checkSelector(rule.endpointSelector, [...path, 'endpointSelector'], r, 'cilium');
  if (nodes) checkSelector(rule.nodeSelector, [...path, 'nodeSelector'], r, 'cilium');
  const host = nodes && !eps;
  for (const section of SECTIONS) {
    const dir = sectionDirection(section);
    const deny = section.endsWith('Deny');
    arr(rule[section]).forEach((e, i) => {
      const el = obj(e);
      if (!el) return;
      const p = [...path, section, i];
      checkPeers(el, p, r, dir, cfg);
      checkIcmps(el, p, r, cfg);
      arr(el.toPorts).forEach((pr, j) => {
        const portRule = obj(pr);
        if (!portRule) return;
        checkPortEntries(portRule, [...p, 'toPorts', j], r);
        if (!deny) checkL7(portRule, [...p, 'toPorts', j], r, {dir, host, cfg});
      });
    });
  }
}
