// A fast reader for the plain subset of YAML that Kubernetes manifests use (block maps and lists,
// single-line scalars, single-line flow collections, comments). It returns undefined for anything
// else — anchors, tags, block scalars, multi-line scalars or flow, duplicate keys, errors — and the
// caller falls back to the full `yaml` parser. Values follow yaml's core schema exactly.

import {formatPath, type PathSegment} from './diagnostic.js';

class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported();
};

interface Line {
  indent: number;
  text: string;
  /** 1-based line number in the document text. */
  no: number;
}

/** Where keys and list items start, by formatPath() of their path (recorded on demand). */
export type PositionMap = Map<string, {line: number; column: number}>;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** Core-schema resolution of a plain scalar. */
function plain(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT.test(s)) return parseInt(s, 10);
  if (OCT.test(s)) return parseInt(s.slice(2), 8);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (FLOAT.test(s)) return parseFloat(s);
  if (SPECIAL.test(s)) return s.endsWith('nan') || s.endsWith('NaN') || s.endsWith('NAN') ? NaN : s.startsWith('-') ? -Infinity : Infinity;
  return s;
}

const ESC: Record<string, string> = {'\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' '};

/** A quoted scalar starting at s[i]; returns the value and the index after the closing quote. */
function quoted(s: string, i: number): [string, number] {
  const q = s[i];
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (q === "'" && c === "'") {
      if (s[j + 1] === "'") {
        out += "'";
        j++;
        continue;
      }
      return [out, j + 1];
    }
    if (q === '"' && c === '"') return [out, j + 1];
    if (q === '"' && c === '\\') {
      const e = s[++j];
      if (e in ESC) out += ESC[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(j + 1, j + 5))) {
        out += String.fromCharCode(parseInt(s.slice(j + 1, j + 5), 16));
        j += 4;
      } else bail();
      continue;
    }
    out += c;
  }
  return bail();
}

const PLAIN_START_BAD = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A whole single-line value after "key: " or "- ". */
function scalarOrFlow(s: string, rec?: FlowRecorder, path: readonly PathSegment[] = []): unknown {
  if (s === '') return null;
  const c = s[0];
  if (c === '"' || c === "'") {
    const [v, end] = quoted(s, 0);
    if (s.slice(end).trim() !== '') bail();
    return v;
  }
  if (c === '{' || c === '[') {
    const [v, end] = flow(s, 0, rec, path);
    if (s.slice(end).trim() !== '') bail();
    return v;
  }
  if (PLAIN_START_BAD.test(s) && !/^-[^\s]/.test(s)) bail();
  if (s.includes(': ') || s.endsWith(':') || s.includes(' #') || s.includes('\t')) bail();
  return plain(s);
}

function skipWs(s: string, i: number): number {
  while (s[i] === ' ') i++;
  return i;
}

/** Records positions of flow entries: called with the entry's path and its index in the line. */
type FlowRecorder = ((path: readonly PathSegment[], index: number) => void) | undefined;

/** A single-line flow collection at s[i]. */
function flow(s: string, i: number, rec?: FlowRecorder, path: readonly PathSegment[] = []): [unknown, number] {
  const open = s[i];
  const close = open === '{' ? '}' : ']';
  const map: Record<string, unknown> = {};
  const seq: unknown[] = [];
  i = skipWs(s, i + 1);
  if (s[i] === close) return [open === '{' ? map : seq, i + 1];
  for (;;) {
    let item: unknown;
    const start = i;
    if (open === '[') rec?.([...path, seq.length], start);
    [item, i] = flowValue(s, i, rec, open === '[' ? [...path, seq.length] : path);
    i = skipWs(s, i);
    if (open === '{') {
      if (s[i] !== ':' || typeof item !== 'string') bail();
      const key = item as string;
      if (key === '__proto__' || Object.hasOwn(map, key)) bail();
      rec?.([...path, key], start);
      i = skipWs(s, i + 1);
      let value: unknown = null;
      if (s[i] !== ',' && s[i] !== close) [value, i] = flowValue(s, i, rec, [...path, key]);
      map[key] = value;
      i = skipWs(s, i);
    } else seq.push(item);
    if (s[i] === ',') {
      i = skipWs(s, i + 1);
      if (s[i] === close) return [open === '{' ? map : seq, i + 1];
      continue;
    }
    if (s[i] === close) return [open === '{' ? map : seq, i + 1];
    return bail();
  }
}

function flowValue(s: string, i: number, rec?: FlowRecorder, path: readonly PathSegment[] = []): [unknown, number] {
  const c = s[i];
  if (c === '{' || c === '[') return flow(s, i, rec, path);
  if (c === '"' || c === "'") return quoted(s, i);
  let j = i;
  while (j < s.length && !',[]{}#'.includes(s[j]) && !(s[j] === ':' && (s[j + 1] === ' ' || s[j + 1] === ',' || s[j + 1] === '}' || s[j + 1] === ']' || j + 1 === s.length))) j++;
  const raw = s.slice(i, j).trim();
  if (raw === '' || PLAIN_START_BAD.test(raw) || raw.includes(':')) bail();
  // A plain key in a flow map is a string even if it looks like a number; values resolve.
  return [s[j] === ':' ? raw : plain(raw), j];
}

/** Split "key: rest" / "key:" → [key, rest]; undefined when the text is not a mapping entry. */
function mapEntry(t: string): [string, string] | undefined {
  if (t[0] === '"' || t[0] === "'") {
    const [k, end] = quoted(t, 0);
    if (t[end] !== ':' || (end + 1 < t.length && t[end + 1] !== ' ')) return undefined;
    return [k, t.slice(end + 1).trim()];
  }
  const m = /^([^\s#'"{}[\],&*!|>%@`?][^#]*?):(?: +(.*))?$/.exec(t);
  if (!m) return undefined;
  const key = m[1].trimEnd();
  if (key.includes(': ') || key.startsWith('- ')) return undefined;
  return [key, (m[2] ?? '').trim()];
}

/** Cut a trailing " # comment", skipping quoted scalars (which may contain " #"). */
function stripComment(t: string): string {
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const prev = i === 0 ? ' ' : t[i - 1];
    if ((c === '"' || c === "'") && ' [{,:-'.includes(prev)) {
      i = quoted(t, i)[1] - 1;
    } else if (c === '#' && (prev === ' ' || prev === '\t')) {
      return t.slice(0, i);
    }
  }
  return t;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let no = 0;
  for (const raw of text.split('\n')) {
    no++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    let indent = 0;
    while (line[indent] === ' ') indent++;
    if (line[indent] === '\t') bail();
    let t = line.slice(indent);
    if (t === '' || t[0] === '#') continue;
    if (t.includes('#')) t = stripComment(t);
    t = t.trimEnd();
    if (t === '' || t.startsWith('%') || t === '...' || t.startsWith('--- ') || t === '---') bail();
    out.push({indent, text: t, no});
  }
  return out;
}

class Reader {
  i = 0;
  private readonly path: PathSegment[] = [];
  constructor(
    readonly lines: Line[],
    readonly pos?: PositionMap,
  ) {}

  private record(seg: PathSegment, line: Line, offset = 0): void {
    this.pos?.set(formatPath([...this.path, seg]), {line: line.no, column: line.indent + 1 + offset});
  }

  private value(rest: string, line: Line, offset: number): unknown {
    if (!this.pos) return scalarOrFlow(rest);
    return scalarOrFlow(rest, (p, idx) => this.pos?.set(formatPath([...this.path, ...p]), {line: line.no, column: line.indent + 1 + offset + idx}));
  }

  block(indent: number): unknown {
    const l = this.lines[this.i];
    return l.text === '-' || l.text.startsWith('- ') ? this.seq(indent) : this.map(indent);
  }

  private record0(line: Line): void {
    this.pos?.set(formatPath(this.path), {line: line.no, column: line.indent + 1});
  }

  /** The value of "key:" with nothing after it: a nested block, a same-indent list, or null. */
  nested(indent: number): unknown {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.indent > indent) return this.block(next.indent);
    if (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return this.seq(indent);
    return null;
  }

  map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.indent < indent) break;
      if (l.indent > indent || l.text === '-' || l.text.startsWith('- ')) bail();
      const e = mapEntry(l.text) ?? bail();
      const [key, rest] = e;
      if (key === '__proto__' || key === '<<' || Object.hasOwn(out, key)) bail();
      this.record(key, l);
      this.i++;
      this.path.push(key);
      if (rest === '') out[key] = this.nested(indent);
      else {
        if (/^[|>&*!]/.test(rest)) bail();
        out[key] = this.value(rest, l, l.text.length - rest.length);
        if (this.lines[this.i] && this.lines[this.i].indent > indent) bail(); // multi-line scalar
      }
      this.path.pop();
    }
    return out;
  }

  seq(indent: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.indent !== indent || !(l.text === '-' || l.text.startsWith('- '))) {
        if (l.indent > indent) bail();
        break;
      }
      const after = l.text.slice(1);
      const pad = after.length - after.trimStart().length;
      const item = after.trimStart();
      const n = out.length;
      this.path.push(n);
      if (item === '') {
        this.i++;
        const next = this.lines[this.i];
        if (next && next.indent > indent) this.pos?.set(formatPath(this.path), {line: next.no, column: next.indent + 1});
        else this.record0(l);
        out.push(next && next.indent > indent ? this.block(next.indent) : null);
        this.path.pop();
        continue;
      }
      this.pos?.set(formatPath(this.path), {line: l.no, column: indent + 2 + pad});
      if (item === '-' || item.startsWith('- ') || /^[|>&*!?]/.test(item)) bail();
      if (item[0] !== '{' && item[0] !== '[' && mapEntry(item)) {
        // "- key: value" starts a mapping whose entries continue at the item's column.
        this.lines[this.i] = {indent: indent + 1 + pad, text: item, no: l.no};
        out.push(this.map(indent + 1 + pad));
        this.path.pop();
        continue;
      }
      this.i++;
      out.push(this.value(item, l, 1 + pad));
      this.path.pop();
      if (this.lines[this.i] && this.lines[this.i].indent > indent) bail();
    }
    return out;
  }
}

/** The mapping a document's text holds, or undefined when the fast path does not apply.
 *  With `positions`, also records where each key and list item starts (and '' = the root). */
export function fastDocument(text: string, positions?: PositionMap): Record<string, unknown> | undefined {
  try {
    const lines = linesOf(text);
    if (lines.length === 0 || lines[0].text.startsWith('- ') || lines[0].text[0] === '{' || lines[0].text[0] === '[') return undefined;
    positions?.set('', {line: lines[0].no, column: lines[0].indent + 1});
    const r = new Reader(lines, positions);
    const v = r.map(lines[0].indent);
    return r.i === lines.length ? v : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** Split at "---" lines (a document marker at column 0 always ends the previous document). */
export function splitDocuments(text: string): Array<{text: string; offset: number}> | undefined {
  const out: Array<{text: string; offset: number}> = [];
  const re = /^---[ \t]*(?:#[^\r\n]*)?\r?$/gm;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({text: text.slice(start, m.index), offset: start});
    start = m.index + m[0].length;
  }
  out.push({text: text.slice(start), offset: start});
  if (/^(%|\.\.\.|---)/m.test(out.map((d) => d.text).join(''))) return undefined;
  return out;
}
