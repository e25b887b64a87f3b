// `axon health` (= cilium-health status) as a process against a real health.sock server.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {runCli} from '../../helpers/cli.js';
import {tmpDir} from '../../helpers/tmp.js';
import {fixture, healthServer, json, ok} from './servers.js';

describe('axon health (CLI against health.sock)', function () {
  this.timeout(30_000);

  const text = [
    ['all reachable', 'health-all-reachable.json', [], 'health-all-reachable.txt'],
    ['ICMP to one node failing: still exit 0 (upstream)', 'health-icmp-failing.json', [], 'health-icmp-failing.txt'],
    ['--verbose prints every path with RTT', 'health-icmp-failing.json', ['--verbose'], 'health-icmp-failing-verbose.txt'],
    ['dual stack with a failing IPv6 host path', 'health-dual-stack.json', [], 'health-dual-stack.txt'],
    ['a node not yet probed counts as unknown', 'health-unknown-node.json', [], 'health-unknown-node.txt'],
  ] as const;
  for (const [name, body, args, want] of text) {
    it(name, async () => {
      const hs = await healthServer({status: ok(fixture(body))});
      const r = await runCli(['health', ...args], {env: {CILIUM_HEALTH_SOCK: hs.path}});
      assert.deepEqual([r.stdout, r.stderr, r.code], [fixture(want), '', 0]);
      assert.deepEqual(hs.requests.map((x) => `${x.method} ${x.url} ${x.headers.host} ${x.headers.accept}`), ['GET /v1beta/status localhost application/json']);
    });
  }

  it('--probe runs a probe round with PUT /v1beta/status/probe', async () => {
    const hs = await healthServer({status: ok(fixture('health-icmp-failing.json')), probe: ok(fixture('health-all-reachable.json'))});
    const r = await runCli(['health', '--probe'], {env: {CILIUM_HEALTH_SOCK: hs.path}});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('health-all-reachable.txt'), '', 0]);
    assert.deepEqual(hs.requests.map((x) => `${x.method} ${x.url}`), ['PUT /v1beta/status/probe']);
  });

  it('--strict exits 3 and names the unreachable nodes when a path is down', async () => {
    const hs = await healthServer({status: ok(fixture('health-dual-stack.json'))});
    const r = await runCli(['health', '--strict'], {env: {CILIUM_HEALTH_SOCK: hs.path}});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('health-dual-stack.txt'), '1/2 nodes unreachable: kind-kind/kind-control-plane\n', 3]);
  });

  it('--strict exits 0 when every path is reachable or not yet probed', async () => {
    const hs = await healthServer({status: ok(fixture('health-unknown-node.json'))});
    const r = await runCli(['health', '--strict'], {env: {CILIUM_HEALTH_SOCK: hs.path}});
    assert.deepEqual([r.stdout, r.stderr, r.code], [fixture('health-unknown-node.txt'), '', 0]);
  });

  it('--succinct prints the <=1.16 one-line-per-node layout', async () => {
    const hs = await healthServer({status: ok(fixture('health-all-reachable.json'))});
    const r = await runCli(['health', '--succinct'], {env: {CILIUM_HEALTH_SOCK: hs.path}});
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      'Cluster health:                       3/3 reachable   (2026-06-01T10:15:30Z)\n' +
        '  Name                                IP              Node        Endpoints\n' +
        '  kind-kind/kind-worker (localhost)   172.18.0.3      reachable   reachable\n' +
        '  kind-kind/kind-control-plane        172.18.0.2      reachable   reachable\n' +
        '  kind-kind/kind-worker2              172.18.0.4      reachable   reachable\n',
    );
  });

  it('-o json prints the response model; --strict still judges it', async () => {
    const hs = await healthServer({status: ok(fixture('health-icmp-failing.json'))});
    const r = await runCli(['health', '-o', 'json', '--strict'], {env: {CILIUM_HEALTH_SOCK: hs.path}});
    assert.deepEqual(JSON.parse(r.stdout), json('health-icmp-failing.json'));
    assert.ok(r.stdout.startsWith('{\n  "local": {\n    "name": "kind-kind/kind-worker"\n  },\n'));
    assert.equal(r.code, 3);
  });

  it("-o jsonpath='{.nodes[*].name}'", async () => {
    const hs = await healthServer({status: ok(fixture('health-all-reachable.json'))});
    const r = await runCli(['health', '-o', 'jsonpath={.nodes[*].name}'], {env: {CILIUM_HEALTH_SOCK: hs.path}});
    assert.deepEqual([r.stdout, r.code], ['kind-kind/kind-control-plane kind-kind/kind-worker kind-kind/kind-worker2', 0]);
  });

  it('health.sock missing: "Cannot get status:" with the dial error, exit 4', async () => {
    const sock = join(tmpDir(), 'health.sock');
    const r = await runCli(['health'], {env: {CILIUM_HEALTH_SOCK: sock}});
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      `Error: Cannot get status: Get "http://localhost/v1beta/status": dial unix ${sock}: connect: no such file or directory\n` +
        'Hint: start the agent with "axon agent" (it serves health.sock), or point --host / CILIUM_HEALTH_SOCK at it\n',
    );
    assert.equal(r.code, 4);
  });

  it('--probe denied (403 with an error string): "Cannot get status/probe:", exit 5', async () => {
    const hs = await healthServer({probe: {status: 403, body: '"probe denied"'}});
    const r = await runCli(['health', '--probe', '--host', `unix://${hs.path}`]);
    assert.deepEqual([r.stdout, r.stderr, r.code], ['', 'Error: Cannot get status/probe: [PUT /v1beta/status/probe][403] probe denied\n', 5]);
  });
});
