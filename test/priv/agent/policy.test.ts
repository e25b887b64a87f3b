// The agent's policy routes (contracts.md) over the policy store, and what they do to real
// traffic once the datapath enforces them: the seed's "only namespace test may reach the API".
import assert from 'node:assert/strict';
import {ApiError, CiliumClient, parseHost} from '../../../src/cilium/client.js';
import {startAgent, type Pod} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {trySh} from '../../helpers/sh.js';

const seedPolicy = {
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: {name: 'python-app', namespace: 'python-app'},
  spec: {
    endpointSelector: {},
    ingress: [{fromEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': 'test'}}], toPorts: [{ports: [{port: '5000', protocol: 'TCP'}]}]}],
  },
};

async function serveTcp(pod: Pod, port: number): Promise<void> {
  const {spawn} = await import('node:child_process');
  const srv = spawn('ip', ['netns', 'exec', pod.netns, process.execPath, '-e', `require('net').createServer(s=>{s.on('error',()=>{});s.end('hi\\n')}).listen(${port},'0.0.0.0',()=>console.log('up'))`], {stdio: ['ignore', 'pipe', 'inherit']});
  cleanup.add(() => srv.kill('SIGKILL'));
  await new Promise<void>((res) => srv.stdout.once('data', () => res()));
}

const connects = async (from: Pod, to: Pod) => (await trySh('ip', ['netns', 'exec', from.netns, 'nc', '-z', '-w', '2', to.ip, '5000'])).ok;

describe('axon agent policy API (privileged)', function () {
  this.timeout(90_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
  });

  it('applies, lists, serves GET /v1/policy, enforces, and deletes policies', async () => {
    const agent = await startAgent();
    const c = new CiliumClient(parseHost(`unix://${agent.ciliumSock}`), {timeoutMs: 10_000});
    cleanup.add(() => c.close());
    await assert.rejects(c.get('/v1/policy'), (e: ApiError) => e.status === 404);

    const api = await agent.addPod({namespace: 'python-app', name: 'api', labels: {app: 'api'}});
    const fromTest = await agent.addPod({namespace: 'test', name: 'linux-tools', labels: {app: 'linux-tools'}});
    const fromDefault = await agent.addPod({namespace: 'default', name: 'linux-tools', labels: {app: 'linux-tools'}});
    await serveTcp(api, 5000);
    assert.ok(await connects(fromDefault, api), 'no policy: default may connect');

    const applied = await c.put<{revision: number; results: Array<{action: string; name: string}>}>('/v1/axon/policies', {body: {resources: [seedPolicy]}});
    assert.deepEqual(applied.results.map((r) => `${r.name}:${r.action}`), ['python-app:created']);
    const again = await c.put<{results: Array<{action: string}>}>('/v1/axon/policies', {body: {resources: [seedPolicy]}});
    assert.equal(again.results[0].action, 'unchanged');
    const list = await c.get<{revision: number; resources: unknown[]}>('/v1/axon/policies');
    assert.equal(list.resources.length, 1);
    const up = await c.get<{policy: string; revision: number}>('/v1/policy');
    assert.equal(up.revision, applied.revision);
    assert.ok(Array.isArray(JSON.parse(up.policy)));

    const eps = await c.get<Array<{status: {'external-identifiers': {'pod-name': string}; policy: {realized: {'policy-enabled': string}}}}>>('/v1/endpoint');
    const enabled = Object.fromEntries(eps.map((e) => [e.status['external-identifiers']['pod-name'], e.status.policy.realized['policy-enabled']]));
    assert.deepEqual(enabled, {'python-app/api': 'ingress', 'test/linux-tools': 'none', 'default/linux-tools': 'none'});

    // enforcement by the datapath (give it a moment to compile the maps)
    let denied = false;
    for (let i = 0; i < 10 && !denied; i++) denied = !(await connects(fromDefault, api));
    assert.ok(denied, 'default/linux-tools is denied by the policy');
    assert.ok(await connects(fromTest, api), 'test/linux-tools is allowed');

    await assert.rejects(c.put('/v1/axon/policies', {body: {resources: [{kind: 'CiliumNetworkPolicy', metadata: {}}]}}), (e: ApiError) => e.status === 400);
    await assert.rejects(c.put('/v1/axon/policies', {body: {nope: 1}}), (e: ApiError) => e.status === 400);
    const del = await c.delete<{revision: number}>('/v1/axon/policies/CiliumNetworkPolicy/python-app/python-app');
    assert.ok(del.revision > applied.revision);
    await assert.rejects(c.delete('/v1/axon/policies/CiliumNetworkPolicy/python-app/python-app'), (e: ApiError) => e.status === 404);
    let allowed = false;
    for (let i = 0; i < 10 && !allowed; i++) allowed = await connects(fromDefault, api);
    assert.ok(allowed, 'allowed again after delete');
  });
});
