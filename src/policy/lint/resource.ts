// Resource-level lints: default-deny from deny-only policies, L7 shadowing, namespace handling,
// duplicates across documents, skipped documents.
import {ciliumRules} from '../validate/cilium.js';
import {hasL7} from '../validate/l7.js';
import {classifyPort} from '../validate/ports.js';
import {arr, has, obj, quote, type Obj} from '../validate/report.js';
import {formatPath} from '../parse/diagnostic.js';
import type {ParsedDocument} from '../parse/documents.js';
import type {Validated} from '../validate/index.js';
import {bareKey, elements, selectorKeys, type Element, type Lints} from './context.js';

export function lintDenyOnly(v: Validated, l: Lints): void {
  const rules = ciliumRules(v.doc.value);
  for (const dir of ['ingress', 'egress'] as const) {
    const allows = rules.some(({rule}) => arr(rule[dir]).length > 0);
    const deny = rules.find(({rule}) => arr(rule[`${dir}Deny`]).length > 0 && obj(rule.enableDefaultDeny)?.[dir] !== false);
    if (deny && !allows) {
      l.emit(v, [...deny.path, `${dir}Deny`], 'deny-only-default-deny', `${dir}Deny without any ${dir} allow switches the selected pods to ${dir} default-deny: all other ${dir} traffic is dropped too`, `add ${dir}: [{${dir === 'ingress' ? 'fromEntities' : 'toEntities'}: [all]}] to allow the rest, or set enableDefaultDeny: {${dir}: false}`);
    }
  }
}

/** (port, protocol) pairs an allow element covers; undefined = every port. */
function coveredPorts(e: Element, withL7: boolean): Array<{port: string; proto: string}> | undefined {
  const prs = arr(e.el.toPorts).map((p) => obj(p) ?? {});
  if (prs.length === 0) return withL7 ? [] : undefined;
  return prs.filter((pr) => hasL7(obj(pr.rules)) === withL7).flatMap((pr) => arr(pr.ports).map((p) => obj(p) ?? {}).map((p) => ({port: typeof p.port === 'string' ? p.port : '0', proto: typeof p.protocol === 'string' ? p.protocol : 'ANY'})));
}

function peerKey(e: Element): string {
  const peers: Obj = {};
  for (const [k, val] of Object.entries(e.el)) if (!['toPorts', 'icmps', 'authentication'].includes(k)) peers[k] = val;
  return JSON.stringify(peers);
}

function anyPeer(e: Element): boolean {
  const ents = arr(e.el[e.dir === 'ingress' ? 'fromEntities' : 'toEntities']);
  return peerKey(e) === '{}' || ents.includes('all');
}

export function lintL7Shadowed(v: Validated, l: Lints): void {
  const allows = elements(v).filter((e) => !e.deny);
  if (!allows.some((e) => arr(e.el.toPorts).some((p) => hasL7(obj(obj(p)?.rules))))) return;
  const keyed = allows.map((e) => ({e, subject: `${e.dir}|${JSON.stringify(e.rule.endpointSelector ?? e.rule.nodeSelector ?? null)}`, peer: peerKey(e), any: anyPeer(e), plain: coveredPorts(e, false)}));
  for (const k of keyed) {
    for (const lp of coveredPorts(k.e, true) ?? []) {
      const shadow = keyed.find((f) => {
        if (f.subject !== k.subject || !(f.any || f.peer === k.peer)) return false;
        if (f.plain === undefined) return true;
        return f.plain.some((p) => (p.port === lp.port || classifyPort(p.port).port === 0) && (p.proto === lp.proto || p.proto === 'ANY'));
      });
      if (shadow) {
        const l7pr = arr(k.e.el.toPorts).findIndex((p) => hasL7(obj(obj(p)?.rules)));
        l.emit(v, [...k.e.path, 'toPorts', Math.max(l7pr, 0), 'rules'], 'l7-shadowed', `L7 rules on port ${lp.port}/${lp.proto} have no effect: ${formatPath(shadow.e.path)} allows the same ${shadow.any ? 'subjects from any peer' : 'peer'} on that port without L7 rules`, `remove the L4 allow for port ${lp.port} from ${formatPath(shadow.e.path)}, or give it the same L7 rules`);
        break;
      }
    }
  }
}

export function lintNamespaces(v: Validated, l: Lints): void {
  const meta = obj(obj(v.doc.value)?.metadata);
  if (v.kind === 'CiliumClusterwideNetworkPolicy') {
    if (has(meta, 'namespace')) l.emit(v, ['metadata', 'namespace'], 'ccnp-namespace-ignored', `a CiliumClusterwideNetworkPolicy is cluster-scoped: metadata.namespace ${quote(meta?.namespace)} is dropped and scopes nothing`, 'remove metadata.namespace; narrow the subjects with k8s:io.kubernetes.pod.namespace in endpointSelector');
    return;
  }
  if (!has(meta, 'namespace')) l.emit(v, meta ? ['metadata'] : [], 'no-namespace', `${v.kind} without metadata.namespace: it lands in the current context's namespace`, 'add metadata.namespace');
  if (v.kind !== 'CiliumNetworkPolicy') return;
  for (const {rule, path} of ciliumRules(v.doc.value)) {
    if (v.report.hasErrorsAt([...path, 'endpointSelector'])) continue;
    for (const k of selectorKeys(rule.endpointSelector)) {
      if (bareKey(k.key) === 'io.kubernetes.pod.namespace' && k.value !== undefined && k.value !== v.doc.namespace) {
        l.emit(v, [...path, 'endpointSelector', ...k.path], 'endpoint-selector-namespace-ignored', `endpointSelector names namespace ${quote(k.value)}, but a CiliumNetworkPolicy only selects pods of its own namespace (${v.doc.namespace ?? 'the current context namespace'}): Cilium overwrites it`, `set metadata.namespace: ${k.value}, or use a CiliumClusterwideNetworkPolicy`);
      }
    }
  }
}

export function lintDuplicates(all: Validated[], l: Lints): void {
  const seen = new Map<string, Validated>();
  for (const v of all) {
    if (!v.doc.name) continue;
    const key = `${v.kind}/${v.kind === 'CiliumClusterwideNetworkPolicy' ? '' : (v.doc.namespace ?? '')}/${v.doc.name}`;
    const first = seen.get(key);
    if (first) {
      const p = first.doc.position(['metadata', 'name']);
      l.emit(v, ['metadata', 'name'], 'duplicate-resource', `${v.kind} ${quote(v.doc.name)} is also defined at ${first.doc.file}:${p.line}:${p.column}: the later one replaces the earlier on apply`, 'rename one of them, or merge their rules');
    } else seen.set(key, v);
  }
}

export function lintSkipped(skipped: ParsedDocument[], l: Lints): void {
  for (const d of skipped) {
    const pseudo = {doc: d} as Validated;
    l.emit(pseudo, ['kind'], 'skipped-non-policy', `skipped ${d.kind}${d.name ? ` ${quote(d.name)}` : ''} (${d.apiVersion || 'no apiVersion'}): not a policy, not validated`, 'validate checks CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and NetworkPolicy documents');
  }
}
