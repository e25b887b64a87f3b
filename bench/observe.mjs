// `axon observe` throughput: 1,000,000 flows from a local Observer server (src/hubble/server.ts
// in its own process, ring preloaded), printed with -o compact and -o jsonpb to /dev/null, and a
// decode-only grpc-js client (our service definition, no printing) as the ceiling, same run.
// Needs the built code (npm run build). Result: bench/results/observe.json.
import {spawn} from 'node:child_process';
import {mkdtempSync, openSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BIN, ROOT, median, writeResult} from './lib.mjs';

const FLOWS = Number(process.env.AXON_BENCH_FLOWS || 1_000_000);
const RUNS = Number(process.env.AXON_BENCH_RUNS || 3);
const dir = mkdtempSync(join(tmpdir(), 'axon-bench-observe-'));
const socket = join(dir, 'hubble.sock');
const dist = (p) => join(ROOT, 'dist', p);

// The server: 1,000 distinct realistic flows, pushed FLOWS times into a ring of FLOWS.
const serverSrc = `
import {create} from '@bufbuild/protobuf';
const {FlowRing} = await import(${JSON.stringify(dist('hubble/ring.js'))});
const {startObserverServer} = await import(${JSON.stringify(dist('hubble/server.js'))});
const {GetFlowsResponseSchema} = await import(${JSON.stringify(dist('hubble/gen/observer/observer_pb.js'))});
const ring = new FlowRing(${FLOWS});
const base = Date.now() * 1e6;
const distinct = [];
for (let i = 0; i < 1000; i++) {
  const t = {seconds: BigInt(Math.floor((base + i * 1e6) / 1e9)), nanos: (base + i * 1e6) % 1e9};
  distinct.push(create(GetFlowsResponseSchema, {nodeName: 'bench-node', time: t, responseTypes: {case: 'flow', value: {
    time: t, verdict: i % 10 ? 1 : 2, IP: {source: '10.0.' + (i % 250) + '.' + (i % 200), destination: '10.1.0.' + (i % 100), ipVersion: 1},
    l4: {protocol: {case: 'TCP', value: {sourcePort: 30000 + i, destinationPort: 8080, flags: {SYN: i % 2 === 0, ACK: true}}}},
    source: {identity: 11111, namespace: 'shop', podName: 'frontend-7d9c7b8f5-x2x4q', labels: ['k8s:app=frontend']},
    destination: {identity: 22222, namespace: 'shop', podName: 'backend-5f4d8b7c6-9kq2m', labels: ['k8s:app=backend']},
    Type: 1, nodeName: 'bench-node', eventType: {type: 4, subType: 0}, trafficDirection: 1, isReply: i % 3 === 0,
    Summary: 'TCP Flags: ' + (i % 2 === 0 ? 'SYN, ACK' : 'ACK'),
  }}}));
}
for (let i = 0; i < ${FLOWS}; i++) ring.push(distinct[i % 1000]);
await startObserverServer({ring, address: 'unix://${socket}', nodeName: 'bench-node', version: 'axon bench'});
process.stdout.write('ready\\n');
`;

// Ceiling: decode every response with grpc-js + protobuf-es, print nothing.
const ceilingSrc = `
const grpc = await import('@grpc/grpc-js');
const {create} = await import('@bufbuild/protobuf');
const {observerService} = await import(${JSON.stringify(dist('hubble/service.js'))});
const {GetFlowsRequestSchema} = await import(${JSON.stringify(dist('hubble/gen/observer/observer_pb.js'))});
const Client = grpc.makeClientConstructor(observerService, 'observer.Observer');
const c = new Client('unix://${socket}', grpc.credentials.createInsecure(), {'grpc.max_receive_message_length': 16 << 20});
const t0 = process.hrtime.bigint();
let n = 0;
for await (const r of c.getFlows(create(GetFlowsRequestSchema, {number: ${FLOWS}n}))) n++;
process.stdout.write(JSON.stringify({n, ms: Number(process.hrtime.bigint() - t0) / 1e6}) + '\\n');
c.close();
`;

function run(cmd, args, {stdout = 'pipe', input} = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, {cwd: ROOT, stdio: [input === undefined ? 'ignore' : 'pipe', stdout, 'pipe']});
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    if (input !== undefined) child.stdin.end(input);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      code === 0 ? resolve({out, ms}) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err}`));
    });
  });
}

const server = spawn(process.execPath, ['--input-type=module', '-e', serverSrc], {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit']});
try {
  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => String(d).includes('ready') && resolve());
    server.once('exit', (c) => reject(new Error(`bench server exited (${c})`)));
  });
  console.error(`server ready with ${FLOWS} flows in ${Date.now() - t0} ms`);
  const env = `unix://${socket}`;
  const devnull = openSync('/dev/null', 'w');
  const cli = (output) => run(process.execPath, [BIN, 'observe', '--server', env, '--all', '-o', output], {stdout: devnull});
  // Start-up + connect + one flow, to separate fixed cost from streaming rate.
  const startup = [];
  const times = {ceiling: [], compact: [], jsonpb: []};
  await cli('compact'); // warm-up (page cache, JIT of the server)
  for (let i = 0; i < RUNS; i++) {
    const c = JSON.parse((await run(process.execPath, ['--input-type=module', '-e', ceilingSrc])).out);
    if (c.n !== FLOWS) throw new Error(`ceiling client got ${c.n} flows`);
    times.ceiling.push(c.ms);
    times.compact.push((await cli('compact')).ms);
    times.jsonpb.push((await cli('jsonpb')).ms);
    startup.push((await run(process.execPath, [BIN, 'observe', '--server', env, '--first', '1'], {stdout: devnull})).ms);
  }
  const fixed = median(startup);
  const rate = (ms) => Math.round(FLOWS / (ms / 1000));
  const ceiling = rate(median(times.ceiling));
  const result = (k) => {
    const wall = median(times[k]);
    const streamMs = Math.max(1, wall - fixed);
    return {wall_median_ms: +wall.toFixed(0), flows_per_s_wall: rate(wall), flows_per_s_streaming: rate(streamMs), ratio_to_ceiling: +(rate(streamMs) / ceiling).toFixed(2)};
  };
  writeResult('observe', {
    flows: FLOWS,
    runs: RUNS,
    cpus: (await import('node:os')).cpus().length,
    startup_connect_first_flow_ms: +fixed.toFixed(0),
    ceiling_decode_only: {median_ms: +median(times.ceiling).toFixed(0), flows_per_s: ceiling},
    compact: result('compact'),
    jsonpb: result('jsonpb'),
    goals: {compact_flows_per_s: 200_000, ratio_to_ceiling: 0.5},
    notes:
      'Server (src/hubble/server.ts) runs in its own process on the same 2 shared CPUs; CLI runs are `axon observe --all -o <fmt> > /dev/null`; ' +
      'flows_per_s_streaming subtracts the median start-up + connect + first-flow time of `axon observe --first 1`. ' +
      'Text formats make the server apply the field mask (the CLI default); the ceiling asks without one.',
  });
} finally {
  server.kill('SIGKILL');
  rmSync(dir, {recursive: true, force: true});
}
