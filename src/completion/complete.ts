// `axon __complete <words…>`: the shell scripts' callback (bin/run.js routes here without
// loading oclif). Prints candidates in the protocol.ts format. Static values come from the
// manifest; live values race the time budget and are dropped, silently, when late or failing.
import {writeSync} from 'node:fs';
import {completeTimeoutMs} from '../defaults.js';
import {loadCliInfo, oneLine, type CliInfo, type ManifestCommand, type ManifestFlag} from './manifest.js';
import {Directive, formatCompletion, type Candidate, type Completion} from './protocol.js';
import {findCommand, findFlag, resolve, type Resolved} from './resolve.js';
import {sourceFor, type ProviderContext, type ValueSource} from './sources.js';

const HELP: Candidate = {value: '--help', description: 'Show help for the command.'};

export interface CompleteOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Time left for live values, in ms. */
  budgetMs: number;
  /** Called with a provider's error (shown on stderr only with AXON_DEBUG=1). */
  onError?: (err: unknown) => void;
}

export async function complete(info: CliInfo, words: string[], o: CompleteOptions): Promise<Completion> {
  const r = resolve(info.manifest, words);
  const none: Completion = {candidates: [], directive: Directive.NoFileComp};
  switch (r.target.kind) {
    case 'unknown':
      return none;
    case 'flag-name':
      return {candidates: filter(flagNames(r), r.cur), directive: Directive.NoFileComp};
    case 'flag-value': {
      const {flag, prefix, value} = r.target;
      const c = await values(sourceFor(flag, r.command!.id), value, r, o);
      return {...c, candidates: c.candidates.map((x) => ({...x, value: prefix + x.value}))};
    }
    case 'command': {
      const cmds = filter(subcommands(info, r.path), r.cur);
      if (!r.command) return {candidates: cmds, directive: Directive.NoFileComp};
      // A command with both subcommands and arguments offers both.
      const args = await argValues(r, o);
      return {candidates: [...cmds, ...args.candidates], directive: args.directive};
    }
    case 'arg':
      return argValues(r, o);
  }
}

function argValues(r: Resolved, o: CompleteOptions): Promise<Completion> {
  const arg = r.target.kind === 'arg' ? r.target.arg : Object.values(r.command?.args ?? {})[0];
  if (!arg || !r.command) return Promise.resolve({candidates: [], directive: Directive.NoFileComp});
  return values(sourceFor(arg, r.command.id), r.cur, r, o);
}

/** Direct children of a topic path: commands and sub-topics, with their descriptions. */
function subcommands(info: CliInfo, path: string[]): Candidate[] {
  const {commands} = info.manifest;
  const prefix = path.length ? path.join(':') + ':' : '';
  const out = new Map<string, string>();
  for (const c of Object.values(commands)) {
    if (c.hidden || !c.id.startsWith(prefix) || c.id === path.join(':')) continue;
    const word = c.id.slice(prefix.length).split(':')[0];
    if (out.has(word)) continue;
    const cmd = findCommand(info.manifest, [...path, word]);
    const topic = info.topics[prefix + word]?.description;
    out.set(word, oneLine(cmd?.summary ?? cmd?.description) || oneLine(topic) || topicList(info, [...path, word]));
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([value, description]) => ({value, description}));
}

/** A topic without a description in package.json is described by its subcommands. */
function topicList(info: CliInfo, path: string[]): string {
  const prefix = path.join(':') + ':';
  const visible = Object.values(info.manifest.commands).filter((c) => !c.hidden && c.id.startsWith(prefix));
  return 'commands: ' + [...new Set(visible.map((c) => c.id.slice(prefix.length).split(':')[0]))].sort().join(', ');
}

/** Flags of the command not given yet (repeatable ones stay), and none that conflict with given ones. */
function flagNames(r: Resolved): Candidate[] {
  const cmd: ManifestCommand | undefined = r.command;
  if (!cmd) return [HELP, {value: '--version', description: 'Print the axon version.'}];
  const given = new Set(r.flags.keys());
  const excluded = new Set([...given].flatMap((n) => findFlag(cmd, n)?.exclusive ?? []));
  const out: Candidate[] = [];
  const long = r.cur.startsWith('--');
  for (const f of Object.values(cmd.flags) as ManifestFlag[]) {
    const conflicts = excluded.has(f.name) || (f.exclusive ?? []).some((x) => given.has(x));
    if (f.hidden || conflicts || (given.has(f.name) && !f.multiple)) continue;
    const description = oneLine(f.summary ?? f.description);
    out.push({value: `--${f.name}`, description});
    if (f.allowNo && r.cur.startsWith('--no')) out.push({value: `--no-${f.name}`, description});
    if (f.char && !long) out.push({value: `-${f.char}`, description});
  }
  out.push(HELP);
  if (!long) out.push({...HELP, value: '-h'});
  return out;
}

function filter(cands: Candidate[], cur: string): Candidate[] {
  return cands.filter((c) => c.value.startsWith(cur));
}

async function values(src: ValueSource, cur: string, r: Resolved, o: CompleteOptions): Promise<Completion> {
  // Extensions and directory filters are instructions to the shell, not words to match.
  if (src.directive & (Directive.FilterFileExt | Directive.FilterDirs)) return {candidates: src.values ?? [], directive: src.directive};
  const cands = [...(src.values ?? [])];
  if (src.load) cands.push(...(await withBudget(src.load, r, o)));
  const hits = filter(cands, cur);
  // `jsonpath=` wants its expression right after the "=".
  const open = hits.length > 0 && hits.every((c) => c.value.endsWith('='));
  return {candidates: hits, directive: src.directive | (open ? Directive.NoSpace : 0)};
}

async function withBudget(load: NonNullable<ValueSource['load']>, r: Resolved, o: CompleteOptions): Promise<Candidate[]> {
  const abort = new AbortController();
  const ctx: ProviderContext = {
    commandId: r.command?.id ?? '',
    args: r.args,
    flags: r.flags,
    env: o.env ?? process.env,
    cwd: o.cwd ?? process.cwd(),
    signal: abort.signal,
  };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Candidate[]>((res) => {
    timer = setTimeout(() => res([]), Math.max(0, o.budgetMs));
  });
  try {
    return await Promise.race([
      load(ctx).catch((e: unknown) => {
        o.onError?.(e);
        return [];
      }),
      late,
    ]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

// Time the shell waits that is not ours to spend: writing the answer and exiting.
const EXIT_MARGIN_MS = 15;

export async function main(argv: string[]): Promise<void> {
  const env = process.env;
  let out: string;
  try {
    // process.uptime(), not performance.now(): the `performance` global loads perf_hooks.
    const budgetMs = completeTimeoutMs(env) - process.uptime() * 1000 - EXIT_MARGIN_MS;
    const debug = env.AXON_DEBUG === '1' ? (e: unknown) => writeAll(2, `__complete: ${String(e)}\n`) : undefined;
    out = formatCompletion(await complete(loadCliInfo(), argv, {env, budgetMs, onError: debug}));
  } catch (e) {
    if (env.AXON_DEBUG === '1') writeAll(2, `__complete: ${String(e)}\n`);
    out = formatCompletion({candidates: [], directive: Directive.Error});
  }
  writeAll(1, out);
  // Providers that lost the race may still hold sockets or files: do not wait for them.
  process.exit(0);
}

/** Straight to the file descriptor: process.stdout would load the whole streams stack. */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length) {
    try {
      buf = buf.subarray(writeSync(fd, buf));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return; // the shell went away
    }
  }
}
