// Printers for `policy validate`: compiler-style lines with a hint, or one JSON object.
import {Chalk} from 'chalk';
import {escapeTerminal} from '../../flows/escape.js';
import type {Diagnostic} from '../parse/diagnostic.js';
import type {ValidationResult} from '../validate/index.js';

export interface ValidateOutcome extends ValidationResult {
  /** --strict: warnings fail too. */
  strict: boolean;
}

/** Passes under the chosen mode: no errors, and with --strict no warnings. */
export function passes(r: Pick<ValidateOutcome, 'errors' | 'warnings' | 'strict'>): boolean {
  return r.errors.length === 0 && (!r.strict || r.warnings.length === 0);
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

export function formatValidateHuman(r: ValidateOutcome, o: {color: boolean}): string {
  const c = new Chalk({level: o.color ? 1 : 0});
  const sev = {error: c.red.bold, warning: c.yellow.bold, info: c.cyan};
  const lines: string[] = [];
  const all = [...r.errors, ...r.warnings, ...r.infos].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  for (const d of all) {
    const label = d.id ? `${d.severity}[${d.id}]` : d.severity;
    const where = `${escapeTerminal(d.file)}:${d.line}:${d.column}`;
    lines.push(`${c.bold(where)}: ${sev[d.severity](label)}: ${d.path ? `${escapeTerminal(d.path)}: ` : ''}${escapeTerminal(d.message)}`);
    const hint = [d.hint, d.layer && d.severity === 'error' ? `(rejected by: ${d.layer})` : undefined].filter(Boolean).join(' ');
    if (hint) lines.push(`    ${c.dim('hint:')} ${escapeTerminal(hint)}`);
  }
  const ok = passes(r);
  const parts = [plural(r.errors.length, 'error'), plural(r.warnings.length, 'warning')];
  if (r.infos.length) parts.push(plural(r.infos.length, 'info'));
  const verdict = ok ? c.green('valid') : c.red('invalid');
  const why = !ok && r.errors.length === 0 ? ' (--strict: warnings fail)' : '';
  lines.push(`${plural(r.documents, 'policy document')}: ${verdict}${why}, ${parts.join(', ')}`);
  return lines.join('\n') + '\n';
}

function jsonDiag(d: Diagnostic): Record<string, unknown> {
  const base: Record<string, unknown> = d.id ? {id: d.id} : {};
  Object.assign(base, {file: d.file, path: d.path, line: d.line, column: d.column, message: d.message});
  if (d.hint) base.hint = d.hint;
  if (d.rule) base.rule = d.rule;
  if (d.layer) base.layer = d.layer;
  return base;
}

export function formatValidateJson(r: ValidateOutcome): string {
  return JSON.stringify({valid: passes(r), errors: r.errors.map(jsonDiag), warnings: r.warnings.map(jsonDiag), infos: r.infos.map(jsonDiag)}, null, 2) + '\n';
}
