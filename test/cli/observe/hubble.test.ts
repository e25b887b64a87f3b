// `axon hubble status` and `axon hubble list nodes|namespaces` against the real Observer server.
import assert from 'node:assert/strict';
import {runCli} from '../../helpers/cli.js';
import {startHubble} from '../../helpers/hubble.js';
import {tmpDir} from '../../helpers/tmp.js';

describe('axon hubble status / list (CLI against a real Observer server)', function () {
  this.timeout(30_000);

  it('status: health check then the server status (compact, json)', async () => {
    const h = await startHubble({capacity: 100});
    for (let i = 0; i < 30; i++) h.push({verdict: 1, source: {namespace: i % 2 ? 'shop' : 'kube-system', podName: `p${i}`}});
    const r = await runCli(['hubble', 'status'], {env: h.env});
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], `Healthcheck (via ${h.address}): Ok`);
    assert.equal(lines[1], 'Current/Max Flows: 30/100 (30.00%)');
    assert.match(lines[2], /^Flows\/s: \d+\.\d\d$/);
    const j = await runCli(['hubble', 'status', '-o', 'json'], {env: h.env});
    const doc = JSON.parse(j.stdout);
    assert.equal(doc.num_flows, '30');
    assert.equal(doc.max_flows, '100');
    assert.equal(doc.version, 'axon-test v0.1.0');
  });

  it('list nodes and namespaces', async () => {
    const h = await startHubble({nodeName: 'node-a'});
    h.push({source: {namespace: 'shop', podName: 'a'}, destination: {namespace: 'kube-system', podName: 'dns'}});
    const n = await runCli(['hubble', 'list', 'nodes'], {env: h.env});
    assert.equal(n.code, 0, n.stderr);
    assert.match(n.stdout, /^NAME {3,}STATUS {3,}AGE {3,}FLOWS\/S {3,}CURRENT\/MAX-FLOWS\nnode-a {3,}Connected {3,}/);
    const ns = await runCli(['hubble', 'list', 'namespaces'], {env: h.env});
    assert.equal(ns.stdout, 'NAMESPACE\nkube-system\nshop\n');
  });

  it('unreachable server: exit 4 with the address', async () => {
    const sock = `${tmpDir()}/none.sock`;
    const r = await runCli(['hubble', 'status', '--server', `unix://${sock}`]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, new RegExp(`cannot reach Hubble at unix://${sock}`));
  });
});
