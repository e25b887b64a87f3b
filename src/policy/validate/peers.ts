// Peers of one Cilium rule element: one L3 kind per element (12.11), node peers (12.12),
// selectors (12.10), CIDR sets (12.15, 12.16), FQDN selectors (12.40).
import {EGRESS_PEERS, INGRESS_PEERS} from './constants.js';
import {contains, parseCidr} from './cidr.js';
import {checkDnsSelectors, type Direction} from './l7.js';
import {arr, has, obj, str, type Obj, type Path, type Report} from './report.js';
import {checkSelector} from './selectors.js';
import type {AgentConfig} from './config.js';

export function peerFields(dir: Direction): readonly string[] {
  return dir === 'ingress' ? INGRESS_PEERS : EGRESS_PEERS;
}

export function checkPeers(el: Obj, path: Path, r: Report, dir: Direction, cfg: AgentConfig): void {
  const present = peerFields(dir).filter((f) => arr(el[f]).length > 0);
  if (present.length > 1) {
    r.error([...path, present[1]], '12.11', `combining ${present[0]} and ${present[1]} is not supported yet`, {hint: `write a second ${dir} rule element for ${present[1]}`});
  }
  const nodes = dir === 'ingress' ? 'fromNodes' : 'toNodes';
  if (has(el, nodes) && !cfg.enableNodeSelectorLabels) {
    r.error([...path, nodes], '12.12', 'FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set', {hint: `use ${dir === 'ingress' ? 'fromEntities' : 'toEntities'}: [remote-node], or enable the flag on the agent`});
  }
  const pre = dir === 'ingress' ? 'from' : 'to';
  for (const f of [`${pre}Endpoints`, nodes]) arr(el[f]).forEach((s, i) => checkSelector(s, [...path, f, i], r, 'cilium'));
  arr(el[`${pre}CIDRSet`]).forEach((c, i) => checkCidrRule(obj(c), [...path, `${pre}CIDRSet`, i], r));
  arr(el.toServices).forEach((s, i) => {
    const sel = obj(obj(s)?.k8sServiceSelector)?.selector;
    if (sel !== undefined) checkSelector(sel, [...path, 'toServices', i, 'k8sServiceSelector', 'selector'], r, 'cilium');
  });
  if (dir === 'egress') checkDnsSelectors(arr(el.toFQDNs), [...path, 'toFQDNs'], r, '12.40');
}

const CIDR_KEYS = ['cidr', 'cidrGroupRef', 'cidrGroupSelector'];

function checkCidrRule(c: Obj | undefined, path: Path, r: Report): void {
  if (!c) return;
  const n = CIDR_KEYS.filter((k) => has(c, k)).length;
  if (n === 0) r.error(path, '12.15', 'one of cidr, cidrGroupRef, or cidrGroupSelector is required', {hint: 'add cidr: 10.0.0.0/8 (or a CiliumCIDRGroup reference)'});
  if (n > 1) r.error(path, '12.15', 'more than one of cidr, cidrGroupRef, or cidrGroupSelector may not be set', {hint: 'write one CIDRSet entry per source'});
  if (has(c, 'cidrGroupSelector')) checkSelector(c.cidrGroupSelector, [...path, 'cidrGroupSelector'], r, 'cilium');
  const outer = str(c.cidr) !== undefined ? parseCidr(c.cidr as string) : undefined;
  if (!outer) return;
  arr(c.except).forEach((e, i) => {
    const inner = typeof e === 'string' ? parseCidr(e) : undefined;
    if (inner && !contains(outer, inner)) {
      r.error([...path, 'except', i], '12.16', `allow CIDR prefix ${outer.text} does not contain exclude CIDR prefix ${inner.text}`, {hint: 'except entries must lie inside cidr (same address family)'});
    }
  });
}
