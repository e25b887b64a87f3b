// Pods through axon-cni against a real agent process: real ICMP/TCP/UDP between them, checked
// with `axon status`, `axon health` and the agent's Hubble flows; DEL/restart/SIGKILL behaviour.
import assert from 'node:assert/strict';
import {existsSync, readdirSync} from 'node:fs';
import {create} from '@bufbuild/protobuf';
import {GetFlowsRequestSchema, type GetFlowsResponse} from '../../../src/hubble/gen/observer/observer_pb.js';
import {connect} from '../../../src/hubble/client.js';
import {addPod, lxcLinks, startAgent, type Pod, type StartedAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli} from '../../helpers/cli.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {TEST_BPFFS_ROOT} from '../../helpers/residue.js';
import {sh, trySh} from '../../helpers/sh.js';

async function flows(agent: StartedAgent, number = 1000): Promise<GetFlowsResponse[]> {
  const c = await connect({server: agent.env.HUBBLE_SERVER, dialTimeoutMs: 5000, requestTimeoutMs: 10_000});
  cleanup.add(() => c.close());
  const out: GetFlowsResponse[] = [];
  for await (const r of c.getFlows(create(GetFlowsRequestSchema, {number: BigInt(number)}))) out.push(r);
  return out;
}

/** Flows between two pods as "proto sport->dport" strings, polled until `want` shows up. */
async function waitForFlow(agent: StartedAgent, from: Pod, to: Pod, pred: (r: GetFlowsResponse) => boolean): Promise<GetFlowsResponse> {
  for (let i = 0; i < 40; i++) {
    for (const r of await flows(agent)) {
      if (r.responseTypes.case !== 'flow') continue;
      const f = r.responseTypes.value;
      if (f.source?.podName === from.name && f.source.namespace === from.namespace && f.destination?.podName === to.name && pred(r)) return r;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`no flow ${from.namespace}/${from.name} -> ${to.namespace}/${to.name} matched; agent log:\n${agent.logs()}`);
}

/** A TCP listener in a pod that answers one line per connection; stopped after the test. */
async function serveTcp(pod: Pod, port: number): Promise<void> {
  const {spawn} = await import('node:child_process');
  const srv = spawn('ip', ['netns', 'exec', pod.netns, process.execPath, '-e', `require('net').createServer(s=>{s.on('error',()=>{});s.end('hi\\n')}).listen(${port},'0.0.0.0',()=>console.log('up'))`], {stdio: ['ignore', 'pipe', 'inherit']});
  cleanup.add(() => srv.kill('SIGKILL'));
  await new Promise<void>((res) => srv.stdout.once('data', () => res()));
}

async function serveUdp(pod: Pod, port: number): Promise<void> {
  const {spawn} = await import('node:child_process');
  const srv = spawn('ip', ['netns', 'exec', pod.netns, process.execPath, '-e', `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send(m,r.port,r.address));s.bind(${port},()=>console.log('up'))`], {stdio: ['ignore', 'pipe', 'inherit']});
  cleanup.add(() => srv.kill('SIGKILL'));
  await new Promise<void>((res) => srv.stdout.once('data', () => res()));
}

describe('axon agent pods through axon-cni (privileged)', function () {
  this.timeout(120_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
  });

  it('wires pods with a /32, a route to the pod CIDR only, and identities per label set', async () => {
    const agent = await startAgent();
    const a = await agent.addPod({namespace: 'test', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const b = await agent.addPod({namespace: 'python-app', name: 'api', labels: {app: 'api'}});
    const c = await agent.addPod({namespace: 'test', name: 'linux-tools-2', labels: {app: 'linux-tools'}});
    const routes = await a.exec('ip', ['-j', 'route', 'show']);
    const list = JSON.parse(routes) as Array<{dst: string; gateway?: string}>;
    assert.ok(!list.some((r) => r.dst === 'default'), `no default route: ${routes}`);
    assert.ok(list.some((r) => r.dst === agent.podCidr), `route to the pod CIDR: ${routes}`);
    const addrs = JSON.parse(await a.exec('ip', ['-j', 'addr', 'show', 'dev', 'eth0'])) as Array<{addr_info: Array<{local: string; prefixlen: number; family: string}>}>;
    assert.deepEqual(addrs[0].addr_info.filter((x) => x.family === 'inet').map((x) => `${x.local}/${x.prefixlen}`), [`${a.ip}/32`]);

    const r = await runCli(['status', '-o', 'json'], {env: agent.env});
    assert.equal(r.code, 0, r.stderr);
    const st = JSON.parse(r.stdout) as {ipam: {allocations: Record<string, string>}};
    assert.equal(st.ipam.allocations[a.ip], 'test/linux-tools');
    assert.equal(st.ipam.allocations[b.ip], 'python-app/api');

    const eps = (await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/endpoint'])).trim();
    const byPod = new Map((JSON.parse(eps) as Array<{status: {identity: {id: number; labels: string[]}; 'external-identifiers': {'pod-name': string}}}>).map((e) => [e.status['external-identifiers']['pod-name'], e.status.identity]));
    const ia = byPod.get('test/linux-tools')!;
    assert.ok(ia.id >= 256, `identity ${ia.id}`);
    assert.equal(byPod.get('test/linux-tools-2')!.id, ia.id, 'same labels, same identity');
    assert.notEqual(byPod.get('python-app/api')!.id, ia.id);
    assert.ok(ia.labels.includes('k8s:app=linux-tools') && ia.labels.includes('k8s:io.kubernetes.pod.namespace=test'), ia.labels.join(','));
    void c;
  });

  it('carries real ICMP, TCP and UDP between pods and reports them as flows, status and health', async () => {
    const agent = await startAgent();
    const a = await agent.addPod({namespace: 'test', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const b = await agent.addPod({namespace: 'python-app', name: 'api', labels: {app: 'api'}});
    await serveTcp(b, 5000);
    await serveUdp(b, 53);
    await a.exec('ping', ['-c', '2', '-W', '2', b.ip]);
    assert.equal((await a.exec('nc', ['-w', '3', b.ip, '5000'])).trim(), 'hi');
    assert.equal((await a.exec('sh', ['-c', `echo ping | nc -u -w 1 ${b.ip} 53`])).trim(), 'ping');

    const icmp = await waitForFlow(agent, a, b, (r) => r.responseTypes.case === 'flow' && r.responseTypes.value.l4?.protocol.case === 'ICMPv4');
    const f = icmp.responseTypes.value as NonNullable<Extract<GetFlowsResponse['responseTypes'], {case: 'flow'}>['value']>;
    assert.equal(f.IP?.source, a.ip);
    assert.equal(f.IP?.destination, b.ip);
    assert.ok(f.source!.identity >= 256 && f.destination!.identity >= 256);
    assert.ok(f.source!.labels.includes('k8s:app=linux-tools'), f.source!.labels.join(','));
    await waitForFlow(agent, a, b, (r) => r.responseTypes.case === 'flow' && r.responseTypes.value.l4?.protocol.case === 'TCP' && r.responseTypes.value.l4.protocol.value.destinationPort === 5000);
    await waitForFlow(agent, a, b, (r) => r.responseTypes.case === 'flow' && r.responseTypes.value.l4?.protocol.case === 'UDP' && r.responseTypes.value.l4.protocol.value.destinationPort === 53);

    const ob = await runCli(['observe', '--last', '500', '-o', 'jsonpb', '--from-pod', 'test/linux-tools', '--to-pod', 'python-app/api'], {env: agent.env});
    assert.equal(ob.code, 0, ob.stderr);
    const lines = ob.stdout.trim().split('\n').map((l) => JSON.parse(l) as {flow?: Record<string, any>});
    const fl = lines.map((l) => l.flow).filter((f): f is Record<string, any> => !!f);
    assert.ok(fl.length > 0 && fl.every((f) => f.source.namespace === 'test' && f.source.pod_name === 'linux-tools' && f.destination.pod_name === 'api'), ob.stdout.slice(0, 400));
    const has = (re: RegExp) => lines.some((l) => re.test(JSON.stringify(l)));
    assert.ok(has(/"ICMPv4"/), 'ICMP flow in observe output');
    assert.ok(has(/"TCP":\{[^}]*"destination_port":5000/), 'TCP :5000 flow in observe output');
    assert.ok(has(/"UDP":\{[^}]*"destination_port":53/), 'UDP :53 flow in observe output');

    const st = JSON.parse((await runCli(['status', '-o', 'json'], {env: agent.env})).stdout) as {hubble: {observer: {'seen-flows': number}}; 'attach-mode'?: string};
    assert.ok(st.hubble.observer['seen-flows'] >= 6, JSON.stringify(st.hubble));

    const h = await runCli(['health', '--probe', '-o', 'json'], {env: agent.env, timeout: 30_000});
    assert.equal(h.code, 0, h.stderr);
    const node = (JSON.parse(h.stdout) as {nodes: Array<Record<string, any>>}).nodes[0];
    const paths = [node['health-endpoint']['primary-address'], ...node['health-endpoint']['secondary-addresses']];
    assert.deepEqual(paths.map((p: {ip: string}) => p.ip).sort(), [a.ip, b.ip].sort());
    for (const p of paths) {
      assert.equal(p.icmp.status, '', JSON.stringify(p));
      assert.ok(p.icmp.latency > 0 && p.http.latency > 0, JSON.stringify(p));
    }
    const text = await runCli(['health'], {env: agent.env});
    assert.match(text.stdout, /1\/1 reachable/);
    assert.match(text.stdout, /\(localhost\)/);
  });

  it('DEL leaves no veth, address or endpoint, and a stopped agent leaves no pins', async () => {
    const agent = await startAgent();
    const before = new Set(await lxcLinks());
    const a = await agent.addPod({namespace: 'test', name: 'gone', labels: {app: 'x'}});
    const added = (await lxcLinks()).filter((l) => !before.has(l));
    assert.equal(added.length, 1);
    const router = agent.podCidr.replace(/\d+\/\d+$/, (m) => String(Number(m.split('/')[0]) + 1));
    assert.match(await sh('ip', ['-o', 'addr', 'show', 'dev', added[0]]), new RegExp(`inet ${router.replace(/\./g, '\\.')}/32`));
    const del = await a.del();
    assert.equal(del.code, 0, del.stdout);
    assert.equal(del.stdout, '');
    assert.ok(!(await lxcLinks()).includes(added[0]), 'host veth removed');
    assert.doesNotMatch((await trySh('ip', ['-o', 'addr', 'show'])).out, new RegExp(` ${router.replace(/\./g, '\\.')}/32`));
    const st = JSON.parse((await runCli(['status', '-o', 'json'], {env: agent.env})).stdout) as {ipam: {allocations: Record<string, string>}};
    assert.equal(st.ipam.allocations[a.ip], undefined, 'IP released');
    assert.equal(await agent.stop(), 0);
    const dirs = existsSync(TEST_BPFFS_ROOT) ? readdirSync(TEST_BPFFS_ROOT) : [];
    for (const d of dirs) assert.deepEqual(readdirSync(`${TEST_BPFFS_ROOT}/${d}`), [], `pins left in ${d}`);
  });

  it('re-adopts endpoints after SIGKILL and keeps serving them', async () => {
    const agent = await startAgent();
    const a = await agent.addPod({namespace: 'test', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const b = await agent.addPod({namespace: 'default', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const list = async () => (JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/endpoint'])) as Array<{id: number; status: {identity: {id: number}; state: string}}>).map((e) => `${e.id}:${e.status.identity.id}:${e.status.state}`);
    const was = await list();
    await agent.kill();
    await agent.restart();
    assert.deepEqual(await list(), was);
    assert.match(agent.logs(), /msg="Endpoints restored" subsys=endpoint restored=2 removed=0/);
    await a.exec('ping', ['-c', '1', '-W', '2', b.ip]);
    await waitForFlow(agent, a, b, (r) => r.responseTypes.case === 'flow' && r.responseTypes.value.l4?.protocol.case === 'ICMPv4');

    // a pod whose veth vanished while the agent was down is dropped with its IP
    await agent.kill();
    await sh('ip', ['link', 'del', JSON.parse(JSON.stringify(b.result)).interfaces[0].name]);
    await agent.restart();
    assert.match(agent.logs(), /restored=1 removed=1/);
    const st = JSON.parse((await runCli(['status', '-o', 'json'], {env: agent.env})).stdout) as {ipam: {allocations: Record<string, string>}};
    assert.equal(st.ipam.allocations[b.ip], undefined);
    assert.equal(st.ipam.allocations[a.ip], 'test/linux-tools');
  });

  it('uses a documented default namespace when CNI_ARGS has none (podman)', async () => {
    const agent = await startAgent();
    const p = await addPod(agent, {name: 'web'});
    const ep = JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, `http://localhost/v1/endpoint/container-id:${p.containerId}`])) as {status: {'external-identifiers': Record<string, string>}};
    assert.equal(ep.status['external-identifiers']['k8s-namespace'], 'default');
  });
});
