// Flags shared by the commands that talk to the Cilium agent API (status, health): -H/--host,
// -o json|yaml|jsonpath=…, Go-duration --timeout, and pflag-style `--flag=false` booleans.
import {Flags} from '@oclif/core';
import {parseGoDuration} from '../cilium/print/go.js';
import {parseOutput, type OutputFormat} from '../cilium/print/output.js';
import {UsageError} from '../errors.js';

/** -H/--host unix:///path | tcp://host:port (the socket default is resolved by the client). */
export function hostFlag(what: string, envHint: string, env?: string) {
  return Flags.string({
    char: 'H',
    description: `URI of the ${what} API: unix:///path/to/socket or tcp://host:port (default: ${envHint}).`,
    helpValue: 'URI',
    env,
    helpGroup: 'CONNECTION',
  });
}

/** -o json | yaml | jsonpath='{…}' (upstream's command.PrintOutput formats). */
export const ciliumOutputFlag = Flags.custom<OutputFormat>({
  char: 'o',
  description: "Print the API model instead of text: json, yaml or jsonpath='{.path}'.",
  helpValue: 'json|yaml|jsonpath=…',
  helpGroup: 'OUTPUT',
  parse: async (input) => parseOutput(input),
});

/** A Go duration (`30s`, `1m30s`, `500ms`) → milliseconds. */
export function durationFlag(description: string, def: string) {
  return Flags.custom<number>({
    description,
    helpValue: 'DURATION',
    default: async () => parseGoDuration(def) / 1e6,
    defaultHelp: async () => def,
    parse: async (input) => {
      const ns = parseGoDuration(input);
      if (Number.isNaN(ns) || ns <= 0) {
        throw new UsageError(`invalid duration "${input}"`, {hint: 'use a Go duration with a unit, e.g. 2s, 500ms, 1m30s'});
      }
      return Math.max(1, Math.round(ns / 1e6));
    },
    helpGroup: 'CONNECTION',
  })();
}

/**
 * Go's pflag accepts `--brief=true` and `--require-k8s-connectivity=false`; oclif booleans take no
 * value. Rewrite those forms before parsing: `=true` → `--name`; `=false` → `--no-name` for flags
 * with allowNo (value true in `names`), else the default (off) by dropping the argument.
 */
export function normalizeBoolFlags(argv: string[], names: Record<string, boolean>): string[] {
  const out: string[] = [];
  for (const a of argv) {
    if (a === '--') {
      out.push(...argv.slice(argv.indexOf(a)));
      return out;
    }
    const m = /^--([\w-]+)=(true|false|1|0|t|f|TRUE|FALSE|True|False)$/.exec(a);
    if (m && m[1] in names) {
      const on = ['true', '1', 't', 'TRUE', 'True'].includes(m[2]);
      if (on) out.push(`--${m[1]}`);
      else if (names[m[1]]) out.push(`--no-${m[1]}`);
    } else out.push(a);
  }
  return out;
}
