// `axon status` and `axon health` against the real `axon agent`: what they print is what the
// agent reports about itself (its own API read directly), including a pod added through CNI.
import assert from 'node:assert/strict';
import {CiliumClient, parseHost} from '../../../src/cilium/client.js';
import type {HealthStatusResponse, StatusResponse} from '../../../src/cilium/types.js';
import {startAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli} from '../../helpers/cli.js';
import {requirePrivileges} from '../../helpers/privileges.js';

function client(sock: string): CiliumClient {
  const c = new CiliumClient(parseHost(`unix://${sock}`), {timeoutMs: 10_000});
  cleanup.add(() => c.close());
  return c;
}

/** The text after the label column of the line starting with `label`. */
function field(out: string, label: string): string {
  const line = out.split('\n').find((l) => l.startsWith(label));
  assert.ok(line, `no "${label}" line in:\n${out}`);
  return line.slice(label.length).trimStart();
}

describe('axon status / health against axon agent', function () {
  this.timeout(60_000);
  before(function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN']);
  });

  it('status reports the agent\'s own state, and a new pod shows up in IPAM', async () => {
    const agent = await startAgent({nodeName: 'status-node'});
    const api = client(agent.ciliumSock);
    const sr = await api.get<StatusResponse>('/v1/healthz', {headers: {Brief: 'false', 'Require-K8s-Connectivity': 'true'}});

    const r = await runCli(['status'], {env: agent.env});
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(field(r.stdout, 'Cilium:'), `${sr.cilium!.state}   ${sr.cilium!.msg}`);
    assert.equal(field(r.stdout, 'KVStore:').trimEnd(), sr.kvstore!.state);
    assert.equal(field(r.stdout, 'IPAM:'), sr.ipam!.status);
    const n = sr.controllers!.length;
    assert.equal(field(r.stdout, 'Controller Status:'), `${n}/${n} healthy`);
    if (sr.controllers!.some((c) => c.name === 'cilium-health-ep')) {
      assert.match(field(r.stdout, 'Cluster health:'), /^1\/1 reachable/);
      assert.match(field(r.stdout, 'Modules Health:'), /^Stopped\(0\) Degraded\(0\) OK\(\d+\)$/);
    } else {
      assert.equal(field(r.stdout, 'Cluster health:'), 'Probe disabled');
    }

    const brief = await runCli(['status', '--brief'], {env: agent.env});
    assert.deepEqual([brief.stdout, brief.code], ['OK\n', 0]);

    const pod = await agent.addPod({namespace: 'default', name: 'status-web', labels: {app: 'web'}});
    const all = await runCli(['status', '--all-addresses'], {env: agent.env});
    assert.equal(all.code, 0, all.stderr);
    const after = await api.get<StatusResponse>('/v1/healthz');
    assert.equal(field(all.stdout, 'IPAM:'), after.ipam!.status);
    const owner = after.ipam!.allocations![pod.ip];
    assert.ok(owner, `agent allocations lack ${pod.ip}: ${JSON.stringify(after.ipam)}`);
    assert.ok(all.stdout.includes(`\n  ${pod.ip} (${owner})\n`), all.stdout);

    const doc = await runCli(['status', '-o', 'jsonpath={.ipam.allocations}'], {env: agent.env});
    assert.deepEqual(JSON.parse(doc.stdout), after.ipam!.allocations);
  });

  it('health lists the agent\'s local node first, as the agent\'s health.sock reports it', async () => {
    const agent = await startAgent({nodeName: 'health-node'});
    const hr = await client(agent.healthSock).get<HealthStatusResponse>('/v1beta/status');
    const r = await runCli(['health', '--strict'], {env: agent.env});
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], new RegExp(`^Cluster health:\\s+${hr.nodes!.length}/${hr.nodes!.length} reachable`));
    assert.ok(lines[2].startsWith(`  ${hr.local!.name} (localhost)`), r.stdout);

    const probe = await runCli(['health', '--probe', '-o', 'json'], {env: agent.env});
    assert.equal(probe.code, 0, probe.stderr);
    const pr = JSON.parse(probe.stdout) as HealthStatusResponse;
    assert.equal(pr.local!.name, hr.local!.name);
    assert.ok(Date.parse(pr.timestamp!) >= Date.parse(hr.timestamp!), 'a probe round runs at or after the cached one');

    const json = await runCli(['status', '--json'], {env: agent.env});
    const d = JSON.parse(json.stdout) as {clusterHealth: HealthStatusResponse | null};
    if (d.clusterHealth) assert.equal(d.clusterHealth.local!.name, hr.local!.name);
  });
});
