// A small structural-schema walker in the API server's words: types, required fields, enums,
// patterns, lengths, ranges, item counts, and unknown fields by kubectl-style path.
import {formatPath, type Layer, type PathSegment} from '../parse/diagnostic.js';
import {isObj, quote, type Path, type Report} from './report.js';

interface Base {
  /** Rule id for enum/pattern/range/length failures of this node (type errors are 12.3). */
  rule?: string;
  /** Who rejects those failures, when not the rule's usual layer. */
  layer?: Layer;
  hint?: (value: unknown) => string | undefined;
}
export type Schema =
  | (Base & {type: 'object'; props: Record<string, Schema>; required?: readonly string[]; requiredRule?: string; unknownHints?: Record<string, string | ((parent: Record<string, unknown>, path: Path) => string)>})
  | (Base & {type: 'map'; values: Schema})
  | (Base & {type: 'array'; items: Schema; maxItems?: number; minItems?: number})
  | (Base & {type: 'string'; enum?: readonly string[]; pattern?: RegExp; patternMessage?: string; maxLength?: number; minLength?: number; format?: 'cidr'})
  | (Base & {type: 'integer'; min?: number; max?: number})
  | (Base & {type: 'int-or-string'; pattern?: RegExp; patternMessage?: string})
  | (Base & {type: 'boolean'})
  | {type: 'any'};

export interface SchemaContext {
  report: Report;
  /** Rule id for type errors and unknown fields (12.3/12.2 for Cilium, 13.2.x for NetworkPolicy). */
  typeRule: string;
  unknownRule: string;
  /** CIDR parse check for format: cidr. */
  isCidr(v: string): boolean;
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Walk `v` against `s` from `path` (a scratch stack: pushed and popped, copied only on error). */
export function walk(s: Schema, v: unknown, path: Path, ctx: SchemaContext): boolean {
  return walkAt(s, v, [...path], ctx);
}

/** Returns false when the value's type is wrong. */
function walkAt(s: Schema, v: unknown, path: PathSegment[], ctx: SchemaContext): boolean {
  if (v === null || v === undefined || s.type === 'any') return true;
  const r = ctx.report;
  const typeErr = (want: string): false => {
    r.error(path, ctx.typeRule, `Invalid value: "${jsonType(v)}": must be of type ${want}`, {hint: s.hint?.(v)});
    return false;
  };
  const fail = (msg: string): void => {
    const close = s.type === 'string' && s.enum && typeof v === 'string' ? closest(v, s.enum) : undefined;
    r.error(path, s.rule ?? ctx.typeRule, msg, {hint: s.hint?.(v) ?? (close ? `did you mean "${close}"?` : undefined), layer: s.layer});
  };
  switch (s.type) {
    case 'object': {
      if (!isObj(v)) return typeErr('object');
      for (const [k, val] of Object.entries(v)) {
        const sub = s.props[k];
        if (sub) {
          path.push(k);
          walkAt(sub, val, path, ctx);
          path.pop();
        } else {
          const h = s.unknownHints && Object.hasOwn(s.unknownHints, k) ? s.unknownHints[k] : undefined;
          const hint = typeof h === 'function' ? h(v, path) : (h ?? suggest(k, Object.keys(s.props)));
          r.error([...path, k], ctx.unknownRule, `unknown field ${quote(formatPath([...path, k]))}`, {hint});
        }
      }
      for (const k of s.required ?? []) {
        if (v[k] === undefined || v[k] === null) r.error([...path, k], s.requiredRule ?? s.rule ?? ctx.typeRule, 'Required value', {hint: `add "${k}" to ${formatPath(path) || 'the object'}`});
      }
      return true;
    }
    case 'map': {
      if (!isObj(v)) return typeErr('object');
      for (const [k, val] of Object.entries(v)) {
        path.push(k);
        walkAt(s.values, val, path, ctx);
        path.pop();
      }
      return true;
    }
    case 'array': {
      if (!Array.isArray(v)) return typeErr('array');
      if (s.maxItems !== undefined && v.length > s.maxItems) fail(`Too many: ${v.length}: must have at most ${s.maxItems} items`);
      if (s.minItems !== undefined && v.length < s.minItems) fail(`Invalid value: ${v.length}: must have at least ${s.minItems} items`);
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walkAt(s.items, v[i], path, ctx);
        path.pop();
      }
      return true;
    }
    case 'string': {
      if (typeof v !== 'string') return typeErr('string');
      if (s.enum && !s.enum.includes(v)) fail(`Unsupported value: ${quote(v)}: supported values: ${s.enum.map((e) => quote(e)).join(', ')}`);
      else if (s.maxLength !== undefined && [...v].length > s.maxLength) fail(`Too long: may not be longer than ${s.maxLength}`);
      else if (s.minLength !== undefined && [...v].length < s.minLength) fail(`Invalid value: ${quote(v)}: should be at least ${s.minLength} chars long`);
      else if (s.pattern && !s.pattern.test(v)) fail(s.patternMessage ? `${s.patternMessage}: ${quote(v)}` : `Invalid value: ${quote(v)}: should match '${s.pattern.source}'`);
      else if (s.format === 'cidr' && !ctx.isCidr(v)) fail(`Invalid value: ${quote(v)}: must be of type cidr`);
      return true;
    }
    case 'integer': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return typeErr('integer');
      if (s.min !== undefined && v < s.min) fail(`Invalid value: ${v}: should be greater than or equal to ${s.min}`);
      else if (s.max !== undefined && v > s.max) fail(`Invalid value: ${v}: should be less than or equal to ${s.max}`);
      return true;
    }
    case 'int-or-string': {
      if (typeof v === 'string') {
        if (s.pattern && !s.pattern.test(v)) fail(`Invalid value: ${quote(v)}: ${s.patternMessage ?? `should match '${s.pattern.source}'`}`);
        return true;
      }
      if (typeof v !== 'number' || !Number.isInteger(v)) return typeErr('integer or string');
      return true;
    }
    case 'boolean':
      return typeof v === 'boolean' || typeErr('boolean');
  }
}

/** The known word closest to `word`: same letters in another case, or at most two edits away. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return known.find((k) => k.toLowerCase() === lower) ?? known.find((k) => distance(k, word) <= 2 && Math.min(k.length, word.length) > 3);
}

/** "did you mean" for unknown fields, else the fields that are allowed there. */
export function suggest(key: string, known: string[]): string | undefined {
  const hit = closest(key, known);
  return hit ? `did you mean "${hit}"?` : known.length > 0 ? `known fields here: ${known.join(', ')}` : undefined;
}

function distance(a: string, b: string): number {
  const d = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}
