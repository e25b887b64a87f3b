// egress-no-dns and fqdn-no-dns-proxy: resource-level lints about name resolution.
import {ciliumRules} from '../validate/cilium.js';
import {classifyPort} from '../validate/ports.js';
import {arr, has, obj, type Obj, type Path} from '../validate/report.js';
import type {Validated} from '../validate/index.js';
import {bareKey, elements, selectorKeys, type Lints} from './context.js';

const NS_KEYS = ['io.kubernetes.pod.namespace', 'io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name'];

/** A selector that plausibly selects the cluster resolver (kube-dns, or anything in kube-system). */
function selectsResolver(sel: unknown, namespaceKeys: string[]): boolean {
  return selectorKeys(sel).some((k) => (bareKey(k.key) === 'k8s-app' && k.value === 'kube-dns') || (namespaceKeys.includes(bareKey(k.key)) && k.value === 'kube-system'));
}

/** Cilium: does this egress allow element reach UDP (or ANY) port 53 of a plausible resolver? */
function ciliumReachesDns(el: Obj): boolean {
  const l3 = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toGroups', 'toNodes', 'toFQDNs'].filter((f) => has(el, f));
  const peerOk =
    l3.length === 0 ||
    arr(el.toEntities).some((x) => x === 'all' || x === 'cluster') ||
    arr(el.toEndpoints).some((s) => selectsResolver(s, NS_KEYS)) ||
    arr(el.toServices).some((s) => {
      const svc = obj(obj(s)?.k8sService) ?? obj(obj(s)?.k8sServiceSelector);
      return svc?.namespace === 'kube-system' || svc?.serviceName === 'kube-dns';
    }) ||
    arr(el.toCIDR).length > 0 ||
    arr(el.toCIDRSet).length > 0;
  if (!peerOk) return false;
  const prs = arr(el.toPorts).map((p) => obj(p) ?? {});
  if (prs.length === 0) return true;
  return prs.some((pr) => {
    const ports = arr(pr.ports).map((p) => obj(p) ?? {});
    if (ports.length === 0) return true;
    return ports.some((p) => {
      const proto = typeof p.protocol === 'string' ? p.protocol : 'ANY';
      if (proto !== 'UDP' && proto !== 'ANY') return false;
      const n = typeof p.port === 'string' ? classifyPort(p.port).port : undefined;
      const end = typeof p.endPort === 'number' ? p.endPort : undefined;
      return n === 0 || n === 53 || (n !== undefined && end !== undefined && n <= 53 && 53 <= end);
    });
  });
}

/** NetworkPolicy: does this egress rule reach UDP 53 of a plausible resolver? (omitted protocol = TCP) */
function netpolReachesDns(el: Obj): boolean {
  const peers = arr(el.to).map((p) => obj(p) ?? {});
  const peerOk =
    peers.length === 0 ||
    peers.some((p) => has(p, 'ipBlock') || selectsResolver(p.podSelector, []) || selectsResolver(p.namespaceSelector, ['kubernetes.io/metadata.name']) || (has(p, 'namespaceSelector') && Object.keys(obj(p.namespaceSelector) ?? {}).length === 0));
  if (!peerOk) return false;
  const ports = arr(el.ports).map((p) => obj(p) ?? {});
  if (ports.length === 0) return true;
  return ports.some((p) => p.protocol === 'UDP' && (p.port === undefined || p.port === 53 || (typeof p.port === 'number' && typeof p.endPort === 'number' && p.port <= 53 && 53 <= p.endPort)));
}

const DNS_HINT = 'add an egress rule to kube-dns, e.g. toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}] with toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]';

export function lintDns(v: Validated, l: Lints): void {
  const value = obj(v.doc.value) ?? {};
  if (v.kind === 'NetworkPolicy') {
    const spec = obj(value.spec) ?? {};
    const types = arr(spec.policyTypes);
    const egress = arr(spec.egress).map((e) => obj(e) ?? {});
    const isolated = has(spec, 'policyTypes') ? types.includes('Egress') : egress.length > 0;
    if (isolated && !egress.some(netpolReachesDns)) {
      l.emit(v, has(spec, 'egress') ? ['spec', 'egress'] : ['spec', 'policyTypes'], 'egress-no-dns', 'egress is default-deny and no rule allows DNS (UDP 53 to kube-dns): name resolution of the selected pods fails', 'add an egress rule: to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}] with ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]');
    }
    return;
  }
  const rules = ciliumRules(value);
  const deniesEgress = rules.some(({rule}) => (arr(rule.egress).length > 0 || arr(rule.egressDeny).length > 0) && obj(rule.enableDefaultDeny)?.egress !== false);
  const els = elements(v).filter((e) => e.section === 'egress');
  if (deniesEgress && !els.some((e) => ciliumReachesDns(e.el))) {
    const first = rules.find(({rule}) => arr(rule.egress).length > 0 || arr(rule.egressDeny).length > 0);
    const path: Path = first ? [...first.path, arr(first.rule.egress).length > 0 ? 'egress' : 'egressDeny'] : [];
    l.emit(v, path, 'egress-no-dns', 'this policy switches the selected pods to egress default-deny and allows no DNS (UDP/ANY port 53 to a resolver): name resolution fails', DNS_HINT);
  }
  const fqdn = els.find((e) => arr(e.el.toFQDNs).length > 0);
  const proxy = els.some((e) => arr(e.el.toPorts).some((p) => has(obj(obj(p)?.rules), 'dns')));
  if (fqdn && !proxy) {
    l.emit(v, [...fqdn.path, 'toFQDNs'], 'fqdn-no-dns-proxy', 'toFQDNs learns IPs only from DNS answers seen by the DNS proxy, and no egress rule here has rules.dns: the traffic is dropped', DNS_HINT);
  }
}
