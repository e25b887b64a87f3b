// bench/datapath.mjs (root): the agent's eBPF datapath under a flood of new flows, the drain rate
// of a full ring, and TCP throughput with and without the programs. Two "pods" (netns + veth,
// routed through the host) on 10.251.250.0/29; the datapath runs in this process with a Hubble
// FlowRing as its consumer, exactly as the agent wires it. Writes bench/results/datapath.json.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {ROOT, median, writeResult} from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const GOAL_PPS = 150_000;
const tag = process.pid.toString(36);
const sh = (cmd, args) => execFileSync(cmd, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
const trySh = (cmd, args) => {
  try {
    return sh(cmd, args);
  } catch {
    return '';
  }
};

// ---- binaries, compiled now with the system gcc
const bin = mkdtempSync(join(tmpdir(), 'axon-bench-dp-'));
process.on('exit', () => rmSync(bin, {recursive: true, force: true}));
for (const name of ['sender', 'tcp']) sh('gcc', ['-O2', '-o', join(bin, name), join(ROOT, 'bench/datapath', `${name}.c`)]);

// ---- two pods
const pods = [
  {ns: `axb-${tag}-a`, host: `axb${tag}a`, peer: `axb${tag}A`, hostIp: '10.251.250.1', ip: '10.251.250.2'},
  {ns: `axb-${tag}-b`, host: `axb${tag}b`, peer: `axb${tag}B`, hostIp: '10.251.250.5', ip: '10.251.250.6'},
];
const teardown = () => {
  for (const p of pods) {
    trySh('ip', ['link', 'del', p.host]);
    trySh('ip', ['netns', 'del', p.ns]);
  }
};
process.on('exit', teardown);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
for (const p of pods) {
  sh('ip', ['netns', 'add', p.ns]);
  sh('ip', ['link', 'add', p.host, 'type', 'veth', 'peer', 'name', p.peer]);
  sh('ip', ['link', 'set', p.peer, 'netns', p.ns]);
  sh('ip', ['addr', 'add', `${p.hostIp}/30`, 'dev', p.host]);
  sh('ip', ['link', 'set', p.host, 'up']);
  sh('sysctl', ['-qw', `net.ipv4.conf.${p.host}.forwarding=1`]);
  for (const args of [['link', 'set', 'lo', 'up'], ['addr', 'add', `${p.ip}/30`, 'dev', p.peer], ['link', 'set', p.peer, 'up'], ['route', 'add', 'default', 'via', p.hostIp]]) sh('ip', ['netns', 'exec', p.ns, 'ip', ...args]);
  p.ifindex = Number(sh('cat', [`/sys/class/net/${p.host}/ifindex`]).trim());
}
const [a, b] = pods;
const endpoint = (p, id, ns) => ({id, identity: 1000 + id, ipv4: p.ip, namespace: ns, podName: `bench-${id}`, labels: [`k8s:app=bench-${id}`, `k8s:io.kubernetes.pod.namespace=${ns}`], hostIfName: p.host, hostIfIndex: p.ifindex});

function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'inherit']});
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}
// Every run continues the flow numbering: a flow already in the flow table would emit nothing.
let firstFlow = 0;
const send = async (seconds, pps = 0) => {
  const first = firstFlow;
  firstFlow += Math.ceil(seconds * 2_000_000);
  const [n, s] = (await run('ip', ['netns', 'exec', a.ns, join(bin, 'sender'), a.ip, b.ip, String(seconds), String(pps), String(first)])).split(' ').map(Number);
  return {packets: n, seconds: s};
};

// ---- the datapath, consumed into a FlowRing as the agent does
const {startDatapath} = await import(join(ROOT, 'dist/datapath/index.js'));
const {FlowRing} = await import(join(ROOT, 'dist/hubble/ring.js'));
const ring = new FlowRing(4095);
let emitted = 0;
const bpffsDir = `/sys/fs/bpf/axon-bench-${tag}/datapath`;
const dp = await startDatapath({
  bpffsDir,
  nodeName: 'bench',
  emit: (r) => {
    emitted++;
    ring.push(r);
  },
  endpoints: () => [],
  log: () => {},
});
process.on('exit', () => trySh('rm', ['-rf', `/sys/fs/bpf/axon-bench-${tag}`]));

const settle = async () => {
  for (let i = 0; i < 500; i++) {
    const s = dp.stats();
    if (s.queued === 0 && s.ringBytes === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function flood(name, pps) {
  await settle();
  const s0 = dp.stats();
  const e0 = emitted;
  const cpu0 = process.cpuUsage();
  const lag = monitorEventLoopDelay({resolution: 1});
  lag.enable();
  const t0 = performance.now();
  const sent = await send(SECONDS, pps);
  await settle();
  const wall = (performance.now() - t0) / 1000;
  lag.disable();
  const cpu = process.cpuUsage(cpu0);
  const s1 = dp.stats();
  const r = {
    sender_pps: Math.round(sent.packets / sent.seconds),
    packets: sent.packets,
    new_flows: sent.packets,
    events_produced: s1.events - s0.events,
    events_consumed: emitted - e0,
    events_lost: s1.lost - s0.lost,
    events_per_packet: +((s1.events - s0.events) / sent.packets).toFixed(3),
    consumed_per_s: Math.round((emitted - e0) / sent.seconds),
    agent_cpu_percent: +(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(1),
    event_loop_delay_p99_ms: +(lag.percentile(99) / 1e6).toFixed(2),
    event_loop_delay_max_ms: +(lag.max / 1e6).toFixed(2),
  };
  console.error(`${name}: ${JSON.stringify(r)}`);
  return r;
}

async function drain() {
  await settle();
  const e0 = emitted;
  const s0 = dp.stats();
  // Fill the ring in one synchronous call, so the consumer cannot run meanwhile: a denied packet
  // is not remembered by the flow table, so every BPF_PROG_TEST_RUN repetition emits a
  // policy-verdict and a drop event (120,000 runs = 240,000 events > the ~233,000 the ring holds).
  await dp.setPolicies([{apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'deny-all', namespace: 'bench'}, spec: {endpointSelector: {matchLabels: {app: 'bench-2'}}, ingress: [{}]}}]);
  const {libbpf} = await import(join(ROOT, 'dist/ebpf/libbpf.js'));
  const {packet, runOn} = await import(join(ROOT, 'dist/datapath/test-run.js'));
  const lib = await libbpf();
  const fd = lib.bpf_obj_get(join(bpffsDir, 'prog_flow_egress'));
  runOn(lib, fd, b.ifindex, packet({src: a.ip, dst: b.ip, proto: 'TCP', sport: 40000, dport: 5000}), 120_000);
  lib.close(fd);
  const full = dp.stats();
  await settle();
  await dp.setPolicies([]);
  const s1 = dp.stats();
  const inRing = s1.walked - full.walked;
  // The consumer times its own two steps: walking the kernel ring into the queue, building flows.
  const walkMs = s1.walkMs - full.walkMs;
  const buildMs = s1.buildMs - full.buildMs;
  const r = {
    ring_bytes_when_released: full.ringBytes,
    events_walked: inRing,
    lost_while_full: s1.lost - s0.lost,
    walk_ms: +walkMs.toFixed(2),
    drain_events_per_s: Math.round(inRing / (walkMs / 1000)),
    flows_built: emitted - e0,
    build_ms: +buildMs.toFixed(1),
    flow_build_per_s: Math.round((s1.built - full.built) / (buildMs / 1000)),
  };
  console.error(`drain: ${JSON.stringify(r)}`);
  return r;
}

async function tcpOnce() {
  const srv = spawn('ip', ['netns', 'exec', b.ns, join(bin, 'tcp'), 'server', '5201'], {stdio: ['ignore', 'pipe', 'inherit']});
  await new Promise((r) => srv.stdout.once('data', r));
  const done = new Promise((r) => {
    let out = '';
    srv.stdout.on('data', (d) => (out += d));
    srv.on('close', () => r(out.trim()));
  });
  const [bytes, secs] = (await run('ip', ['netns', 'exec', a.ns, join(bin, 'tcp'), 'client', b.ip, '5201', '3'])).split(' ').map(Number);
  await done;
  return (bytes * 8) / secs / 1e9;
}

// TCP first, without the programs (no endpoint attached), then alternating.
const tcp = {without: [], with: []};
const attach = async () => {
  await dp.addEndpoint(endpoint(a, 1, 'bench'));
  await dp.addEndpoint(endpoint(b, 2, 'bench'));
};
const detach = async () => {
  await dp.removeEndpoint(1);
  await dp.removeEndpoint(2);
};
for (let i = 0; i < 3; i++) {
  tcp.without.push(await tcpOnce());
  await attach();
  tcp.with.push(await tcpOnce());
  await detach();
}
await attach();
const max = await flood('max rate', 0);
const goal = await flood(`paced ${GOAL_PPS}/s`, GOAL_PPS);
const drained = await drain();
await dp.close();

const gbps = (xs) => +median(xs).toFixed(3);
writeResult('datapath', {
  machine: {cpus: (await import('node:os')).cpus().length, loadavg: loadavg().map((x) => +x.toFixed(2))},
  setup: 'sender pod -> sink pod through the host (veth, tcx on both host-side veths): 2 events per new flow (from-endpoint at the sender, to-endpoint at the sink); consumer = startDatapath -> FlowRing(4095) in this process',
  seconds: SECONDS,
  flood_max_rate: max,
  flood_goal_rate: {target_pps: GOAL_PPS, ...goal, goal_met: goal.events_lost === 0 && goal.sender_pps >= GOAL_PPS * 0.95},
  drain_full_ring: {...drained, goal_events_per_s: 2_000_000, goal_met: drained.drain_events_per_s >= 2_000_000},
  tcp_throughput: {
    runs: tcp.without.length,
    without_programs_gbps: gbps(tcp.without),
    with_programs_gbps: gbps(tcp.with),
    overhead_ratio: +(1 - median(tcp.with) / median(tcp.without)).toFixed(3),
    goal_overhead_ratio: 0.1,
    samples_gbps: {without: tcp.without.map((x) => +x.toFixed(3)), with: tcp.with.map((x) => +x.toFixed(3))},
  },
});
process.exit(0);
