// Element-level lints of CNP/CCNP rules (skipped for elements that failed validation).
import {parseCidr, formatNetwork, hasHostBits} from '../validate/cidr.js';
import {peerFields} from '../validate/peers.js';
import {classifyPort} from '../validate/ports.js';
import {arr, has, obj, quote, str, type Path} from '../validate/report.js';
import type {Validated} from '../validate/index.js';
import {bareKey, elements, portRules, selectorKeys, type Element, type Lints} from './context.js';
import {httpRules, lintHttpRule} from './http.js';

export function lintCiliumElements(v: Validated, l: Lints): void {
  const els = elements(v);
  const denyDirs = new Set(els.filter((e) => e.deny).map((e) => e.dir));
  for (const e of els) {
    if (e.failed) continue;
    if (Object.keys(e.el).length === 0) {
      l.emit(v, e.path, 'empty-rule', `${e.section} element {} ${e.deny ? 'denies' : 'allows'} nothing in Cilium; it only switches the selected pods to default-deny`, e.deny ? 'remove it, or name the peers to deny' : `to allow everything write ${e.dir === 'ingress' ? 'fromEntities' : 'toEntities'}: [all]`);
    }
    for (const f of [...peerFields(e.dir), e.dir === 'ingress' ? 'fromRequires' : 'toRequires']) {
      if (Array.isArray(e.el[f]) && (e.el[f] as unknown[]).length === 0) l.emit(v, [...e.path, f], 'empty-peer-list', `${f}: [] matches nothing (an omitted ${f} would not restrict the peer)`, `remove ${f}, or list the peers`);
    }
    const entities = arr(e.el[e.dir === 'ingress' ? 'fromEntities' : 'toEntities']);
    const entPath = [...e.path, e.dir === 'ingress' ? 'fromEntities' : 'toEntities'];
    if (entities.includes('all')) {
      if (e.deny) l.emit(v, entPath, 'deny-all', `${e.section} with entity "all" blocks all ${e.dir} traffic of the selected pods, including health checks`, 'deny specific peers or ports instead');
      else if (!denyDirs.has(e.dir)) l.emit(v, entPath, 'allow-all', `entity "all" allows all ${e.dir} traffic of the selected pods`, 'name the peers that need access');
    }
    lintPeerSelectors(v, e, l);
    lintCidrs(v, e, l);
    if (has(e.el, 'authentication') && obj(e.el.authentication)?.mode !== 'disabled') {
      l.emit(v, [...e.path, 'authentication'], 'requires-agent-flag', 'authentication needs mutual authentication enabled on the agent (mesh-auth); otherwise the traffic is dropped', 'enable mutual authentication (authentication.mutual.spire.enabled), or remove the block');
    }
    for (const f of ['fromGroups', 'toGroups']) {
      if (arr(e.el[f]).length > 0) l.emit(v, [...e.path, f], 'requires-agent-flag', `${f} is resolved by cilium-operator's cloud-provider integration (AWS); without it the rule matches nothing`);
    }
    arr(e.el.toServices).forEach((s, i) => {
      const svc = obj(obj(s)?.k8sService);
      if (svc && svc.serviceName === 'kubernetes' && (svc.namespace === 'default' || svc.namespace === undefined)) {
        l.emit(v, [...e.path, 'toServices', i], 'apiserver-via-service', 'toServices default/kubernetes does not reliably reach the API server', 'use toEntities: [kube-apiserver]');
      } else l.emit(v, [...e.path, 'toServices', i], 'toservices-version', 'toServices for services with a selector (and together with toPorts) needs Cilium 1.17+; older agents only handle selectorless services');
    });
    for (const {pr, path} of portRules(e)) lintPortRule(v, e, pr, path, l);
  }
}

function lintPeerSelectors(v: Validated, e: Element, l: Lints): void {
  const f = e.dir === 'ingress' ? 'fromEndpoints' : 'toEndpoints';
  arr(e.el[f]).forEach((s, i) => {
    const sel = obj(s);
    if (sel && Object.keys(sel).length === 0 && v.kind === 'CiliumNetworkPolicy') {
      l.emit(v, [...e.path, f, i], 'peer-namespace-local', `${f}: [{}] means all pods of namespace ${v.doc.namespace ?? '(the policy namespace)'} only`, 'add k8s:io.kubernetes.pod.namespace to name another namespace, or use entities for non-pod peers');
    }
    for (const k of selectorKeys(sel)) {
      if (bareKey(k.key) === 'kubernetes.io/metadata.name') {
        l.emit(v, [...e.path, f, i, ...k.path], 'namespace-label-on-pod-selector', `${k.key} is a label of Namespaces, not of pods: this selector never matches`, `use k8s:io.kubernetes.pod.namespace${k.value ? `: ${k.value}` : ''}, or io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name`);
      }
    }
  });
}

function lintCidrs(v: Validated, e: Element, l: Lints): void {
  const pre = e.dir === 'ingress' ? 'from' : 'to';
  const check = (s: unknown, path: Path): void => {
    const p = typeof s === 'string' ? parseCidr(s) : undefined;
    if (p && hasHostBits(p)) l.emit(v, path, 'cidr-host-bits', `${p.text} has host bits set: it means ${formatNetwork(p)}`, `write ${formatNetwork(p)}, or ${p.text.split('/')[0]}/${p.family === 4 ? 32 : 128} for the single address`);
  };
  arr(e.el[`${pre}CIDR`]).forEach((c, i) => check(c, [...e.path, `${pre}CIDR`, i]));
  arr(e.el[`${pre}CIDRSet`]).forEach((c, i) => {
    const o = obj(c);
    check(o?.cidr, [...e.path, `${pre}CIDRSet`, i, 'cidr']);
    arr(o?.except).forEach((x, j) => check(x, [...e.path, `${pre}CIDRSet`, i, 'except', j]));
  });
}

function lintPortRule(v: Validated, e: Element, pr: Record<string, unknown>, path: Path, l: Lints): void {
  const rules = obj(pr.rules);
  arr(pr.ports).forEach((pp, i) => {
    const p = obj(pp);
    const port = str(p?.port);
    if (!p || port === undefined) return;
    const at = [...path, 'ports', i];
    if (/^0[xX][0-9a-fA-F]+$/.test(port)) l.emit(v, [...at, 'port'], 'port-hex-is-name', `port ${quote(port)} is read as a named port, not as ${parseInt(port, 16)}`, `write "${parseInt(port, 16)}"`);
    const c = classifyPort(port);
    const end = typeof p.endPort === 'number' ? p.endPort : undefined;
    if (end !== undefined && end !== 0) {
      if (c.name) l.emit(v, [...at, 'endPort'], 'endport-ignored', `endPort is ignored with the named port ${quote(port)}`, 'ranges need a numeric port');
      else if (c.port !== undefined && end < c.port) l.emit(v, [...at, 'endPort'], 'endport-ignored', `endPort ${end} is below port ${c.port}: only port ${c.port} is allowed`, 'endPort is the last port of the range: it must be >= port');
    }
    if (has(rules, 'dns') && c.port !== undefined && c.port !== 53 && c.port !== 0) l.emit(v, [...at, 'port'], 'dns-port-not-53', `DNS rules on port ${c.port}: the DNS proxy is designed for port 53`, 'use port "53"');
    if (httpRules(rules).length > 0 && (c.port === 443 || c.port === 8443) && !has(pr, 'terminatingTLS')) {
      l.emit(v, [...at, 'port'], 'http-on-tls-port', `HTTP rules on port ${c.port} without terminatingTLS: the proxy sees TLS bytes and cannot parse HTTP`, 'add terminatingTLS (and originatingTLS), or match on serverNames instead');
    }
  });
  if (!rules) return;
  for (const k of ['http', 'dns', 'kafka']) {
    if (Array.isArray(rules[k]) && (rules[k] as unknown[]).length === 0) l.emit(v, [...path, 'rules', k], 'empty-l7-rules', `rules.${k}: [] enforces nothing: all ${k.toUpperCase()} traffic on the port is allowed`, `list the allowed requests, or remove rules.${k}`);
  }
  if (has(rules, 'kafka')) l.emit(v, [...path, 'rules', 'kafka'], 'deprecated-kafka', 'Kafka rules are a deprecated beta and gone from newer CRDs', 'plan to drop them, or use a dedicated Kafka proxy');
  httpRules(rules).forEach((h, i) => lintHttpRule(h, [...path, 'rules', 'http', i], v, l));
}
