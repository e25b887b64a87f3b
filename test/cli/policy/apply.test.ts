// `axon policy apply` through the REAL @kubernetes/client-node against an API-subset server on
// localhost (test/helpers/kube-apiserver.ts) with a kubeconfig in a temp dir, and bad input:
// invalid files, an unreachable cluster, a missing CRD, 403/409/422 — with nothing written.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {runCli, ROOT} from '../../helpers/cli.js';
import {startFakeKube, type FakeKube} from '../../helpers/kube-apiserver.js';
import {tmpDir} from '../../helpers/tmp.js';

const FX = join(ROOT, 'test/fixtures/policy/trace');
const PYTHON_APP = join(FX, 'python-app.yaml');
const CNP_PATH = '/apis/cilium.io/v2/namespaces/python-app/ciliumnetworkpolicies/python-app';

function policyFile(docs: string[]): string {
  const f = join(tmpDir(), 'policies.yaml');
  writeFileSync(f, docs.join('\n---\n'));
  return f;
}
const cnp = (name: string, ns?: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  endpointSelector: {}\n  ingress:\n  - fromEndpoints:\n    - {}\n`;
const netpol = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

async function apply(kube: FakeKube, args: string[], kubeconfig = kube.kubeconfig()) {
  return runCli(['policy', 'apply', ...args], {env: {KUBECONFIG: kubeconfig}, timeout: 45_000});
}

// Each run loads @kubernetes/client-node (seconds on a loaded machine): generous timeouts.
describe('axon policy apply (Kubernetes)', function () {
  this.timeout(90_000);
  it('checks the CRD, dry-runs, applies with SSA + fieldValidation=Strict and prints Valid', async () => {
    const kube = await startFakeKube();
    const r = await apply(kube, [PYTHON_APP]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'ciliumnetworkpolicy.cilium.io/python-app created\nciliumnetworkpolicy.cilium.io/python-app Valid=True: Policy validation succeeded\n');
    const seq = kube.requests.map((q) => `${q.method} ${q.path}${q.query.get('dryRun') ? ' dry' : ''}`);
    assert.deepEqual(seq.slice(0, 4), [
      'GET /apis/apiextensions.k8s.io/v1/customresourcedefinitions/ciliumnetworkpolicies.cilium.io',
      `GET ${CNP_PATH}`,
      `PATCH ${CNP_PATH} dry`,
      `PATCH ${CNP_PATH}`,
    ]);
    const [w] = kube.writes();
    assert.equal(w.headers['content-type'], 'application/apply-patch+yaml');
    assert.equal(w.query.get('fieldValidation'), 'Strict');
    assert.equal(w.query.get('fieldManager'), 'axon');
    assert.equal(w.headers.authorization, 'Bearer test-token');
    const sent = JSON.parse(w.body);
    assert.equal(sent.kind, 'CiliumNetworkPolicy');
    assert.deepEqual(sent.spec.ingress[0].toPorts[0].rules.http, [{method: 'GET', path: '/employees.*'}]);

    const again = await apply(kube, [PYTHON_APP, '--timeout', '0s']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'ciliumnetworkpolicy.cilium.io/python-app unchanged\n');
  });

  it('takes the namespace from the context, -n, or --context', async () => {
    const kube = await startFakeKube();
    const f = policyFile([cnp('a'), netpol]);
    assert.equal((await apply(kube, [f, '--timeout', '0s'])).code, 0);
    assert.ok(kube.objects.has('ciliumnetworkpolicies/team-a/a'));
    assert.ok(kube.objects.has('networkpolicies/team-a/deny-all'));
    assert.equal((await apply(kube, [f, '-n', 'prod', '--timeout', '0s'])).code, 0);
    assert.ok(kube.objects.has('ciliumnetworkpolicies/prod/a'));
    assert.equal((await apply(kube, [f, '--context', 'other', '--timeout', '0s'])).code, 0);
    assert.ok(kube.objects.has('networkpolicies/default/deny-all'));
    const np = kube.writes().find((q) => q.path.startsWith('/apis/networking.k8s.io/'));
    assert.equal(np?.query.get('fieldValidation'), 'Strict');
    const mismatch = await apply(kube, [policyFile([cnp('b', 'x')]), '-n', 'y']);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /the namespace of the object does not match -n y/);
  });

  it('--dry-run=server writes nothing; --dry-run=client sends no PATCH', async () => {
    const kube = await startFakeKube();
    const s = await apply(kube, [PYTHON_APP, '--dry-run=server']);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.stdout, 'ciliumnetworkpolicy.cilium.io/python-app created (server dry run)\n');
    assert.ok(kube.requests.some((q) => q.method === 'PATCH' && q.query.get('dryRun') === 'All'));
    const c = await apply(kube, [PYTHON_APP, '--dry-run=client', '-o', 'json']);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(JSON.parse(c.stdout).items[0].dryRun, 'client');
    assert.deepEqual(kube.writes(), []);
    assert.equal(kube.objects.size, 0);
  });

  it('falls back to API discovery when CRDs may not be read', async () => {
    const kube = await startFakeKube({crdReadForbidden: true});
    const r = await apply(kube, [PYTHON_APP, '--timeout', '0s']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(kube.requests.some((q) => q.path === '/apis/cilium.io/v2'));
    assert.equal(kube.writes().length, 1);
  });

  it('Valid=False from the operator exits 1 with its message', async () => {
    const kube = await startFakeKube({valid: {status: 'False', message: 'Invalid CiliumNetworkPolicy spec: rule must have at least one of Ingress'}});
    const r = await apply(kube, [PYTHON_APP]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /python-app Valid=False: Invalid CiliumNetworkPolicy spec/);
    assert.match(r.stderr, /Error: cilium-operator marked ciliumnetworkpolicy.cilium.io\/python-app Valid=False/);
  });

  it('no Valid condition within --timeout: Valid=Unknown, exit 0', async () => {
    const kube = await startFakeKube({valid: 'none'});
    const r = await apply(kube, [PYTHON_APP, '--timeout', '1s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /python-app Valid=Unknown: no Valid condition after 1s/);
  });
});

describe('axon policy apply: bad input, nothing applied', function () {
  this.timeout(60_000);
  const refused: Array<{name: string; file: () => string; code: number; err: RegExp}> = [
    {name: 'the seed\'s allow-nginx (spec.l7Rules)', file: () => join(FX, 'allow-nginx.yaml'), code: 1, err: /invalid policy input, nothing applied:\n[\s\S]*allow-nginx.yaml:\d+:\d+: error: spec.l7Rules: /},
    {name: 'a document of another kind', file: () => policyFile([cnp('ok'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n']), code: 1, err: /nothing applied[\s\S]*ConfigMap[\s\S]*Hint: apply takes CiliumNetworkPolicy/},
    {name: 'invalid YAML', file: () => policyFile(['kind: [']), code: 1, err: /nothing applied/},
  ];
  for (const c of refused) {
    it(`${c.name} → exit ${c.code}, no request`, async () => {
      const kube = await startFakeKube();
      const r = await apply(kube, [c.file()]);
      assert.equal(r.code, c.code, r.stderr);
      assert.match(r.stderr, c.err);
      assert.deepEqual(kube.requests, []);
    });
  }

  it('an unreachable cluster → exit 4', async () => {
    const kube = await startFakeKube();
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as {port: number}).port;
        s.close(() => resolve(p));
      });
    });
    const r = await apply(kube, [PYTHON_APP], kube.kubeconfig({server: `http://127.0.0.1:${port}`}));
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, new RegExp(`Error: check CRD ciliumnetworkpolicies.cilium.io: cannot reach the Kubernetes API server at http://127.0.0.1:${port} \\(context dev\\): ECONNREFUSED`));
    assert.match(r.stderr, /Hint: check that the cluster is running/);
  });

  it('a missing CRD → exit 8, no write', async () => {
    const kube = await startFakeKube({crds: []});
    const r = await apply(kube, [PYTHON_APP]);
    assert.equal(r.code, 8, r.stderr);
    assert.match(r.stderr, /Error: the CiliumNetworkPolicy CRD \(ciliumnetworkpolicies.cilium.io\) is not installed in the cluster of context dev\nHint: install Cilium/);
    assert.ok(!kube.requests.some((q) => q.method === 'PATCH'));
  });

  const failing: Array<{status: 403 | 409 | 422; code: number; err: RegExp}> = [
    {status: 403, code: 5, err: /Error: apply ciliumnetworkpolicy.cilium.io\/b \(server dry run\): forbidden \(403\): .*cannot patch resource "ciliumnetworkpolicies"[\s\S]*Hint: your user may not apply ciliumnetworkpolicies in namespace team-a; check with "kubectl auth can-i patch ciliumnetworkpolicies -n team-a"/},
    {status: 409, code: 1, err: /conflict \(409\): Apply failed with 1 conflict[\s\S]*--force-conflicts/},
    {status: 422, code: 1, err: /rejected by the API server \(422\): CiliumNetworkPolicy.cilium.io "b" is invalid/},
  ];
  for (const f of failing) {
    it(`${f.status} on the second object → exit ${f.code}, the first is not written either`, async () => {
      const kube = await startFakeKube({fail: {b: f.status}});
      const r = await apply(kube, [policyFile([cnp('a'), cnp('b')])]);
      assert.equal(r.code, f.code, r.stderr);
      assert.match(r.stderr, f.err);
      assert.equal(r.stdout, '');
      assert.deepEqual(kube.writes(), []);
      assert.equal(kube.objects.size, 0);
    });
  }

  it('no kubeconfig → exit 8; unknown --context → exit 2', async () => {
    const kube = await startFakeKube();
    const none = await runCli(['policy', 'apply', PYTHON_APP], {env: {HOME: tmpDir()}});
    assert.equal(none.code, 8, none.stderr);
    assert.match(none.stderr, /no kubeconfig: KUBECONFIG is not set and ~\/.kube\/config does not exist\nHint: pass --kubeconfig FILE, or apply to the local agent with --agent/);
    const ctx = await apply(kube, [PYTHON_APP, '--context', 'nope']);
    assert.equal(ctx.code, 2);
    assert.match(ctx.stderr, /--context nope: no such context in the kubeconfig\nHint: contexts: dev, other/);
    assert.deepEqual(kube.requests, []);
  });
});
