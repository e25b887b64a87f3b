// Multi-document YAML/JSON → plain JS documents that remember where every node came from.
import {LineCounter, Parser, Composer, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node} from 'yaml';
import {formatPath, type Diagnostic, type PathSegment} from './diagnostic.js';
import {fastDocument, splitDocuments, type PositionMap} from './fast.js';
import {isListKind, looksLikePolicy} from './kinds.js';
import type {Source} from './read.js';

export interface Position {
  line: number;
  column: number;
}

export interface ParsedDocument {
  file: string;
  /** 0-based index of the YAML document in its file. */
  index: number;
  /** Index inside a `List`/`*List` wrapper's `items`, when the object came from one. */
  item?: number;
  kind: string;
  apiVersion: string;
  name?: string;
  namespace?: string;
  /** The object as plain JS (numbers stay numbers: the validator checks types). */
  value: unknown;
  /** line:column (1-based) of the key (map entries) or item (lists) at `path` inside the object;
   *  for a path that does not exist, the deepest part that does. */
  position(path: readonly PathSegment[]): Position;
}

export interface ParseResult {
  /** Policy documents (and documents that try to be one, such as a wrong apiVersion). */
  documents: ParsedDocument[];
  /** Documents of other kinds (Deployment, ConfigMap, ...): not validated. */
  skipped: ParsedDocument[];
  /** YAML syntax errors, duplicate keys, non-object documents. */
  errors: Diagnostic[];
}

export function parseSources(sources: Source[]): ParseResult {
  const out: ParseResult = {documents: [], skipped: [], errors: []};
  for (const src of sources) parseOne(src, out);
  return out;
}

function parseOne({file, text}: Source, out: ParseResult): void {
  // Fast path: split at "---" and read each document with the manifest-subset reader; a
  // document it cannot read (or JSON, or anything unusual) goes through the full yaml parser.
  const trimmed = text.trimStart();
  const slices = trimmed.startsWith('{') || trimmed.startsWith('[') ? undefined : splitDocuments(text);
  if (!slices) {
    parseYaml(file, text, 0, 0, out);
    return;
  }
  let line = 0;
  let consumed = 0;
  let index = 0;
  slices.forEach((slice, k) => {
    for (let i = text.indexOf('\n', consumed); i >= 0 && i < slice.offset; i = text.indexOf('\n', i + 1)) line++;
    consumed = slice.offset;
    const empty = !/^[ \t]*[^\s#]/m.test(slice.text);
    if (empty) {
      if (k > 0 || slices.length === 1) index++;
      return;
    }
    const value = fastDocument(slice.text);
    if (value === undefined) parseYaml(file, slice.text, line, index, out);
    else addObject(file, index, value, lazyLocator(slice.text, line), out);
    index++;
  });
}

type Locator = (path: readonly PathSegment[]) => Position;

/** Positions for a fast-path document, recorded by a second fast read only when a diagnostic
 *  asks for one (yaml composes it if that read ever disagreed). */
function lazyLocator(text: string, lineBase: number): Locator {
  let located: Locator | undefined;
  return (path) => {
    if (!located) {
      const map: PositionMap = new Map();
      if (fastDocument(text, map) !== undefined) {
        located = (p) => {
          for (let n = p.length; n >= 0; n--) {
            const hit = map.get(formatPath(p.slice(0, n)));
            if (hit) return {line: hit.line + lineBase, column: hit.column};
          }
          return {line: 1 + lineBase, column: 1};
        };
        return located(path);
      }
      const lc = new LineCounter();
      const doc = new Composer({uniqueKeys: false}).compose(new Parser(lc.addNewLine).parse(text), true, text.length).next().value as Document.Parsed | undefined;
      const root = doc?.contents as Node | null | undefined;
      located = (p) => {
        const pos = lc.linePos(doc && root ? locate(doc, root, p) : 0);
        return {line: pos.line + lineBase, column: pos.col};
      };
    }
    return located(path);
  };
}

function parseYaml(file: string, text: string, lineBase: number, indexBase: number, out: ParseResult): void {
  const lc = new LineCounter();
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset);
    return {line: p.line + lineBase, column: p.col};
  };
  const err = (offset: number, message: string, path: readonly PathSegment[] = [], hint?: string): void => {
    out.errors.push({file, path: formatPath(path), ...pos(offset), message, hint, severity: 'error', layer: 'Decode'});
  };
  const composer = new Composer({uniqueKeys: false, prettyErrors: false});
  const docs: Document.Parsed[] = [...composer.compose(new Parser(lc.addNewLine).parse(text), true, text.length)];
  docs.forEach((doc, i) => {
    const index = indexBase + i;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) err(e.pos[0], yamlMessage(e.message), [], 'fix the YAML/JSON syntax at this position');
      return;
    }
    const root = doc.contents as Node | null;
    if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return; // empty document
    if (!isMap(root)) {
      err(root.range?.[0] ?? 0, `document ${index + 1} is not an object (found ${isSeq(root) ? 'a list' : 'a scalar'})`, [], 'each document must be a Kubernetes object with apiVersion, kind, metadata and spec');
      return;
    }
    const dups = duplicateKeys(root, []);
    for (const d of dups) err(d.offset, `duplicate field "${formatPath(d.path)}"`, d.path, 'remove one of the two entries; Kubernetes rejects duplicate fields');
    if (dups.length > 0) return;
    const value = doc.toJS({maxAliasCount: 100}) as Record<string, unknown>;
    addObject(file, index, value, (path) => pos(locate(doc, root, path)), out);
  });
}

/** One top-level object: a policy, a skipped document, or a List whose items are each of those. */
function addObject(file: string, index: number, value: Record<string, unknown>, at: Locator, out: ParseResult): void {
  const make = (obj: Record<string, unknown>, prefix: PathSegment[], item?: number): ParsedDocument => {
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    return {
      file,
      index,
      item,
      kind: typeof obj.kind === 'string' ? obj.kind : '',
      apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
      name: typeof meta.name === 'string' ? meta.name : undefined,
      namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined,
      value: obj,
      position: (path) => at([...prefix, ...path]),
    };
  };
  const add = (d: ParsedDocument, obj: Record<string, unknown>): void => {
    (looksLikePolicy(obj.kind, obj.apiVersion) ? out.documents : out.skipped).push(d);
  };
  if (isListKind(value.kind) && Array.isArray(value.items)) {
    value.items.forEach((it, i) => {
      if (isObject(it)) add(make(it, ['items', i], i), it);
      else {
        const p = at(['items', i]);
        out.errors.push({file, path: formatPath(['items', i]), ...p, message: `items[${i}] is not an object`, severity: 'error', layer: 'Decode'});
      }
    });
    return;
  }
  add(make(value, []), value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "Nested mappings are not allowed in compact mappings at line 3, column 7" → without the position. */
function yamlMessage(msg: string): string {
  return msg.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').replace(/\n[\s\S]*$/, '');
}

function keyString(k: unknown): string {
  return isScalar(k) ? String(k.value) : String(k);
}

function duplicateKeys(node: Node, path: PathSegment[]): Array<{path: PathSegment[]; offset: number}> {
  const found: Array<{path: PathSegment[]; offset: number}> = [];
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      const k = keyString(pair.key);
      if (seen.has(k)) found.push({path: [...path, k], offset: (pair.key as Node | null)?.range?.[0] ?? 0});
      seen.add(k);
      if (pair.value && !isScalar(pair.value)) found.push(...duplicateKeys(pair.value as Node, [...path, k]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((it, i) => {
      if (it && !isScalar(it)) found.push(...duplicateKeys(it as Node, [...path, i]));
    });
  }
  return found;
}

/** Offset of the key (or list item) at `path`, or of the deepest existing ancestor. */
function locate(doc: Document.Parsed, root: Node, path: readonly PathSegment[]): number {
  let node: Node = root;
  let offset = root.range?.[0] ?? 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc) as Node;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyString(p.key) === String(seg));
      if (!pair) return offset;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      if (!pair.value) return offset;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
      node = node.items[seg] as Node;
      offset = node.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
