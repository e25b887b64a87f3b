// `axon demo up|traffic|down` against a real agent: the seed's pods answer (DNS, HTTP /employees),
// the traffic shows up as flows, and down leaves no netns, veth, server process or file.
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {lxcLinks, startAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli} from '../../helpers/cli.js';
import {NETNS_PREFIX} from '../../helpers/netns.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {sh, trySh} from '../../helpers/sh.js';
import {tmpDir} from '../../helpers/tmp.js';

async function demoProcesses(): Promise<string[]> {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => readFileSafe(`/proc/${p}/cmdline`).replace(/\0/g, ' '))
    .filter((c) => c.includes('/demo/servers/') && c.includes(NETNS_PREFIX));
}

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

describe('axon demo (privileged)', function () {
  this.timeout(120_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
  });

  it('brings up the seed pods, carries their traffic as flows, and leaves nothing after down', async () => {
    const agent = await startAgent();
    const stateDir = tmpDir();
    const prefix = `${NETNS_PREFIX}d-`;
    const flags = ['--agent-socket', agent.ciliumSock, '--state-dir', stateDir, '--netns-prefix', prefix];
    const linksBefore = await lxcLinks();
    cleanup.add(() => runCli(['demo', 'down', ...flags], {timeout: 60_000}));

    const up = await runCli(['demo', 'up', ...flags, '--json'], {timeout: 60_000});
    assert.equal(up.code, 0, up.stderr);
    const pods = (JSON.parse(up.stdout) as {pods: Array<{namespace: string; name: string; ip: string; netns: string; identity: number}>}).pods;
    assert.deepEqual(pods.map((p) => `${p.namespace}/${p.name}`), ['kube-system/coredns', 'python-app/api', 'test/linux-tools', 'default/linux-tools']);
    for (const p of pods) assert.ok(p.identity >= 256);

    const curl = await sh('ip', ['netns', 'exec', `${prefix}test-linux-tools`, 'curl', '-s', '-m', '5', 'python-api-app-production.python-app.svc:5000/employees']);
    assert.deepEqual(JSON.parse(curl), [{id: 1, name: 'Ashley'}, {id: 2, name: 'Kate'}, {id: 3, name: 'Joe'}]);

    const tr = await runCli(['demo', 'traffic', ...flags, '--json'], {timeout: 60_000});
    assert.equal(tr.code, 0, tr.stderr);
    const events = JSON.parse(tr.stdout) as Array<{from: string; to: string; kind: string; ok: boolean; detail: string}>;
    assert.equal(events.length, 7);
    for (const e of events) assert.ok(e.ok, JSON.stringify(e));
    assert.ok(events.some((e) => e.kind === 'dns' && e.from === 'test/linux-tools' && e.to === 'kube-system/coredns:53'));

    const st = JSON.parse((await runCli(['status', '-o', 'json'], {env: agent.env})).stdout) as {hubble: {observer: {'seen-flows': number}}; ipam: {allocations: Record<string, string>}};
    assert.ok(st.hubble.observer['seen-flows'] > 10, JSON.stringify(st.hubble));
    assert.equal(st.ipam.allocations[pods[1].ip], 'python-app/api');

    const down = await runCli(['demo', 'down', ...flags], {timeout: 60_000});
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /Removed 4 demo pod\(s\)/);
    const ns = (await trySh('ip', ['netns', 'list'])).out;
    assert.ok(!ns.includes(prefix), `netns left: ${ns}`);
    assert.deepEqual(await lxcLinks(), linksBefore);
    assert.deepEqual(await demoProcesses(), []);
    for (const p of pods) assert.ok(!existsSync(join('/etc/netns', p.netns)));
    assert.ok(!existsSync(join(stateDir, 'demo')));
    const after = JSON.parse((await runCli(['status', '-o', 'json'], {env: agent.env})).stdout) as {ipam: {allocations: Record<string, string>}};
    assert.deepEqual(Object.values(after.ipam.allocations), ['router']);
  });

  it('says what to do when the agent is not running', async () => {
    const dir = tmpDir();
    const r = await runCli(['demo', 'up', '--agent-socket', join(dir, 'cilium.sock'), '--state-dir', dir]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^Error: the demo needs a running agent/m);
    assert.match(r.stderr, /^Hint: start it first: sudo axon agent/m);
  });
});
