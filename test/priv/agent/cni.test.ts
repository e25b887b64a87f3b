// axon-cni as a runtime calls it (CNI_* env + config on stdin): VERSION with dummy values,
// bad configs and versions with the spec's error codes, DEL of unknown containers, duplicate
// ADD, an exhausted pod CIDR, and CHECK.
import assert from 'node:assert/strict';
import {lxcLinks, runCni, startAgent} from '../../helpers/agent.js';
import {createNetns} from '../../helpers/netns.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {sh} from '../../helpers/sh.js';

const env = (o: Record<string, string>) => ({CNI_CONTAINERID: 'c0ffee', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin', ...o});

describe('axon-cni protocol (privileged)', function () {
  this.timeout(60_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN']);
  });

  it('answers VERSION with dummy values, echoing the asked version', async () => {
    const r = await runCni({CNI_COMMAND: 'VERSION', CNI_CONTAINERID: 'dummy', CNI_NETNS: 'dummy', CNI_IFNAME: 'dummy', CNI_PATH: 'dummy'}, '{"cniVersion":"0.4.0"}');
    assert.equal(r.code, 0);
    assert.deepEqual(r.json, {cniVersion: '0.4.0', supportedVersions: ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0']});
  });

  const cases: Array<{name: string; stdin: string; env?: Record<string, string>; code: number; msg: RegExp}> = [
    {name: 'config that is not JSON', stdin: '{"cniVersion": "1.0.0",', code: 6, msg: /failed to decode/},
    {name: 'unknown CNI version', stdin: '{"cniVersion":"2.5.0","name":"n","type":"axon-cni"}', code: 1, msg: /incompatible CNI versions; config is "2.5.0"/},
    {name: 'config without name', stdin: '{"cniVersion":"1.0.0","type":"axon-cni"}', code: 7, msg: /no "name"/},
    {name: 'labels of the wrong type', stdin: '{"cniVersion":"1.0.0","name":"n","type":"axon-cni","labels":[1]}', code: 7, msg: /"labels" must be/},
    {name: 'relative agent socket', stdin: '{"cniVersion":"1.0.0","name":"n","type":"axon-cni","agent-socket":"x.sock"}', code: 7, msg: /absolute path/},
    {name: 'missing CNI_NETNS on ADD', stdin: '{"cniVersion":"1.0.0","name":"n","type":"axon-cni"}', env: {CNI_COMMAND: 'ADD', CNI_NETNS: ''}, code: 4, msg: /CNI_NETNS is not set/},
    {name: 'the host netns as CNI_NETNS', stdin: '{"cniVersion":"1.0.0","name":"n","type":"axon-cni"}', env: {CNI_COMMAND: 'ADD', CNI_NETNS: '/proc/self/ns/net'}, code: 4, msg: /is the host's network namespace/},
    {name: 'unknown command', stdin: '{}', env: {CNI_COMMAND: 'FROB'}, code: 4, msg: /CNI_COMMAND must be one of/},
    {name: 'ADD with no agent listening', stdin: '{"cniVersion":"1.0.0","name":"n","type":"axon-cni","agent-socket":"/nonexistent/cilium.sock"}', env: {CNI_COMMAND: 'ADD', CNI_NETNS: '/run/netns/axon-cni-test-absent'}, code: 11, msg: /cannot reach the axon agent at \/nonexistent\/cilium\.sock/},
  ];
  for (const c of cases)
    it(`fails with code ${c.code} on ${c.name}`, async () => {
      const r = await runCni(env({CNI_COMMAND: 'ADD', CNI_NETNS: '/run/netns/axon-cni-test-absent', ...c.env}), c.stdin);
      assert.equal(r.code, 1, r.stdout);
      assert.equal(r.json?.code, c.code, r.stdout);
      assert.match(String(r.json?.msg), c.msg);
      assert.equal(typeof r.json?.cniVersion, 'string');
    });

  it('DEL of an unknown container succeeds, with or without an agent', async () => {
    const agent = await startAgent();
    const withAgent = await runCni(env({CNI_COMMAND: 'DEL'}), JSON.stringify(agent.netConf()));
    assert.equal(withAgent.code, 0, withAgent.stdout);
    const without = await runCni(env({CNI_COMMAND: 'DEL', CNI_NETNS: ''}), '{"cniVersion":"1.0.0","name":"n","type":"axon-cni","agent-socket":"/nonexistent/cilium.sock"}');
    assert.equal(without.code, 0, without.stdout);
  });

  it('refuses a duplicate ADD and leaves the first attachment working', async () => {
    const agent = await startAgent();
    const a = await agent.addPod({namespace: 'test', name: 'a'});
    const b = await agent.addPod({namespace: 'test', name: 'b'});
    const again = await runCni(
      {CNI_COMMAND: 'ADD', CNI_CONTAINERID: a.containerId, CNI_NETNS: a.netnsPath, CNI_IFNAME: 'eth0', CNI_ARGS: 'K8S_POD_NAMESPACE=test;K8S_POD_NAME=a'},
      JSON.stringify(agent.netConf()),
    );
    assert.equal(again.code, 1);
    assert.equal(again.json?.code, 100, again.stdout);
    assert.match(String(again.json?.msg), /already attached/);
    await b.exec('ping', ['-c', '1', '-W', '2', a.ip]);
  });

  it('reports an exhausted pod CIDR and leaves nothing half-made', async () => {
    const third = 200 + (process.pid % 50);
    const agent = await startAgent({podCidr: `10.252.${third}.252/30`}); // router .253, one pod .254
    await agent.addPod({namespace: 'test', name: 'only'});
    const links = await lxcLinks();
    const ns = await createNetns();
    const r = await runCni({CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'full0001', CNI_NETNS: `/run/netns/${ns}`, CNI_IFNAME: 'eth0', CNI_ARGS: 'K8S_POD_NAME=late'}, JSON.stringify(agent.netConf()));
    assert.equal(r.code, 1);
    assert.equal(r.json?.code, 101, r.stdout);
    assert.match(String(r.json?.msg), /all 2 addresses of 10\.252\.\d+\.252\/30 are allocated/);
    assert.deepEqual(await lxcLinks(), links);
    assert.equal((await sh('ip', ['netns', 'exec', ns, 'ip', '-o', 'link', 'show'])).trim().split('\n').length, 1, 'only lo in the netns');
  });

  it('CHECK passes for a healthy pod and fails once its veth is gone', async () => {
    const agent = await startAgent();
    const p = await agent.addPod({namespace: 'test', name: 'checked'});
    const conf = JSON.stringify(agent.netConf({prevResult: p.result}));
    const e = {CNI_COMMAND: 'CHECK', CNI_CONTAINERID: p.containerId, CNI_NETNS: p.netnsPath, CNI_IFNAME: 'eth0'};
    const ok = await runCni(e, conf);
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(ok.stdout, '');
    await sh('ip', ['link', 'del', (p.result.interfaces as Array<{name: string}>)[0].name]);
    const bad = await runCni(e, conf);
    assert.equal(bad.code, 1);
    assert.equal(bad.json?.code, 102, bad.stdout);
    assert.match(String(bad.json?.msg), /host interface lxc[0-9a-f]{11} does not exist/);
  });

  it('returns 0.4.0-style results (ips[].version) for older configs', async () => {
    const agent = await startAgent();
    const ns = await createNetns();
    const conf = JSON.stringify(agent.netConf({cniVersion: '0.4.0'}));
    const e = {CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'old04000', CNI_NETNS: `/run/netns/${ns}`, CNI_IFNAME: 'eth0', CNI_ARGS: 'K8S_POD_NAME=old'};
    try {
      const r = await runCni(e, conf);
      assert.equal(r.code, 0, r.stdout);
      assert.equal(r.json?.cniVersion, '0.4.0');
      assert.equal((r.json?.ips as Array<{version: string}>)[0].version, '4');
    } finally {
      await runCni({...e, CNI_COMMAND: 'DEL'}, conf);
    }
  });
});
