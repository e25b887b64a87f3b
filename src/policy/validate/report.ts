// Collects the diagnostics of one document: positions from the parsed source, layer from the
// rule catalogue, and the set of paths that failed (element-level lints skip those).
import {formatPath, type Diagnostic, type Layer, type PathSegment} from '../parse/diagnostic.js';
import type {ParsedDocument} from '../parse/documents.js';
import {RULE_BY_ID} from './rules.js';

export type Path = readonly PathSegment[];

export interface Extra {
  hint?: string;
  layer?: Layer;
}

export class Report {
  readonly errors: Diagnostic[] = [];
  private readonly failed = new Set<string>();

  constructor(readonly doc: ParsedDocument) {}

  error(path: Path, rule: string, message: string, extra: Extra = {}): void {
    const info = RULE_BY_ID.get(rule);
    if (!info) throw new Error(`unknown validation rule ${rule}`);
    const p = formatPath(path);
    this.failed.add(p);
    this.errors.push({file: this.doc.file, path: p, ...this.doc.position(path), message, hint: extra.hint, rule, severity: 'error', layer: extra.layer ?? info.layer});
  }

  /** Did anything at or below `path` fail validation? */
  hasErrorsAt(path: Path): boolean {
    const p = formatPath(path);
    for (const f of this.failed) if (f === p || f.startsWith(p + '.') || f.startsWith(p + '[')) return true;
    return false;
  }
}

// Defensive accessors: semantic checks run after the schema walk and ignore ill-typed values
// (the schema already reported them).
export type Obj = Record<string, unknown>;
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/** Present and not null (Kubernetes prunes nulls of non-nullable fields). */
export function has(o: Obj | undefined, key: string): boolean {
  return o !== undefined && o[key] !== undefined && o[key] !== null;
}
export function quote(v: unknown): string {
  return JSON.stringify(v);
}
