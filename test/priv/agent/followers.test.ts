// 50 concurrent `follow` clients and one that never reads, while real pod traffic floods the
// agent: every follower keeps receiving, the stalled one blocks nobody, and the agent's memory
// stays bounded (RSS printed).
import assert from 'node:assert/strict';
import {setMaxListeners} from 'node:events';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {create, fromBinary, toBinary} from '@bufbuild/protobuf';
import * as grpc from '@grpc/grpc-js';
import {GetFlowsRequestSchema, GetFlowsResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {connect} from '../../../src/hubble/client.js';
import {startAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {BIN, cleanEnv, runCli} from '../../helpers/cli.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {sh} from '../../helpers/sh.js';

const rssMiB = (pid: number) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('axon agent under 50 followers and a stalled client (privileged)', function () {
  this.timeout(120_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
  });

  it('keeps every follower fed and memory bounded', async () => {
    const agent = await startAgent({flowBuffer: 4095});
    const a = await agent.addPod({namespace: 'test', name: 'flood-src'});
    const b = await agent.addPod({namespace: 'test', name: 'flood-dst'});
    const pid = agent.process.pid!;
    const abort = new AbortController();
    setMaxListeners(200, abort.signal);
    cleanup.add(() => abort.abort());

    const counts: number[] = new Array(50).fill(0);
    const lastSeen: number[] = new Array(50).fill(0);
    const lost: number[] = new Array(50).fill(0);
    const followers = await Promise.all(
      counts.map(async (_, i) => {
        const c = await connect({server: agent.env.HUBBLE_SERVER, dialTimeoutMs: 5000, requestTimeoutMs: 10_000});
        cleanup.add(() => c.close());
        const done = (async () => {
          try {
            for await (const r of c.getFlows(create(GetFlowsRequestSchema, {follow: true}), abort.signal)) {
              if (r.responseTypes.case === 'flow') {
                counts[i]++;
                lastSeen[i] = Date.now();
              } else if (r.responseTypes.case === 'lostEvents') lost[i] += Number(r.responseTypes.value.numEventsLost);
            }
          } catch (e) {
            if (!abort.signal.aborted) throw e;
          }
        })();
        return {done};
      }),
    );

    // the client that never reads: a raw stream, paused before the first message
    const Raw = grpc.makeGenericClientConstructor({}, 'x') as unknown as new (t: string, c: grpc.ChannelCredentials) => grpc.Client;
    const raw = new Raw(agent.env.HUBBLE_SERVER, grpc.credentials.createInsecure());
    cleanup.add(() => raw.close());
    const stalled = raw.makeServerStreamRequest(
      '/observer.Observer/GetFlows',
      (m: Uint8Array) => Buffer.from(toBinary(GetFlowsRequestSchema, m as never)),
      (b: Buffer) => fromBinary(GetFlowsResponseSchema, b),
      create(GetFlowsRequestSchema, {follow: true}) as unknown as Uint8Array,
    );
    stalled.on('error', () => {});
    stalled.pause();
    cleanup.add(() => stalled.cancel());

    await new Promise((r) => setTimeout(r, 500));
    const rssBefore = rssMiB(pid);
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
    cleanup.add(() => clearInterval(sampler));
    const t0 = Date.now();
    // 50,000 distinct UDP flows (one per destination port): the datapath reports new flows, not packets
    const flood = `const s=require('dgram').createSocket('udp4');let p=10000;const m=Buffer.alloc(8);` +
      `function go(){for(let i=0;i<500&&p<60000;i++)s.send(m,p++,'${b.ip}');if(p<60000)setTimeout(go,1);else setTimeout(()=>s.close(),200)}go()`;
    await sh('ip', ['netns', 'exec', a.netns, process.execPath, '-e', flood], {timeout: 60_000});
    const floodMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 1500));

    // after the flood a single new packet still reaches every follower promptly
    const mark = Date.now();
    await sh('ip', ['netns', 'exec', a.netns, 'ping', '-c', '1', '-W', '2', b.ip]);
    for (let i = 0; i < 40 && lastSeen.some((t) => t < mark); i++) await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);
    const rssAfter = rssMiB(pid);
    const st = JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/healthz'])) as {hubble: {observer: Record<string, number>}};
    console.log(
      `      RSS before ${rssBefore.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB, after ${rssAfter.toFixed(1)} MiB; flood ${floodMs} ms; ` +
        `seen ${st.hubble.observer['seen-flows']}; per follower flows ${Math.min(...counts)}-${Math.max(...counts)}, reported lost ${Math.min(...lost)}-${Math.max(...lost)}`,
    );
    assert.ok(lastSeen.every((t) => t >= mark), `every follower saw the packet after the flood (${lastSeen.filter((t) => t < mark).length} did not)`);
    // nothing vanishes silently: what a follower did not get was announced as lost (LostEvent)
    const seen = st.hubble.observer['seen-flows'];
    counts.forEach((n, i) => assert.ok(n + lost[i] >= seen * 0.95, `follower ${i}: ${n} flows + ${lost[i]} lost of ${seen}`));
    assert.ok(st.hubble.observer['seen-flows'] >= 40_000, JSON.stringify(st.hubble.observer));
    assert.ok(peak < 400, `agent RSS stayed bounded: peak ${peak.toFixed(1)} MiB`);
    assert.ok(peak - rssBefore < 200, `agent RSS growth ${(peak - rssBefore).toFixed(1)} MiB`);
    abort.abort();
    await Promise.all(followers.map((f) => f.done));
  });
});

describe('axon agent under 50 `axon observe -f` processes and one that is never read (privileged)', function () {
  this.timeout(180_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
  });

  it('delivers a new flow to every observer while one observer never reads its output', async () => {
    const agent = await startAgent({flowBuffer: 4095});
    const a = await agent.addPod({namespace: 'test', name: 'obs-src'});
    const b = await agent.addPod({namespace: 'test', name: 'obs-dst'});
    const pid = agent.process.pid!;
    const stop = new AbortController();
    setMaxListeners(100, stop.signal);
    cleanup.add(() => stop.abort());

    // never read: its stdout pipe fills, the process stops reading its gRPC stream
    const stuck = spawn(process.execPath, [BIN, 'observe', '-f', '-o', 'jsonpb', '--timeout', '60s'], {env: cleanEnv(agent.env), stdio: ['ignore', 'pipe', 'ignore']});
    cleanup.add(() => stuck.kill('SIGKILL'));
    stuck.stdout.pause();

    const outputs: string[] = new Array(50).fill('');
    // started 300 ms apart with a long dial timeout (2 CPUs: 50 Node start-ups at once are slow), then all run concurrently
    const runs: Array<ReturnType<typeof runCli>> = [];
    for (let i = 0; i < outputs.length; i++) {
      runs.push(runCli(['observe', '-f', '-o', 'jsonpb', '--timeout', '60s', '--protocol', 'icmp', '--to-pod', 'test/obs-dst'], {env: agent.env, timeout: 170_000, signal: stop.signal, onStdout: (d) => (outputs[i] += d)}));
      await new Promise((r) => setTimeout(r, 300));
    }
    // all 50 connected: each prints the first ICMP flow
    for (let i = 0; i < 120 && outputs.some((o) => !o.includes('"ICMPv4"')); i++) {
      await sh('ip', ['netns', 'exec', a.netns, 'ping', '-c', '1', '-W', '1', b.ip]);
      await new Promise((r) => setTimeout(r, 500));
    }
    if (outputs.some((o) => !o.includes('"ICMPv4"'))) {
      stop.abort();
      const rs = await Promise.all(runs);
      const bad = rs.filter((_, i) => !outputs[i].includes('"ICMPv4"'));
      assert.fail(`${bad.length} observers got no ICMP flow; first: code ${bad[0].code} ${bad[0].stderr.slice(0, 500)} stdout ${outputs[rs.indexOf(bad[0])].slice(0, 300)}`);
    }

    const flood = `const s=require('dgram').createSocket('udp4');let p=10000;const m=Buffer.alloc(8);` +
      `function go(){for(let i=0;i<500&&p<40000;i++)s.send(m,p++,'${b.ip}');if(p<40000)setTimeout(go,1);else setTimeout(()=>s.close(),200)}go()`;
    await sh('ip', ['netns', 'exec', a.netns, process.execPath, '-e', flood], {timeout: 60_000});
    const before = outputs.map((o) => o.length);
    await sh('ip', ['netns', 'exec', a.netns, 'ping', '-c', '1', '-W', '1', b.ip]);
    for (let i = 0; i < 60 && outputs.some((o, j) => !o.slice(before[j]).includes('"ICMPv4"')); i++) await new Promise((r) => setTimeout(r, 250));
    const rss = rssMiB(pid);
    const late = outputs.filter((o, j) => !o.slice(before[j]).includes('"ICMPv4"')).length;
    console.log(`      agent RSS with 50 observers + 1 never read, after a 60k-flow flood: ${rss.toFixed(1)} MiB; observers that missed the new flow: ${late}`);
    assert.equal(late, 0, 'every observer got the flow sent after the flood');
    assert.ok(rss < 400, `agent RSS ${rss.toFixed(1)} MiB`);
    assert.equal(stuck.exitCode, null, 'the unread observer is still connected');
    stop.abort();
    const results = await Promise.all(runs);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    for (const o of outputs) for (const line of o.trim().split('\n')) JSON.parse(line);
  });
});
