// `axon status --brief` against a local agent-like socket vs `node -e 0`, same run (goal <= 1.5x),
// with a split of where the time goes: Node itself, loading @oclif/core, and the rest
// (manifest, command module, HTTP round trip, printing). "direct" runs the same request and
// printer without oclif: what a fast path in bin/run.js (or a bundle) could reach.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BIN, ROOT, compare, writeResult} from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'axon-bench-status-'));
const sock = join(dir, 'cilium.sock');
// The server runs in its own process: compare() blocks this one while the CLI runs.
const server = spawn(process.execPath, ['-e', `
  const {createServer} = require('node:http');
  const body = JSON.stringify({cilium: {msg: '1.19.4 (v1.19.4-5c3e9e2b)', state: 'Ok'}, cluster: {ciliumHealth: {state: 'Ok'}, nodes: null}});
  createServer((req, res) => { res.setHeader('Content-Type', 'application/json'); res.end(body); }).listen(${JSON.stringify(sock)});
`], {stdio: 'ignore'});
const DIRECT = `
  const {CiliumClient} = await import('./dist/cilium/client.js');
  const {getHealthz} = await import('./dist/cilium/status.js');
  const {formatBrief} = await import('./dist/cilium/print/status.js');
  const c = CiliumClient.agent();
  process.stdout.write(formatBrief(await getHealthz(c, {brief: true, requireK8sConnectivity: true, timeoutMs: 30000})));
  c.close();`;
try {
  for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
  const node = process.execPath;
  const env = {...process.env, CILIUM_SOCK: sock};
  const r = compare({
    'node -e 0': [node, ['-e', '0']],
    "node -e import('@oclif/core')": [node, ['--input-type=module', '-e', "await import('@oclif/core')"], {cwd: ROOT}],
    'axon status --brief': [node, [BIN, 'status', '--brief'], {env}],
    'direct (no oclif)': [node, ['--input-type=module', '-e', DIRECT], {env, cwd: ROOT}],
  }, Number(process.env.RUNS ?? 25));
  const base = r['node -e 0'].median_ms;
  const oclif = r["node -e import('@oclif/core')"].median_ms;
  const status = r['axon status --brief'].median_ms;
  writeResult('status', {
    results: r,
    ratio_vs_node: +(status / base).toFixed(3),
    split_ms: {node: base, oclif_import: +(oclif - base).toFixed(2), rest: +(status - oclif).toFixed(2)},
    direct_ratio_vs_node: +(r['direct (no oclif)'].median_ms / base).toFixed(3),
    goals: {'axon status --brief': '<= 1.5x node -e 0'},
  });
} finally {
  server.kill();
  rmSync(dir, {recursive: true, force: true});
}
