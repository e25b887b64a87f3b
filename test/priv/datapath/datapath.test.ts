// The datapath module against real traffic: programs attached to veth pairs of namespaces this
// test creates, flows read from the ring buffer, policies enforced through map updates.
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {parseAllDocuments} from 'yaml';
import {ROOT} from '../../helpers/cli.js';
import {join} from 'node:path';
import {cleanup} from '../../helpers/cleanup.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {TEST_BPFFS_ROOT} from '../../helpers/residue.js';
import {sh, trySh} from '../../helpers/sh.js';
import type {Flow} from '../../../src/hubble/gen/flow/flow_pb.js';
import type {GetFlowsResponse} from '../../../src/hubble/gen/observer/observer_pb.js';
import {startDatapath, type Datapath} from '../../../src/datapath/index.js';
import {packet, runOn, TC_ACT_SHOT} from '../../../src/datapath/test-run.js';
import {libbpf} from '../../../src/ebpf/libbpf.js';
import {connects, fakePod, listen, type FakePod} from './fake-pods.js';

let dirs = 0;

async function start(attach?: 'tc'): Promise<{dp: Datapath; flows: Flow[]; lost: GetFlowsResponse[]; dir: string}> {
  const dir = join(TEST_BPFFS_ROOT, `datapath-${process.pid}-${++dirs}`);
  const flows: Flow[] = [];
  const lost: GetFlowsResponse[] = [];
  const logs: string[] = [];
  const dp = await startDatapath({
    bpffsDir: dir,
    nodeName: 'test-node',
    emit: (r) => (r.responseTypes.case === 'flow' ? flows.push(r.responseTypes.value) : lost.push(r)),
    endpoints: () => [],
    log: (level, msg, fields) => logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`),
    attach,
  });
  cleanup.add(() => dp.close());
  return {dp, flows, lost, dir};
}

const until = async (what: string, cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const tcp = (f: Flow) => (f.l4?.protocol.case === 'TCP' ? f.l4.protocol.value : undefined);
const between = (flows: Flow[], a: FakePod, b: FakePod, port: number) =>
  flows.filter((f) => {
    const t = tcp(f);
    if (!t) return false;
    const fwd = f.IP?.source === a.nsIp && f.IP?.destination === b.nsIp && t.destinationPort === port;
    const rev = f.IP?.source === b.nsIp && f.IP?.destination === a.nsIp && t.sourcePort === port;
    return fwd || rev;
  });

describe('datapath (eBPF on veth pairs)', function () {
  this.timeout(60_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_BPF', 'CAP_NET_ADMIN', 'bpffs']);
  });

  it('observes a TCP connection at both endpoints with flags, directions and reply marks', async () => {
    const {dp, flows} = await start();
    const client = await fakePod('test', 'linux-tools', {app: 'linux-tools'}, 1001);
    const server = await fakePod('python-app', 'api', {app: 'api'}, 1002);
    await dp.addEndpoint(client.ep);
    await dp.addEndpoint(server.ep);
    await listen(server, 5000);
    assert.ok(await connects(client, server.nsIp, 5000), 'connect to the server');
    await until('the FIN of both sides', () => between(flows, client, server, 5000).filter((f) => tcp(f)!.flags?.FIN).length >= 4);
    const fl = between(flows, client, server, 5000);
    const line = (f: Flow) => {
      const t = tcp(f)!;
      const point = f.traceObservationPoint === 5 ? 'from-endpoint' : f.traceObservationPoint === 101 ? 'to-endpoint' : String(f.traceObservationPoint);
      return `${f.source?.podName}:${t.sourcePort === 5000 ? 5000 : 'c'} -> ${f.destination?.podName}:${t.destinationPort === 5000 ? 5000 : 'c'} ${point} ${f.Summary} dir=${f.trafficDirection} reply=${f.isReply}`;
    };
    const lines = fl.map(line);
    // The handshake in the order the packets cross the two veths.
    assert.deepEqual(lines.slice(0, 4), [
      'linux-tools:c -> api:5000 from-endpoint TCP Flags: SYN dir=2 reply=false',
      'linux-tools:c -> api:5000 to-endpoint TCP Flags: SYN dir=1 reply=false',
      'api:5000 -> linux-tools:c from-endpoint TCP Flags: SYN, ACK dir=1 reply=true',
      'api:5000 -> linux-tools:c to-endpoint TCP Flags: SYN, ACK dir=2 reply=true',
    ]);
    const syn = fl[0];
    assert.equal(syn.verdict, 1);
    assert.equal(syn.Type, 1);
    assert.equal(syn.nodeName, 'test-node');
    assert.deepEqual({type: syn.eventType?.type, sub: syn.eventType?.subType}, {type: 4, sub: 5});
    assert.equal(syn.source?.identity, 1001);
    assert.equal(syn.source?.namespace, 'test');
    assert.equal(syn.source?.ID, client.ep.id);
    assert.deepEqual(syn.source?.labels, ['k8s:app=linux-tools', 'k8s:io.kubernetes.pod.namespace=test']);
    assert.equal(syn.destination?.identity, 1002);
    assert.equal(syn.destination?.podName, 'api');
    assert.equal(syn.interface?.name, client.hostIf);
    assert.equal(syn.traceReason, 1);
    assert.match(syn.uuid, /^[0-9a-f-]{36}$/);
    const ageMs = Date.now() - Number(syn.time!.seconds) * 1000;
    assert.ok(ageMs >= 0 && ageMs < 30_000, `flow time is now (${ageMs} ms ago)`);
    // The rest of the connection only shows flag changes: FIN (and no plain ACKs).
    assert.ok(lines.slice(4).every((l) => /FIN|RST/.test(l)), lines.slice(4).join('\n'));
    assert.equal(dp.stats().lost, 0);
    assert.ok(dp.stats().events >= fl.length);
  });

  it('enforces the python-app policy at L3/L4: test allowed with a verdict, default dropped (133), delete restores', async () => {
    const {dp, flows} = await start();
    const allowed = await fakePod('test', 'linux-tools', {app: 'linux-tools'}, 1001);
    const other = await fakePod('default', 'linux-tools', {app: 'linux-tools'}, 1003);
    const api = await fakePod('python-app', 'api', {app: 'api'}, 1002);
    for (const p of [allowed, other, api]) await dp.addEndpoint(p.ep);
    await listen(api, 5000);
    const policy = parseAllDocuments(readFileSync(join(ROOT, 'test/fixtures/policy/trace/python-app.yaml'), 'utf8')).map((d) => d.toJS());
    const {warnings} = await dp.setPolicies(policy);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /L7 rules \(http\) are not enforced locally yet; only their L3\/L4 part \(5000\/TCP\) is enforced/);

    assert.ok(await connects(allowed, api.nsIp, 5000), 'test/linux-tools -> python-app/api:5000 connects');
    await until('the ALLOWED verdict', () => flows.some((f) => f.eventType?.type === 5 && f.source?.namespace === 'test'));
    const verdict = flows.find((f) => f.eventType?.type === 5 && f.source?.namespace === 'test')!;
    assert.deepEqual(
      {verdict: verdict.verdict, dir: verdict.trafficDirection, match: verdict.policyMatchType, reply: verdict.isReply, dst: verdict.destination?.podName, port: tcp(verdict)?.destinationPort, summary: verdict.Summary},
      {verdict: 1, dir: 1, match: 2, reply: false, dst: 'api', port: 5000, summary: 'TCP Flags: SYN'},
    );

    assert.equal(await connects(other, api.nsIp, 5000, 1), false, 'default/linux-tools -> python-app/api:5000 times out');
    const drop = flows.find((f) => f.eventType?.type === 1 && f.source?.namespace === 'default');
    assert.ok(drop, 'a drop event');
    assert.deepEqual(
      {verdict: drop.verdict, reason: drop.dropReasonDesc, sub: drop.eventType?.subType, dir: drop.trafficDirection, reply: drop.isReply, src: drop.source?.podName, dst: `${drop.destination?.namespace}/${drop.destination?.podName}`, summary: drop.Summary},
      {verdict: 2, reason: 133, sub: 133, dir: 1, reply: undefined, src: 'linux-tools', dst: 'python-app/api', summary: 'TCP Flags: SYN'},
    );
    const denied = flows.find((f) => f.eventType?.type === 5 && f.source?.namespace === 'default');
    assert.equal(denied?.verdict, 2, 'a DENIED policy verdict');
    assert.ok(dp.stats().policyDrops >= 1);
    // Replies of the allowed connection, and egress of python-app (no egress section), are untouched.
    assert.ok(flows.some((f) => f.isReply && f.source?.podName === 'api' && f.destination?.namespace === 'test'));

    await dp.setPolicies([]);
    assert.ok(await connects(other, api.nsIp, 5000), 'connects again once the policy is deleted');
  });

  it('close() detaches and unpins everything it created', async () => {
    const {dp, dir} = await start();
    const a = await fakePod('test', 'a', {app: 'a'}, 1001);
    await dp.addEndpoint(a.ep);
    const pinned = readdirSync(dir);
    assert.ok(pinned.some((p) => p.startsWith('att,kind=tcx')), pinned.join(' '));
    // Other agents may run the same programs right now: ours are the ones pinned in our directory.
    const progIds: number[] = [];
    for (const p of ['prog_flow_ingress', 'prog_flow_egress']) progIds.push((JSON.parse((await trySh('bpftool', ['-j', 'prog', 'show', 'pinned', join(dir, p)])).out) as {id: number}).id);
    const ours = JSON.parse((await trySh('bpftool', ['-j', 'link', 'show'])).out).filter((l: {prog_id: number}) => progIds.includes(l.prog_id));
    assert.ok(ours.length >= 2, 'two tcx links');
    await dp.close();
    assert.equal(existsSync(dir), false, `${dir} removed`);
    const alive = async () => {
      const progs = JSON.parse((await trySh('bpftool', ['-j', 'prog', 'show'])).out) as Array<{id: number}>;
      const links = JSON.parse((await trySh('bpftool', ['-j', 'link', 'show'])).out) as Array<{id: number}>;
      return progs.filter((p) => progIds.includes(p.id)).length + links.filter((l) => ours.some((o: {id: number}) => o.id === l.id)).length;
    };
    const end = Date.now() + 3000;
    while ((await alive()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await alive(), 0, 'programs and links freed');
  });

  it('tc clsact fallback: same flows, and close removes the filters and the qdisc it created', async () => {
    const {dp, flows} = await start('tc');
    const client = await fakePod('test', 'c', {app: 'c'}, 1001);
    const server = await fakePod('test', 's', {app: 's'}, 1002);
    await dp.addEndpoint(client.ep);
    await dp.addEndpoint(server.ep);
    assert.match(await sh('tc', ['filter', 'show', 'dev', client.hostIf, 'ingress']), /flow_ingress/);
    assert.match(await sh('tc', ['filter', 'show', 'dev', client.hostIf, 'egress']), /flow_egress/);
    await listen(server, 7000);
    assert.ok(await connects(client, server.nsIp, 7000));
    await until('SYN at both points', () => between(flows, client, server, 7000).filter((f) => f.Summary === 'TCP Flags: SYN').length === 2);
    await dp.close();
    assert.doesNotMatch(await sh('tc', ['qdisc', 'show', 'dev', client.hostIf]), /clsact/);
  });

  it('a full ring buffer: the kernel counts the losses and they arrive as LostEvents (PERF_EVENT_RING_BUFFER)', async () => {
    const {dp, dir, lost, flows} = await start();
    const other = await fakePod('default', 'linux-tools', {app: 'linux-tools'}, 1003);
    const api = await fakePod('python-app', 'api', {app: 'api'}, 1002);
    await dp.addEndpoint(other.ep);
    await dp.addEndpoint(api.ep);
    await dp.setPolicies(parseAllDocuments(readFileSync(join(ROOT, 'test/fixtures/policy/trace/python-app.yaml'), 'utf8')).map((d) => d.toJS()));
    const lib = await libbpf();
    const fd = lib.bpf_obj_get(join(dir, 'prog_flow_egress'));
    cleanup.add(() => lib.close(fd));
    const before = dp.stats();
    // A denied packet is not remembered, so each run emits a verdict and a drop event: 300,000
    // events from one synchronous call, while the consumer cannot run, overflow the 16 MiB ring.
    const runs = 150_000;
    assert.equal(runOn(lib, fd, api.ep.hostIfIndex, packet({src: other.nsIp, dst: api.nsIp, proto: 'TCP', sport: 40000, dport: 5000}), runs), TC_ACT_SHOT);
    const after = dp.stats();
    // (plus the odd packet of the pods themselves, e.g. IPv6 router solicitations)
    const accounted = after.events - before.events + after.lost - before.lost;
    assert.ok(accounted >= 2 * runs && accounted < 2 * runs + 20, `every event is either in the ring or counted lost: ${accounted}`);
    assert.ok(after.lost - before.lost > 0, 'some were lost');
    assert.ok(after.policyDrops - before.policyDrops >= runs);
    await until('the LostEvent', () => lost.length > 0, 5000);
    const total = lost.reduce((n, r) => n + Number((r.responseTypes.value as {numEventsLost: bigint}).numEventsLost), 0);
    const l = lost[0].responseTypes.value as {source: number; cpu?: number};
    assert.equal(l.source, 1, 'PERF_EVENT_RING_BUFFER');
    assert.equal(typeof l.cpu, 'number');
    assert.ok(total >= after.lost - before.lost, `${total} reported lost`);
    await until('the ring to be consumed', () => flows.length >= after.events - before.events, 20_000);
  });
});
