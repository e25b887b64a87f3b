// The seed's scenario through the real agent and CNI pods: `axon demo policy` applies the
// python-app policy; test/linux-tools reaches python-app/api:5000 (FORWARDED, policy verdict
// ALLOWED), default/linux-tools times out (Policy denied DROPPED); deleting restores; a stopped
// agent leaves no program, link or pin.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {create} from '@bufbuild/protobuf';
import {GetFlowsRequestSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import type {Flow} from '../../../src/hubble/gen/flow/flow_pb.js';
import {connect} from '../../../src/hubble/client.js';
import {startAgent, type Pod, type StartedAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli} from '../../helpers/cli.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {TEST_BPFFS_ROOT} from '../../helpers/residue.js';
import {trySh} from '../../helpers/sh.js';

async function allFlows(agent: StartedAgent): Promise<Flow[]> {
  const c = await connect({server: agent.env.HUBBLE_SERVER, dialTimeoutMs: 5000, requestTimeoutMs: 10_000});
  cleanup.add(() => c.close());
  const out: Flow[] = [];
  for await (const r of c.getFlows(create(GetFlowsRequestSchema, {number: 4000n}))) if (r.responseTypes.case === 'flow') out.push(r.responseTypes.value);
  return out;
}

async function waitFor(agent: StartedAgent, what: string, pred: (f: Flow) => boolean): Promise<Flow> {
  for (let i = 0; i < 40; i++) {
    const f = (await allFlows(agent)).find(pred);
    if (f) return f;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no flow: ${what}\nagent log:\n${agent.logs()}`);
}

async function serve(pod: Pod, port: number): Promise<void> {
  const srv = spawn('ip', ['netns', 'exec', pod.netns, process.execPath, '-e', `require('net').createServer(s=>{s.on('error',()=>{});s.end('hi\\n')}).listen(${port},'0.0.0.0',()=>console.log('up'))`], {stdio: ['ignore', 'pipe', 'inherit']});
  cleanup.add(() => srv.kill('SIGKILL'));
  await new Promise<void>((res) => srv.stdout.once('data', () => res()));
}

const connects = async (from: Pod, to: Pod, port: number, timeoutS: number) => (await trySh('ip', ['netns', 'exec', from.netns, 'nc', '-z', '-w', String(timeoutS), to.ip, String(port)], (timeoutS + 5) * 1000)).ok;
const tcpPort = (f: Flow) => (f.l4?.protocol.case === 'TCP' ? f.l4.protocol.value.destinationPort : undefined);
const fromTo = (f: Flow, a: Pod, b: Pod) => f.source?.namespace === a.namespace && f.source.podName === a.name && f.destination?.namespace === b.namespace && f.destination.podName === b.name;

describe('datapath in the agent: the seed python-app scenario (privileged)', function () {
  this.timeout(120_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
  });

  it('demo policy: test -> api:5000 FORWARDED + ALLOWED verdict, default -> api:5000 Policy denied DROPPED, delete restores', async () => {
    const agent = await startAgent({nodeName: 'axon-node'});
    const tools = await agent.addPod({namespace: 'test', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const other = await agent.addPod({namespace: 'default', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const api = await agent.addPod({namespace: 'python-app', name: 'api', labels: {app: 'api'}});
    await serve(api, 5000);
    assert.ok(await connects(other, api, 5000, 3), 'without policy default reaches the api');

    const applied = await runCli(['demo', 'policy'], {env: agent.env});
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /ciliumnetworkpolicy\.cilium\.io\/python-app (created|configured|unchanged)/);
    assert.match(applied.stderr, /Warning: .*L7 rules \(http\) are not enforced locally yet/);
    await new Promise((r) => setTimeout(r, 300)); // the store notifies the datapath asynchronously

    assert.ok(await connects(tools, api, 5000, 3), 'test/linux-tools -> python-app/api:5000 connects');
    const fwd = await waitFor(agent, 'FORWARDED SYN test -> api', (f) => fromTo(f, tools, api) && tcpPort(f) === 5000 && f.eventType?.type === 4 && f.traceObservationPoint === 101);
    assert.equal(fwd.verdict, 1);
    assert.equal(fwd.nodeName, 'axon-node');
    const ok = await waitFor(agent, 'ALLOWED verdict test -> api', (f) => fromTo(f, tools, api) && f.eventType?.type === 5);
    assert.deepEqual({verdict: ok.verdict, dir: ok.trafficDirection, match: ok.policyMatchType}, {verdict: 1, dir: 1, match: 2});

    assert.equal(await connects(other, api, 5000, 2), false, 'default/linux-tools -> python-app/api:5000 times out');
    const drop = await waitFor(agent, 'drop default -> api', (f) => fromTo(f, other, api) && f.eventType?.type === 1);
    assert.deepEqual({verdict: drop.verdict, reason: drop.dropReasonDesc, summary: drop.Summary, port: tcpPort(drop)}, {verdict: 2, reason: 133, summary: 'TCP Flags: SYN', port: 5000});
    assert.ok(drop.source!.identity >= 256 && drop.destination!.identity >= 256);

    // The compact line of `axon observe` (when that command is part of the build) shows it as upstream does.
    const observe = await runCli(['observe', '--last', '200', '--verdict', 'DROPPED'], {env: agent.env});
    if (observe.code === 0) assert.match(observe.stdout, /default\/linux-tools:\d+ \(ID:\d+\) <> python-app\/api:5000 \(ID:\d+\) Policy denied DROPPED \(TCP Flags: SYN\)/);

    const deleted = await runCli(['demo', 'policy', '--delete'], {env: agent.env});
    assert.equal(deleted.code, 0, deleted.stderr);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(await connects(other, api, 5000, 3), 'default reaches the api again');
  });

  it('policies survive an agent restart; a stopped agent leaves no pins', async () => {
    const agent = await startAgent();
    const other = await agent.addPod({namespace: 'default', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const api = await agent.addPod({namespace: 'python-app', name: 'api', labels: {app: 'api'}});
    await serve(api, 5000);
    assert.equal((await runCli(['demo', 'policy'], {env: agent.env})).code, 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await connects(other, api, 5000, 1), false);
    await agent.kill();
    // Killed: the pinned attachments keep enforcing while no agent runs.
    assert.equal(await connects(other, api, 5000, 1), false, 'still enforced with the agent down');
    await agent.restart();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await connects(other, api, 5000, 1), false, 'enforced again after the restart');
    assert.equal(await agent.stop(), 0);
    const dirs = existsSync(TEST_BPFFS_ROOT) ? readdirSync(TEST_BPFFS_ROOT) : [];
    for (const d of dirs) assert.deepEqual(readdirSync(`${TEST_BPFFS_ROOT}/${d}`), [], `pins left in ${d}`);
    assert.ok(await connects(other, api, 5000, 3), 'nothing enforces once the agent is stopped');
  });
});
