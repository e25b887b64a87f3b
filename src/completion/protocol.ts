// The `axon __complete` wire format, shared by complete.ts and the shell scripts:
//   value<TAB>description      one line per candidate (the description is optional)
//   :<directive>               last line, a bit set telling the shell what to do next
// Bits follow cobra's ShellCompDirective so the numbers are familiar.
export const Directive = {
  /** Candidates as given; with none, the shell falls back to file names. */
  Default: 0,
  /** Something failed: the shell offers nothing (not even files). */
  Error: 1,
  /** Do not add a space after the completed word (`--output=`, `ns/`). */
  NoSpace: 2,
  /** No file-name fallback when there are no candidates. */
  NoFileComp: 4,
  /** The candidates are file extensions: complete directories and files with those extensions. */
  FilterFileExt: 8,
  /** Complete directory names only. */
  FilterDirs: 16,
} as const;

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

const clean = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();

export function formatCompletion(c: Completion): string {
  const lines = c.candidates.map((x) => (x.description ? `${clean(x.value)}\t${clean(x.description)}` : clean(x.value)));
  lines.push(`:${c.directive}`);
  return lines.join('\n') + '\n';
}

/** Parses the output of `axon __complete` (tests and tools). */
export function parseCompletion(text: string): Completion {
  const lines = text.split('\n').filter((l) => l !== '');
  const last = lines.at(-1);
  const directive = last?.startsWith(':') ? Number(last.slice(1)) : Directive.Default;
  const body = last?.startsWith(':') ? lines.slice(0, -1) : lines;
  return {
    directive,
    candidates: body.map((l) => {
      const i = l.indexOf('\t');
      return i < 0 ? {value: l} : {value: l.slice(0, i), description: l.slice(i + 1)};
    }),
  };
}
