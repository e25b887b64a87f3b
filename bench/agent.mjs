// The agent's Hubble side under load (root): for 4,095- and 65,535-flow rings, fill the ring with
// real flows (distinct UDP flows between two CNI pods), then measure GetFlows throughput of a
// full-ring read (median of 5) and the agent's RSS (goal: <= 120 MiB at 65,535).
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, rmdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BIN, ROOT, median, writeResult} from './lib.mjs';

if (process.getuid() !== 0) {
  console.error('bench/agent.mjs needs root (it runs the agent with pods): sudo node bench/agent.mjs');
  process.exit(5);
}
const {create} = await import('@bufbuild/protobuf');
const {GetFlowsRequestSchema} = await import(join(ROOT, 'dist/hubble/gen/observer/observer_pb.js'));
const {connect} = await import(join(ROOT, 'dist/hubble/client.js'));

const tag = process.pid.toString(36);
const bpffs = `/sys/fs/bpf/axon-bench-${tag}`;
const rss = (pid) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sh = (cmd, args, input) => execFileSync(cmd, args, {input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']});

function cni(command, id, netns, name, sock) {
  const conf = JSON.stringify({cniVersion: '1.0.0', name: 'bench', type: 'axon-cni', 'agent-socket': sock});
  const env = {PATH: process.env.PATH, CNI_COMMAND: command, CNI_CONTAINERID: id, CNI_NETNS: `/run/netns/${netns}`, CNI_IFNAME: 'eth0', CNI_ARGS: `K8S_POD_NAMESPACE=bench;K8S_POD_NAME=${name}`};
  try {
    return JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bin/cni.js')], {input: conf, env, encoding: 'utf8'}) || '{}');
  } catch (e) {
    throw new Error(`CNI ${command} ${name}: ${e.stdout}`);
  }
}

async function run(capacity) {
  const dir = mkdtempSync(join(tmpdir(), 'axon-bench-agent-'));
  const sock = join(dir, 'run/cilium.sock');
  const agent = spawn(process.execPath, [BIN, 'agent', '--run-dir', join(dir, 'run'), '--state-dir', join(dir, 'state'), '--pod-cidr', '10.252.253.0/26', '--flow-buffer', String(capacity)], {
    env: {...process.env, AXON_BPFFS_ROOT: bpffs},
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  agent.stderr.on('data', (d) => (log += d));
  const pods = [`axbench-${tag}-a`, `axbench-${tag}-b`];
  try {
    for (let i = 0; i < 200 && !log.includes('Agent ready'); i++) await sleep(50);
    if (!log.includes('Agent ready')) throw new Error(`agent not ready:\n${log}`);
    const idle = rss(agent.pid);
    const ips = pods.map((ns, i) => {
      sh('ip', ['netns', 'add', ns]);
      return cni('ADD', `bench${tag}${i}`, ns, `pod-${i}`, sock).ips[0].address.split('/')[0];
    });
    const client = await connect({server: `unix://${join(dir, 'run/hubble.sock')}`, dialTimeoutMs: 5000, requestTimeoutMs: 30_000});
    // each packet to a closed port gives two flows (the datagram and the ICMP reply)
    const ports = Math.min(55_000, Math.ceil(capacity / 2) + 2000);
    const flood = `const s=require('dgram').createSocket('udp4');let p=5000;const m=Buffer.alloc(8);const end=${5000 + ports};` +
      `function go(){for(let i=0;i<500&&p<end;i++)s.send(m,p++,'${ips[1]}');if(p<end)setTimeout(go,1);else setTimeout(()=>s.close(),200)}go()`;
    const t0 = Date.now();
    sh('ip', ['netns', 'exec', pods[0], process.execPath, '-e', flood]);
    let status;
    for (let i = 0; i < 100; i++) {
      status = await client.serverStatus();
      if (Number(status.numFlows) >= capacity) break;
      await sleep(100);
    }
    const fillMs = Date.now() - t0;
    await sleep(2000);
    const full = rss(agent.pid);
    const rates = [];
    let got = 0;
    for (let r = 0; r < 5; r++) {
      const t = process.hrtime.bigint();
      got = 0;
      for await (const resp of client.getFlows(create(GetFlowsRequestSchema, {number: BigInt(capacity)}))) if (resp.responseTypes.case === 'flow') got++;
      rates.push(got / (Number(process.hrtime.bigint() - t) / 1e9));
    }
    const afterReads = rss(agent.pid);
    client.close();
    return {
      ring: capacity,
      seen_flows: Number(status.seenFlows),
      ring_flows: Number(status.numFlows),
      fill_ms: fillMs,
      getflows_full_ring: {flows: got, median_flows_per_s: Math.round(median(rates)), runs: rates.length},
      rss_mib: {idle: +idle.toFixed(1), ring_full: +full.toFixed(1), after_reads: +afterReads.toFixed(1)},
    };
  } finally {
    pods.forEach((ns, i) => {
      try {
        cni('DEL', `bench${tag}${i}`, ns, `pod-${i}`, sock);
      } catch {
        // agent gone: the veth goes with the netns below
      }
      try {
        sh('ip', ['netns', 'del', ns]);
      } catch {
        // not created
      }
    });
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    rmSync(dir, {recursive: true, force: true});
  }
}

const results = [];
try {
  for (const capacity of [4095, 65535]) results.push(await run(capacity));
} finally {
  try {
    rmdirSync(bpffs);
  } catch {
    // already empty and gone
  }
}
const big = results.find((r) => r.ring === 65535);
writeResult('agent', {
  note: 'flows are real datapath events from two CNI pods (distinct UDP flows); GetFlows reads the whole ring over hubble.sock from this process',
  results,
  goal: {rss_mib_at_65535_max: 120, met: big.rss_mib.after_reads <= 120},
});
