// Drive the real shells with the generated scripts in completions/. The `axon` they call is
// the project's bin/run.js, through a wrapper script put first on PATH.
import {execFile} from 'node:child_process';
import {chmodSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {BIN, ROOT, cleanEnv} from '../helpers/cli.js';
import {tmpDir} from '../helpers/tmp.js';

export const SCRIPTS = join(ROOT, 'completions');

export interface ShellOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface Listed {
  value: string;
  description?: string;
}

/** A PATH whose first entry holds an `axon` that runs this checkout's bin/run.js. */
function axonPath(): string {
  const dir = tmpDir('axon-bin-');
  const wrapper = join(dir, 'axon');
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return `${dir}:${process.env.PATH}`;
}

function run(cmd: string, args: string[], o: ShellOptions): Promise<{stdout: string; stderr: string; ms: number}> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(cmd, args, {cwd: o.cwd ?? ROOT, env: cleanEnv({...o.env, PATH: axonPath()}), timeout: 20_000}, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} failed: ${err.message}\n${stderr}`));
      else resolve({stdout, stderr, ms: Date.now() - started});
    });
  });
}

/**
 * bash: `words` are COMP_WORDS as bash splits them (after "axon"; "=" and ":" are words of
 * their own), the last one under the cursor. Returns COMPREPLY.
 */
export async function bashComplete(words: string[], o: ShellOptions = {}): Promise<string[]> {
  const all = ['axon', ...words];
  const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const line = all.join(' ');
  const script = [
    `source ${q(join(SCRIPTS, 'axon.bash'))}`,
    `COMP_WORDS=(${all.map(q).join(' ')})`,
    `COMP_CWORD=${all.length - 1}`,
    `COMP_LINE=${q(line)}`,
    `COMP_POINT=${line.length}`,
    '__axon_complete',
    `printf '%s\\n' "\${COMPREPLY[@]}"`,
  ].join('\n');
  const {stdout} = await run('bash', ['--norc', '--noprofile', '-c', script], o);
  return stdout.split('\n').filter((l) => l !== '');
}

/** COMP_WORDS as bash builds them from a command line: split at blanks, and at "=" and ":". */
export function bashWords(line: string): string[] {
  return line.split(' ').flatMap((w) => (w === '' ? [''] : w.split(/([=:])/).filter((p) => p !== '')));
}

export type ShellName = 'bash' | 'zsh' | 'fish';

/**
 * The candidates a shell offers for LINE (the cursor at its end), with descriptions where the
 * shell shows them. bash answers relative to its own word: after "--flag=" only the value.
 */
export async function offered(shell: ShellName, line: string, o: ShellOptions = {}): Promise<Listed[]> {
  if (shell === 'bash') return (await bashComplete(bashWords(line).slice(1), o)).map((value) => ({value}));
  if (shell === 'zsh') return (await zshComplete(line, o)).listed;
  return fishComplete(line, o);
}

/** fish: `complete -C LINE`, each candidate with its description. */
export async function fishComplete(line: string, o: ShellOptions = {}): Promise<Listed[]> {
  const script = `source ${join(SCRIPTS, 'axon.fish')}; complete -C ${JSON.stringify(line)}`;
  const {stdout} = await run('fish', ['--no-config', '-c', script], o);
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [value, description] = l.split('\t');
      return description === undefined ? {value} : {value, description};
    });
}

export interface ZshResult {
  /** What zsh listed (^D), one entry per candidate; zsh puts candidates with the same description on one row. */
  listed: Listed[];
  /** The command line afterwards, e.g. after TAB inserted the unique match. */
  line: string;
  ms: number;
}

/** zsh: types LINE in an interactive zsh with compinit (zpty) and lists the choices, or completes (TAB). */
export async function zshComplete(line: string, o: ShellOptions & {tab?: boolean} = {}): Promise<ZshResult> {
  const capture = join(ROOT, 'test/completions/zsh-capture.zsh');
  const {stdout, ms} = await run('zsh', ['-f', capture, SCRIPTS, line, o.tab ? 'complete-word' : 'list-choices'], o);
  // eslint-disable-next-line no-control-regex
  const text = stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');
  const rows = text.split(/[\r\n]+/);
  const end = rows.findIndex((r) => r.startsWith('LINE:'));
  const listed: Listed[] = [];
  for (const row of rows.slice(0, end).map((r) => r.trim())) {
    // Skip the echo of the typed line, its redraws, and zsh's PROMPT_SP mark.
    if (!row || row === '#' || row.includes(line.trim()) || row.startsWith('%')) continue;
    const sep = row.indexOf(' -- ');
    // Columns are at least two blanks apart; a single blank belongs to the value.
    const values = (sep < 0 ? row : row.slice(0, sep)).split(/\s{2,}/).map((v) => v.trim()).filter(Boolean);
    const description = sep < 0 ? undefined : row.slice(sep + 4).trim();
    for (const value of values) listed.push(description === undefined ? {value} : {value, description});
  }
  return {listed, line: rows[end]?.slice(5) ?? '', ms};
}
