// Works out what the word under the cursor is: a command or topic name, a flag name, a flag's
// value or a positional argument, using only the manifest (the same rules oclif parses with:
// command words first, then `--flag value`, `--flag=value`, `-f value`, `-fvalue`, `--`).
import type {ManifestArg, ManifestCommand, ManifestFlag, Manifest} from './manifest.js';

export type Target =
  /** The word names a command or topic below `path` (and, when `command` takes args, an argument). */
  | {kind: 'command'}
  | {kind: 'flag-name'}
  /** `prefix` is what the shell word starts with before the value (`--output=`), usually ''. */
  | {kind: 'flag-value'; flag: ManifestFlag; prefix: string; value: string}
  | {kind: 'arg'; index: number; arg?: ManifestArg}
  /** Words that are no command of ours: nothing to offer. */
  | {kind: 'unknown'};

export interface Resolved {
  /** Command and topic words typed so far, e.g. ['policy']. */
  path: string[];
  command?: ManifestCommand;
  /** Flag values given before the cursor, by flag name (booleans get ''). */
  flags: Map<string, string[]>;
  /** Positional arguments before the cursor. */
  args: string[];
  cur: string;
  target: Target;
}

/** Whether `path` names a command, an alias or a topic (ids join the words with ':'). */
function isTopicOrCommand(manifest: Manifest, path: string[]): boolean {
  const id = path.join(':');
  return Object.values(manifest.commands).some((c) => c.id === id || c.id.startsWith(id + ':') || c.aliases?.includes(id));
}

export function findCommand(manifest: Manifest, path: string[]): ManifestCommand | undefined {
  const id = path.join(':');
  return manifest.commands[id] ?? Object.values(manifest.commands).find((c) => c.aliases?.includes(id));
}

export function findFlag(cmd: ManifestCommand | undefined, name: string): ManifestFlag | undefined {
  if (!cmd) return undefined;
  const flags = Object.values(cmd.flags);
  return flags.find((f) => f.name === name || f.aliases?.includes(name)) ?? flags.find((f) => f.allowNo && `no-${f.name}` === name);
}

function findShort(cmd: ManifestCommand | undefined, ch: string): ManifestFlag | undefined {
  if (!cmd) return undefined;
  return Object.values(cmd.flags).find((f) => f.char === ch || f.charAliases?.includes(ch));
}

/** words: everything after the program name; the last word is the one being completed ('' for a new word). */
export function resolve(manifest: Manifest, words: string[]): Resolved {
  const cur = words.at(-1) ?? '';
  const prev = words.slice(0, -1);
  const path: string[] = [];
  let i = 0;
  while (i < prev.length && !prev[i].startsWith('-') && isTopicOrCommand(manifest, [...path, prev[i]])) path.push(prev[i++]);
  const command = findCommand(manifest, path);
  const flags = new Map<string, string[]>();
  const args: string[] = [];
  const base = {path, command, flags, args, cur};
  if (!command && i < prev.length) return {...base, target: {kind: 'unknown'}};

  const given = (f: ManifestFlag, v: string) => flags.set(f.name, [...(flags.get(f.name) ?? []), v]);
  let pending: ManifestFlag | undefined;
  let dashdash = false;
  for (; i < prev.length; i++) {
    const w = prev[i];
    if (pending) {
      given(pending, w);
      pending = undefined;
    } else if (dashdash || w === '-' || !w.startsWith('-')) {
      args.push(w);
    } else if (w === '--') {
      dashdash = true;
    } else if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const f = findFlag(command, w.slice(2, eq < 0 ? undefined : eq));
      if (!f) continue;
      if (f.type === 'boolean' || eq >= 0) given(f, eq < 0 ? '' : w.slice(eq + 1));
      else pending = f;
    } else {
      const f = findShort(command, w[1]);
      if (!f) continue;
      if (f.type === 'boolean') given(f, '');
      else if (w.length > 2) given(f, w.slice(w[2] === '=' ? 3 : 2));
      else pending = f;
    }
  }

  if (pending) return {...base, target: {kind: 'flag-value', flag: pending, prefix: '', value: cur}};
  if (!dashdash && cur.startsWith('--') && cur.includes('=')) {
    const eq = cur.indexOf('=');
    const f = findFlag(command, cur.slice(2, eq));
    if (f && f.type === 'option') return {...base, target: {kind: 'flag-value', flag: f, prefix: cur.slice(0, eq + 1), value: cur.slice(eq + 1)}};
    return {...base, target: {kind: 'unknown'}};
  }
  if (!dashdash && cur.startsWith('-')) return {...base, target: {kind: 'flag-name'}};
  if (!command || (args.length === 0 && hasChildren(manifest, path))) {
    return {...base, target: {kind: 'command'}};
  }
  return {...base, target: argTarget(command, args.length)};
}

function hasChildren(manifest: Manifest, path: string[]): boolean {
  const prefix = path.length ? path.join(':') + ':' : '';
  return Object.keys(manifest.commands).some((id) => id.startsWith(prefix) && id !== path.join(':'));
}

function argTarget(cmd: ManifestCommand, index: number): Target {
  const defs = Object.values(cmd.args ?? {});
  // Non-strict commands (varargs) repeat their last argument.
  const arg = defs[index] ?? (cmd.strict === false ? defs.at(-1) : undefined);
  return {kind: 'arg', index, arg};
}
