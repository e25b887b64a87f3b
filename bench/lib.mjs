// Shared helpers for bench scripts: timing child processes, medians, writing results.
import {spawnSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin/run.js');

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Wall time in ms of one run of cmd args (stdout/stderr discarded). */
export function timeOnce(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'pipe'], ...opts});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Median wall times of several commands, runs interleaved (a, b, c, a, b, c, ...) so that
 * machine noise hits all of them alike; one warm-up each.
 */
export function compare(cases, runs = 25) {
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const [cmd, args, opts] of Object.values(cases)) timeOnce(cmd, args, opts);
  for (let i = 0; i < runs; i++) for (const [k, [cmd, args, opts]] of Object.entries(cases)) times[k].push(timeOnce(cmd, args, opts));
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, {median_ms: +median(xs).toFixed(2), min_ms: +Math.min(...xs).toFixed(2), runs: xs.length}]));
}

export function writeResult(name, data) {
  const file = join(ROOT, 'bench/results', `${name}.json`);
  mkdirSync(dirname(file), {recursive: true});
  const doc = {bench: name, date: new Date().toISOString(), node: process.version, ...data};
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  console.log(JSON.stringify(doc, null, 2));
  return doc;
}
