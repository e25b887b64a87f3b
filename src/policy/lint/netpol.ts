// Lints of Kubernetes NetworkPolicy: policyTypes traps, allow-all rules, namespace labels, CIDRs.
import {formatNetwork, hasHostBits, parseCidr} from '../validate/cidr.js';
import {arr, has, obj, type Path} from '../validate/report.js';
import type {Validated} from '../validate/index.js';
import {selectorKeys, type Lints} from './context.js';

export function lintNetworkPolicy(v: Validated, l: Lints): void {
  const spec = obj(obj(v.doc.value)?.spec);
  if (!spec) return;
  const types = arr(spec.policyTypes);
  const ingress = arr(spec.ingress);
  const egress = arr(spec.egress);
  if (has(spec, 'policyTypes') && !v.report.hasErrorsAt(['spec', 'policyTypes'])) {
    for (const [dir, list, type] of [['ingress', ingress, 'Ingress'], ['egress', egress, 'Egress']] as const) {
      if (list.length > 0 && !types.includes(type)) {
        l.emit(v, ['spec', 'policyTypes'], 'policytypes-ignores-rules', `policyTypes lacks ${type} although spec.${dir} has rules: Kubernetes ignores them, Cilium (<= 1.20) enforces them`, `add ${type} to policyTypes, or remove spec.${dir}`);
      }
    }
  }
  if (!has(spec, 'policyTypes') && egress.length > 0 && !has(spec, 'ingress')) {
    l.emit(v, ['spec', 'egress'], 'implicit-ingress-isolation', 'no policyTypes and no ingress: the API server defaults policyTypes to [Ingress, Egress], so all ingress to the selected pods is denied too', 'set policyTypes: [Egress] for an egress-only policy');
  }
  if (!v.report.hasErrorsAt(['spec', 'podSelector'])) namespaceLabel(v, spec.podSelector, ['spec', 'podSelector'], l);
  for (const [dir, key] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arr(spec[dir]).forEach((e, i) => {
      const el = obj(e);
      const path: Path = ['spec', dir, i];
      if (!el || v.report.hasErrorsAt(path)) return;
      if (Object.keys(el).length === 0) l.emit(v, path, 'allow-all', `${dir} rule {} allows all ${dir} traffic (every peer, every port) of the selected pods`, `name the peers with ${key}: [...] and the ports with ports: [...]`);
      arr(el[key]).forEach((pe, j) => {
        const peer = obj(pe);
        namespaceLabel(v, peer?.podSelector, [...path, key, j, 'podSelector'], l);
        const ib = obj(peer?.ipBlock);
        const check = (c: unknown, p: Path): void => {
          const pr = typeof c === 'string' ? parseCidr(c) : undefined;
          if (pr && hasHostBits(pr)) l.emit(v, p, 'cidr-host-bits', `${pr.text} has host bits set: it means ${formatNetwork(pr)}`, `write ${formatNetwork(pr)}, or ${pr.text.split('/')[0]}/${pr.family === 4 ? 32 : 128} for the single address`);
        };
        check(ib?.cidr, [...path, key, j, 'ipBlock', 'cidr']);
        arr(ib?.except).forEach((x, k) => check(x, [...path, key, j, 'ipBlock', 'except', k]));
      });
    });
  }
}

function namespaceLabel(v: Validated, sel: unknown, path: Path, l: Lints): void {
  for (const k of selectorKeys(sel)) {
    if (k.key === 'kubernetes.io/metadata.name') {
      l.emit(v, [...path, ...k.path], 'namespace-label-on-pod-selector', 'kubernetes.io/metadata.name is a label of Namespaces, not of pods: this podSelector never matches', `put it in a namespaceSelector${k.value ? ` (namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${k.value}}})` : ''}`);
    }
  }
}
