// The verifier's log, shortened for humans: the source line and instruction where verification
// failed and the reason lines after it, then "(N lines omitted; rerun with --verbose)". Pure.
import {AxonError} from '../errors.js';

export interface VerifierSummary {
  lines: string[];
  omitted: number;
}

const INSN = /^\d+: \(/;

export function summarizeVerifierLog(log: string): VerifierSummary {
  const all = log.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
  const body = all.filter((l) => !/^processed \d+ insns/.test(l) && !/^-- (BEGIN|END) PROG LOAD LOG --$/.test(l));
  let insn = -1;
  for (let i = body.length - 1; i >= 0; i--) if (INSN.test(body[i])) { insn = i; break; }
  const lines: string[] = [];
  if (insn >= 0) {
    // the nearest source line (BTF line info) before the failing instruction
    for (let i = insn - 1; i >= 0; i--) {
      if (body[i].startsWith('; ')) {
        lines.push(body[i]);
        break;
      }
    }
    lines.push(body[insn], ...body.slice(insn + 1));
  } else {
    lines.push(...body.slice(-2));
  }
  return {lines, omitted: Math.max(0, all.length - lines.length)};
}

/** A program the kernel's verifier rejected; the message holds the summary (or the whole log with verbose). */
export class VerifierError extends AxonError {
  readonly program: string;
  readonly log: string;
  readonly summary: VerifierSummary;

  constructor(prefix: string, program: string, errno: string, log: string, verbose: boolean) {
    const summary = summarizeVerifierLog(log);
    const detail = verbose
      ? log.trimEnd().split('\n')
      : [...summary.lines, ...(summary.omitted ? [`(${summary.omitted} line${summary.omitted === 1 ? '' : 's'} omitted; rerun with --verbose)`] : [])];
    super(`${prefix}: program ${program}: the verifier rejected it (${errno}):\n${detail.map((l) => `  ${l}`).join('\n')}`, {
      hint: 'fix the program (bounds checks before packet access, initialised stack, bounded loops) and rebuild it',
    });
    this.program = program;
    this.log = log;
    this.summary = summary;
  }
}
