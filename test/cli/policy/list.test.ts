// `axon policy apply --agent | list | delete` against the real `axon agent` (its PolicyStore in
// a temp state dir): validation before any write, persistence, revision, GET /v1/policy.
import assert from 'node:assert/strict';
import {readdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {startAgent} from '../../helpers/agent.js';
import {runCli, ROOT} from '../../helpers/cli.js';
import {tmpDir} from '../../helpers/tmp.js';

const FX = join(ROOT, 'test/fixtures/policy/trace');
const PYTHON_APP = join(FX, 'python-app.yaml');

describe('axon policy apply --agent, list, delete', function () {
  this.timeout(90_000);

  it('applies, lists, serves GET /v1/policy, deletes', async () => {
    const agent = await startAgent();
    const env = agent.env;
    const ccnp = join(tmpDir(), 'ccnp.yaml');
    writeFileSync(ccnp, 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: lockdown\nspec:\n  endpointSelector: {}\n  egress:\n  - toEntities: [cluster]\n  - toEndpoints:\n    - matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}\n    toPorts:\n    - ports: [{port: "53", protocol: ANY}]\n');

    const empty = await runCli(['policy', 'list'], {env});
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, 'No policies applied (revision 1).\n');

    const a = await runCli(['policy', 'apply', '--agent', PYTHON_APP, ccnp], {env});
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, 'ciliumnetworkpolicy.cilium.io/python-app created\nciliumclusterwidenetworkpolicy.cilium.io/lockdown created\nagent policy revision 2\n');
    assert.deepEqual(readdirSync(join(agent.stateDir, 'policies')).sort(), ['CiliumClusterwideNetworkPolicy.-.lockdown.json', 'CiliumNetworkPolicy.python-app.python-app.json', 'revision']);

    const dry = await runCli(['policy', 'apply', '--agent', '--dry-run=client', PYTHON_APP], {env});
    assert.equal(dry.stdout, 'ciliumnetworkpolicy.cilium.io/python-app configured (client dry run)\n');
    const again = await runCli(['policy', 'apply', '--agent', PYTHON_APP, '-o', 'json'], {env});
    assert.deepEqual(JSON.parse(again.stdout), {target: 'agent', revision: 2, items: [{kind: 'CiliumNetworkPolicy', namespace: 'python-app', name: 'python-app', action: 'unchanged'}]});

    const l = await runCli(['policy', 'list'], {env});
    assert.equal(l.stdout, 'KIND                             NAMESPACE    NAME         RULES\nCiliumClusterwideNetworkPolicy   -            lockdown     2\nCiliumNetworkPolicy              python-app   python-app   1\nRevision: 2\n');
    const lj = JSON.parse((await runCli(['policy', 'list', '-o', 'json'], {env})).stdout);
    assert.equal(lj.revision, 2);
    assert.deepEqual(lj.resources.map((r: {metadata: {name: string}}) => r.metadata.name).sort(), ['lockdown', 'python-app']);

    const {CiliumClient} = await import('../../../src/cilium/client.js');
    const c = CiliumClient.agent(`unix://${agent.ciliumSock}`);
    try {
      const up = await c.get<{policy: string; revision: number}>('/v1/policy');
      assert.equal(up.revision, 2);
      assert.ok(JSON.parse(up.policy).some((r: {labels: Array<{key: string; value: string}>}) => r.labels.some((x) => x.key === 'io.cilium.k8s.policy.name' && x.value === 'python-app')));
    } finally {
      c.close();
    }

    const d = await runCli(['policy', 'delete', 'cnp/python-app/python-app'], {env});
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout, 'ciliumnetworkpolicy.cilium.io/python-app deleted\nagent policy revision 3\n');
    const d2 = await runCli(['policy', 'delete', 'ccnp/lockdown'], {env});
    assert.equal(d2.code, 0, d2.stderr);
    const missing = await runCli(['policy', 'delete', 'cnp/python-app/python-app'], {env});
    assert.equal(missing.code, 8);
    assert.match(missing.stderr, /Error: CiliumNetworkPolicy\/python-app\/python-app not found on the agent\nHint: list the applied policies with "axon policy list"/);
    assert.equal((await runCli(['policy', 'list'], {env})).stdout, 'No policies applied (revision 4).\n');
  });

  it('refuses invalid input before anything reaches the agent', async () => {
    const agent = await startAgent();
    const r = await runCli(['policy', 'apply', '--agent', PYTHON_APP, join(FX, 'allow-nginx.yaml')], {env: agent.env});
    assert.equal(r.code, 1);
    assert.match(r.stderr, /invalid policy input, nothing applied:[\s\S]*spec.l7Rules: unknown field "spec.l7Rules"/);
    assert.deepEqual(readdirSync(join(agent.stateDir, 'policies')), []);
    assert.equal((await runCli(['policy', 'list'], {env: agent.env})).stdout, 'No policies applied (revision 1).\n');
  });

  const usage: Array<[string, string[], number, RegExp]> = [
    ['a bad delete target', ['policy', 'delete', 'cnp/only-name'], 2, /cnp\/only-name: expected cnp\/NAMESPACE\/NAME/],
    ['an unknown kind', ['policy', 'delete', 'deployment/a/b'], 2, /unknown policy kind "deployment"/],
    ['--dry-run=server with --agent', ['policy', 'apply', '--agent', '--dry-run=server', PYTHON_APP], 2, /--dry-run=server needs a Kubernetes target/],
    ['an unreachable agent (list)', ['policy', 'list'], 4, /dial unix \/nonexistent\/cilium.sock: connect: no such file or directory/],
    ['an unreachable agent (apply)', ['policy', 'apply', '--agent', PYTHON_APP], 4, /Hint: start the agent with "axon agent"/],
  ];
  for (const [name, args, code, err] of usage) {
    it(`${name} → exit ${code}`, async () => {
      const r = await runCli(args, {env: {CILIUM_SOCK: '/nonexistent/cilium.sock'}});
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, err);
    });
  }
});
