// One finding about a policy document, located by file, kubectl-style path and line:column.
export type Severity = 'error' | 'warning' | 'info';
/** Who would have caught it upstream: the API server (CRD schema), Cilium's sanitiser, or JSON decoding. */
export type Layer = 'K8s' | 'Agent' | 'Decode';

export type PathSegment = string | number;

export interface Diagnostic {
  file: string;
  /** kubectl-style: spec.ingress[0].toPorts[0].ports[0].port ('' for the whole document). */
  path: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
  /** Lint id (warnings and infos), stable, from the catalogue in src/policy/lint/catalogue.ts. */
  id?: string;
  /** Validation rule id (errors), e.g. "12.20" or "13.2.3": the row of the reference tables. */
  rule?: string;
  severity: Severity;
  layer?: Layer;
}

/** ['spec', 'ingress', 0, 'toPorts'] → "spec.ingress[0].toPorts". */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
