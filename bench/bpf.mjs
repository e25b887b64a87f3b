// `axon bpf load` + `unload` end to end (a fresh process each, as a user runs them) against
// `node -e 0` and against the equivalent bpftool + tc chain, interleaved in the same run.
// Target: a veth pair into a netns created here (never eth0/lo). → bench/results/bpf.json
import {execFileSync} from 'node:child_process';
import {mkdirSync, rmSync} from 'node:fs';
import {BIN, ROOT, median, timeOnce, writeResult} from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const tag = process.pid.toString(36);
const ns = `axb-${tag}`;
const hostIf = `axb${tag}h`;
const root = `/sys/fs/bpf/axon-bench-${tag}`;
const chainDir = `/sys/fs/bpf/axbench-${tag}`;
const obj = 'bpf/drop_port.bpf.o';
const sh = (cmd, args) => execFileSync(cmd, args, {stdio: ['ignore', 'pipe', 'pipe']});
const env = {...process.env, AXON_BPFFS_ROOT: root};
const opts = {cwd: ROOT, env};

function setup() {
  sh('ip', ['netns', 'add', ns]);
  sh('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
  sh('ip', ['link', 'set', hostIf, 'up']);
}
function teardown() {
  try { sh('ip', ['link', 'del', hostIf]); } catch {}
  try { sh('ip', ['netns', 'del', ns]); } catch {}
  rmSync(chainDir, {recursive: true, force: true});
  try { execFileSync(process.execPath, [BIN, 'bpf', 'unload', '--all'], opts); } catch {}
  rmSync(root, {recursive: true, force: true});
}

const steps = {
  'node -e 0': () => [timeOnce(process.execPath, ['-e', '0'])],
  'axon bpf load --attach tcx / unload': () => [
    timeOnce(process.execPath, [BIN, 'bpf', 'load', obj, '--attach', 'tcx', '--iface', hostIf, '--direction', 'egress', '--set', 'port=3306'], opts),
    timeOnce(process.execPath, [BIN, 'bpf', 'unload', '--all'], opts),
  ],
  'axon bpf load --attach tc / unload': () => [
    timeOnce(process.execPath, [BIN, 'bpf', 'load', obj, '--attach', 'tc', '--iface', hostIf, '--direction', 'egress', '--set', 'port=3306'], opts),
    timeOnce(process.execPath, [BIN, 'bpf', 'unload', '--all'], opts),
  ],
  // bpftool 7.1 cannot attach tcx nor rewrite .rodata; the chain is the tc equivalent.
  'bpftool loadall + tc qdisc/filter add / tc qdisc del + rm pins': () => {
    const t = performance.now();
    mkdirSync(chainDir);
    sh('bpftool', ['prog', 'loadall', obj, `${chainDir}/p`, 'pinmaps', `${chainDir}/m`]);
    sh('tc', ['qdisc', 'add', 'dev', hostIf, 'clsact']);
    sh('tc', ['filter', 'add', 'dev', hostIf, 'egress', 'prio', '1', 'handle', '1', 'bpf', 'da', 'pinned', `${chainDir}/p/drop_port_tc`]);
    const load = performance.now() - t;
    const u = performance.now();
    sh('tc', ['qdisc', 'del', 'dev', hostIf, 'clsact']);
    rmSync(chainDir, {recursive: true, force: true});
    return [load, performance.now() - u];
  },
};

// Where the time goes, inside one process: module import (koffi + libbpf bindings), load+attach+pin, unload+free.
function inProcess() {
  const code = `const t0 = performance.now();
const {loadAndAttach} = await import('${ROOT}/dist/ebpf/load.js');
const {unload} = await import('${ROOT}/dist/ebpf/unload.js');
const {libbpf} = await import('${ROOT}/dist/ebpf/libbpf.js');
await libbpf();
const t1 = performance.now();
await loadAndAttach({object: '${obj}', programs: [], attach: 'tcx', iface: '${hostIf}', direction: 'egress', sets: ['port=3306']});
const t2 = performance.now();
await unload({all: true});
const t3 = performance.now();
console.log(JSON.stringify({import_and_bind_ms: t1 - t0, load_attach_pin_ms: t2 - t1, unload_and_free_ms: t3 - t2}));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], {...opts, encoding: 'utf8'}));
}

teardown();
setup();
try {
  const times = Object.fromEntries(Object.keys(steps).map((k) => [k, {load: [], unload: []}]));
  for (const f of Object.values(steps)) f(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    for (const [k, f] of Object.entries(steps)) {
      const [l, u] = f();
      times[k].load.push(l);
      if (u !== undefined) times[k].unload.push(u);
    }
  }
  const split = Array.from({length: RUNS}, inProcess);
  const breakdown = Object.fromEntries(Object.keys(split[0]).map((k) => [k, +median(split.map((x) => x[k])).toFixed(1)]));
  const results = {};
  for (const [k, {load, unload}] of Object.entries(times)) {
    results[k] = {load_median_ms: +median(load).toFixed(1), load_min_ms: +Math.min(...load).toFixed(1), ...(unload.length ? {unload_median_ms: +median(unload).toFixed(1), unload_min_ms: +Math.min(...unload).toFixed(1)} : {}), runs: load.length};
  }
  const node = results['node -e 0'].load_median_ms;
  const tcx = results['axon bpf load --attach tcx / unload'];
  writeResult('bpf', {
    runs: RUNS,
    loadavg: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
    results,
    in_process_breakdown_median: breakdown,
    goal: {load_le_node_plus_ms: 40, node_median_ms: node, axon_tcx_load_median_ms: tcx.load_median_ms, over_node_ms: +(tcx.load_median_ms - node).toFixed(1), met: tcx.load_median_ms <= node + 40},
  });
} finally {
  teardown();
}
