// What every lint gets: the validated document, a way to report, and the rule elements.
import {formatPath, type Diagnostic} from '../parse/diagnostic.js';
import {ciliumRules, sectionDirection, SECTIONS, type Section} from '../validate/cilium.js';
import type {Direction} from '../validate/l7.js';
import {arr, obj, type Obj, type Path} from '../validate/report.js';
import type {Validated} from '../validate/index.js';
import {LINT_BY_ID} from './catalogue.js';

export class Lints {
  readonly out: Diagnostic[] = [];

  emit(v: Validated, path: Path, id: string, message: string, hint?: string): void {
    const info = LINT_BY_ID.get(id);
    if (!info) throw new Error(`unknown lint ${id}`);
    this.out.push({file: v.doc.file, path: formatPath(path), ...v.doc.position(path), message, hint, id, severity: info.severity});
  }
}

export interface Element {
  rule: Obj;
  rulePath: Path;
  section: Section;
  dir: Direction;
  deny: boolean;
  el: Obj;
  path: Path;
  /** Validation reported an error at or below this element (element-level lints skip it). */
  failed: boolean;
}

const cached = new WeakMap<Validated, Element[]>();

/** Every ingress/ingressDeny/egress/egressDeny element of every rule of a CNP/CCNP (computed once). */
export function elements(v: Validated): Element[] {
  const hit = cached.get(v);
  if (hit) return hit;
  const out: Element[] = [];
  cached.set(v, out);
  for (const {rule, path: rulePath} of ciliumRules(v.doc.value)) {
    for (const section of SECTIONS) {
      arr(rule[section]).forEach((e, i) => {
        const el = obj(e);
        if (!el) return;
        const path = [...rulePath, section, i];
        out.push({rule, rulePath, section, dir: sectionDirection(section), deny: section.endsWith('Deny'), el, path, failed: v.report.hasErrorsAt(path)});
      });
    }
  }
  return out;
}

/** The toPorts entries of an element with their paths. */
export function portRules(e: Element): Array<{pr: Obj; path: Path}> {
  return arr(e.el.toPorts).flatMap((p, j) => {
    const pr = obj(p);
    return pr ? [{pr, path: [...e.path, 'toPorts', j]}] : [];
  });
}

/** Label keys written in a selector (matchLabels keys and matchExpressions keys). */
export function selectorKeys(sel: unknown): Array<{key: string; value?: string; path: Path}> {
  const s = obj(sel);
  if (!s) return [];
  const out: Array<{key: string; value?: string; path: Path}> = [];
  for (const [k, val] of Object.entries(obj(s.matchLabels) ?? {})) out.push({key: k, value: typeof val === 'string' ? val : undefined, path: ['matchLabels', k]});
  arr(s.matchExpressions).forEach((e, i) => {
    const ex = obj(e);
    if (typeof ex?.key === 'string') {
      const vals = arr(ex.values);
      out.push({key: ex.key, value: ex.operator === 'In' && vals.length === 1 && typeof vals[0] === 'string' ? vals[0] : undefined, path: ['matchExpressions', i, 'key']});
    }
  });
  return out;
}

/** "k8s:io.kubernetes.pod.namespace" / "any:x" / "x" → "x" (the key without a source prefix). */
export function bareKey(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? key : key.slice(i + 1);
}
