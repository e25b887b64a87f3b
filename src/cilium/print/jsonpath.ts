// Kubernetes JSONPath templates (the subset kubectl users write): text with {…} actions;
// .key, ['key'], [n], [a:b], [*], .*, ..key, [?(@.k==v)], {range …}…{end}, quoted literals.
// Missing keys print nothing (upstream allows them). Strings print raw, other values as JSON,
// several results separated by a space.
import {UsageError} from '../../errors.js';
import {goEscape} from './go.js';

type Token = {kind: 'text'; text: string} | {kind: 'expr'; expr: string} | {kind: 'range'; expr: string} | {kind: 'end'};

function tokenize(template: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out.push({kind: 'text', text: template.slice(i)});
      break;
    }
    if (open > i) out.push({kind: 'text', text: template.slice(i, open)});
    let j = open + 1;
    let quote = '';
    for (; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') break;
    }
    if (j >= template.length) throw new UsageError(`jsonpath: unclosed action in "${template}"`, {hint: `e.g. -o jsonpath='{.cilium.state}'`});
    const body = template.slice(open + 1, j).trim();
    if (body === 'end') out.push({kind: 'end'});
    else if (body.startsWith('range ')) out.push({kind: 'range', expr: body.slice(6).trim()});
    else out.push({kind: 'expr', expr: body});
    i = j + 1;
  }
  return out;
}

type Step = {kind: 'key'; key: string} | {kind: 'all'} | {kind: 'recurse'; key: string} | {kind: 'index'; n: number} | {kind: 'slice'; a?: number; b?: number} | {kind: 'filter'; path: Step[]; op: string; value: unknown};

function parsePath(expr: string): Step[] {
  const steps: Step[] = [];
  let s = expr.trim();
  if (s.startsWith('$') || s.startsWith('@')) s = s.slice(1);
  let i = 0;
  const name = () => {
    const m = /^[^.[\]\s]+/.exec(s.slice(i));
    if (!m) throw new UsageError(`jsonpath: bad expression "${expr}"`);
    i += m[0].length;
    return m[0];
  };
  while (i < s.length) {
    if (s.startsWith('..', i)) {
      i += 2;
      steps.push({kind: 'recurse', key: name()});
    } else if (s[i] === '.') {
      i++;
      if (s[i] === '*') {
        i++;
        steps.push({kind: 'all'});
      } else if (i < s.length && s[i] !== '[') steps.push({kind: 'key', key: name()});
    } else if (s[i] === '[') {
      const close = findClose(s, i);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') steps.push({kind: 'all'});
      else if (/^-?\d+$/.test(inner)) steps.push({kind: 'index', n: Number(inner)});
      else if (/^-?\d*:-?\d*$/.test(inner)) {
        const [a, b] = inner.split(':');
        steps.push({kind: 'slice', a: a ? Number(a) : undefined, b: b ? Number(b) : undefined});
      } else if (/^(['"]).*\1$/s.test(inner)) steps.push({kind: 'key', key: inner.slice(1, -1)});
      else if (inner.startsWith('?(') && inner.endsWith(')')) {
        const m = /^@((?:\.[^=!<>\s]+)+)\s*(==|!=)\s*(.+)$/.exec(inner.slice(2, -1).trim());
        if (!m) throw new UsageError(`jsonpath: unsupported filter "${inner}"`, {hint: 'filters support @.key==value and @.key!=value'});
        steps.push({kind: 'filter', path: parsePath(m[1]), op: m[2], value: literal(m[3])});
      } else throw new UsageError(`jsonpath: bad subscript "[${inner}]" in "${expr}"`);
    } else throw new UsageError(`jsonpath: bad expression "${expr}"`, {hint: `paths start with a dot, e.g. {.cilium.state}`});
  }
  return steps;
}

function findClose(s: string, open: number): number {
  let quote = '';
  for (let j = open + 1; j < s.length; j++) {
    const c = s[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ']') return j;
  }
  throw new UsageError(`jsonpath: unclosed "[" in "${s}"`);
}

function literal(text: string): unknown {
  const t = text.trim();
  if (/^'.*'$/s.test(t)) return t.slice(1, -1);
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function apply(steps: Step[], roots: unknown[]): unknown[] {
  let cur = roots;
  for (const st of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (st.kind) {
        case 'key':
          if (isObj(v) && !Array.isArray(v) && st.key in v) next.push(v[st.key]);
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else if (isObj(v)) next.push(...Object.values(v));
          break;
        case 'index':
          if (Array.isArray(v)) {
            const n = st.n < 0 ? v.length + st.n : st.n;
            if (n >= 0 && n < v.length) next.push(v[n]);
          }
          break;
        case 'slice':
          if (Array.isArray(v)) next.push(...v.slice(st.a, st.b));
          break;
        case 'recurse': {
          const walk = (x: unknown) => {
            if (Array.isArray(x)) x.forEach(walk);
            else if (isObj(x)) {
              if (st.key in x) next.push(x[st.key]);
              Object.values(x).forEach(walk);
            }
          };
          walk(v);
          break;
        }
        case 'filter':
          if (Array.isArray(v)) {
            for (const item of v) {
              const got = apply(st.path, [item]);
              const eq = got.length > 0 && got[0] === st.value;
              if (st.op === '==' ? eq : !eq) next.push(item);
            }
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return v === null ? 'null' : '';
  if (typeof v === 'object') return goEscape(JSON.stringify(v));
  return String(v);
}

function evalExpr(expr: string, ctx: unknown): unknown[] {
  const t = expr.trim();
  if (/^(['"]).*\1$/s.test(t)) return [t[0] === '"' ? (JSON.parse(t) as string) : t.slice(1, -1)];
  return apply(parsePath(t), [ctx]);
}

/** Evaluate a JSONPath template against a document; returns the printed text (no newline added). */
export function evalJsonPath(template: string, doc: unknown): string {
  const tokens = tokenize(template);
  let pos = 0;
  const run = (ctx: unknown, stopAtEnd: boolean): string => {
    let out = '';
    while (pos < tokens.length) {
      const t = tokens[pos++];
      if (t.kind === 'text') out += t.text;
      else if (t.kind === 'expr') out += evalExpr(t.expr, ctx).map(text).join(' ');
      else if (t.kind === 'range') {
        const items = evalExpr(t.expr, ctx);
        const start = pos;
        if (items.length === 0) {
          run(undefined, true); // skip the body
        }
        for (const item of items) {
          pos = start;
          out += run(item, true);
        }
      } else {
        if (stopAtEnd) return out;
        throw new UsageError('jsonpath: {end} without {range}');
      }
    }
    if (stopAtEnd) throw new UsageError('jsonpath: {range} without {end}');
    return out;
  };
  return run(doc, false);
}
