// `axon policy trace` as a process: the seed's python-app table (14.2) row by row from files,
// the human output, the live agent's policies and endpoints, and bad input.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {runCli, ROOT} from '../../helpers/cli.js';
import {addPod, startAgent} from '../../helpers/agent.js';

const FX = join(ROOT, 'test/fixtures/policy/trace');
const files = (policy = 'python-app.yaml') => ['--policies', join(FX, policy), '--endpoints', join(FX, 'endpoints.yaml')];
const API = 'python-app/python-api-app-production';
const TEST = 'test/kienlt-linux-tools';

describe('axon policy trace', () => {
  const rows: Array<{req: string; args: string[]; verdict: string; dropReason?: number; l7?: string; policy?: string}> = [
    {req: 'test → GET /employees', args: ['--from', TEST, '--dport', '5000', '--http-method', 'GET', '--http-path', '/employees'], verdict: 'ALLOWED', l7: 'allowed'},
    {req: 'test → GET /secret', args: ['--from', TEST, '--dport', '5000', '--http-method', 'GET', '--http-path', '/secret'], verdict: 'DENIED', l7: 'denied'},
    {req: 'test → GET /', args: ['--from', TEST, '--dport', '5000', '--http-method', 'GET', '--http-path', '/'], verdict: 'DENIED', l7: 'denied'},
    {req: 'test → GET /employees/1', args: ['--from', TEST, '--dport', '5000', '--http-method', 'GET', '--http-path', '/employees/1'], verdict: 'ALLOWED', l7: 'allowed'},
    {req: 'test → GET /employees/1 (path "/employees")', policy: 'python-app-exact.yaml', args: ['--from', TEST, '--dport', '5000', '--http-method', 'GET', '--http-path', '/employees/1'], verdict: 'DENIED', l7: 'denied'},
    {req: 'test → POST /employees', args: ['--from', TEST, '--dport', '5000', '--http-method', 'POST', '--http-path', '/employees'], verdict: 'DENIED', l7: 'denied'},
    {req: 'test → port 8080', args: ['--from', TEST, '--dport', '8080'], verdict: 'DENIED', dropReason: 133},
    {req: 'default → 5000', args: ['--from', 'default/kienlt-linux-tools', '--dport', '5000'], verdict: 'DENIED', dropReason: 133},
  ];
  for (const row of rows) {
    it(`14.2: ${row.req} → ${row.verdict}`, async () => {
      const r = await runCli(['policy', 'trace', ...files(row.policy), '--to', API, '--protocol', 'TCP', ...row.args, '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.verdict, row.verdict);
      assert.equal(doc.dropReason, row.dropReason);
      assert.equal(doc.l7?.result, row.l7);
      assert.ok(Array.isArray(doc.steps) && doc.steps.length >= 3);
      if (row.verdict === 'DENIED' && !row.dropReason) assert.equal(doc.l7.response, '403 Access denied');
    });
  }

  it('14.2: python-app pods → anywhere are unaffected', async () => {
    const r = await runCli(['policy', 'trace', ...files(), '--from', API, '--to', '198.51.100.1', '--dport', '443', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.verdict, 'ALLOWED');
    assert.deepEqual(doc.steps.map((s: {stage: string; result: string}) => `${s.stage}:${s.result}`), ['identity:info', 'egress:allowed', 'ingress:skipped', 'reply:info']);
  });

  it('prints each step and the deciding rule with file:line', async () => {
    const r = await runCli(['policy', 'trace', ...files(), '--from', TEST, '--to', API, '--dport', '5000', '--http-method', 'POST', '--http-path', '/employees']);
    assert.equal(r.code, 0, r.stderr);
    const f = join(FX, 'python-app.yaml');
    const want = [
      `Flow:        ${TEST} → ${API} 5000/TCP POST /employees`,
      `Source:      ${TEST} 10.0.2.10`,
      '             k8s:app=linux-tools k8s:io.kubernetes.pod.namespace=test k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=test k8s:io.cilium.k8s.policy.cluster=default',
      `Destination: ${API} 10.0.1.5`,
      '             k8s:app=python-api-app k8s:io.kubernetes.pod.namespace=python-app k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=python-app k8s:io.cilium.k8s.policy.cluster=default',
      '',
      ` 1. egress  allowed  no policy selects ${TEST} for egress: egress is allowed`,
      ` 2. ingress allowed  allowed at L3/L4 by CiliumNetworkPolicy/python-app/python-app spec.ingress[0] (${f}:10)`,
      '             selected by: CiliumNetworkPolicy/python-app/python-app spec; default-deny on',
      ` 3. l7      denied   HTTP POST /employees matches no HTTP rule (method POST does not fully match "GET"): the proxy answers 403 "Access denied"`,
      '',
      'Verdict:     DENIED (L7 HTTP: 403 Access denied)',
      `Decided by:  CiliumNetworkPolicy/python-app/python-app spec.ingress[0] (${f}:10)`,
      '',
    ].join('\n');
    assert.equal(r.stdout, want);
    assert.equal(r.stderr, '', 'a valid policy gives no warning');
  });

  it('uses the live agent\'s policies and endpoints without --policies/--endpoints', async function () {
    this.timeout(90_000);
    const agent = await startAgent();
    await addPod(agent, {namespace: 'test', name: 'client', labels: {app: 'client'}});
    const api = await addPod(agent, {namespace: 'python-app', name: 'api', labels: {app: 'api'}});
    const applied = await runCli(['policy', 'apply', '--agent', join(FX, 'python-app.yaml')], {env: agent.env});
    assert.equal(applied.code, 0, applied.stderr);
    const trace = (path: string) => runCli(['policy', 'trace', '--from', 'test/client', '--to', api.ip, '--dport', '5000', '--http-path', path, '-o', 'json'], {env: agent.env});
    const ok = await trace('/employees');
    assert.equal(ok.code, 0, ok.stderr);
    const doc = JSON.parse(ok.stdout);
    assert.equal(doc.verdict, 'ALLOWED');
    assert.equal(doc.destination.name, 'python-app/api');
    assert.ok(doc.destination.labels.includes('k8s:app=api'), doc.destination.labels.join(' '));
    assert.equal(doc.decidedBy.resource, 'CiliumNetworkPolicy/python-app/python-app');
    assert.equal(JSON.parse((await trace('/secret')).stdout).verdict, 'DENIED');
    const fromDefault = await runCli(['policy', 'trace', '--from', 'python-app/api', '--to', 'test/client', '--dport', '80', '-o', 'json'], {env: agent.env});
    assert.equal(JSON.parse(fromDefault.stdout).verdict, 'ALLOWED');
  });

  it('traces an invalid file as written and warns on stderr (the seed\'s allow-nginx)', async () => {
    const r = await runCli(['policy', 'trace', ...files('allow-nginx.yaml'), '--from', 'default/frontend', '--to', 'default/nginx', '--dport', '80', '--http-method', 'DELETE', '--http-path', '/admin', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).verdict, 'ALLOWED');
    assert.match(r.stderr, /^Warning: .*allow-nginx.yaml:31:3: spec.l7Rules: unknown field "spec.l7Rules"\nHint: traced as written/);
  });

  const bad: Array<{name: string; args: string[]; code: number; err: RegExp}> = [
    {name: 'an unknown endpoint', args: [...files(), '--from', 'nope/x', '--to', API, '--dport', '80'], code: 2, err: /Error: --from nope\/x: no such endpoint\nHint: known endpoints: test\/kienlt-linux-tools/},
    {name: 'ICMP without --icmp-type', args: [...files(), '--from', TEST, '--to', API, '--protocol', 'ICMP'], code: 2, err: /--protocol ICMP needs --icmp-type/},
    {name: 'TCP without --dport', args: [...files(), '--from', TEST, '--to', API], code: 2, err: /--protocol TCP needs --dport/},
    {name: 'HTTP flags on UDP', args: [...files(), '--from', TEST, '--to', API, '--protocol', 'UDP', '--dport', '53', '--http-path', '/'], code: 2, err: /--http-\* flags need --protocol TCP/},
    {name: 'a missing policy file', args: ['--policies', '/nonexistent.yaml', '--endpoints', join(FX, 'endpoints.yaml'), '--from', TEST, '--to', API, '--dport', '80'], code: 8, err: /\/nonexistent.yaml: no such file/},
    {name: 'an unreachable agent', args: ['--from', TEST, '--to', API, '--dport', '80'], code: 4, err: /dial unix \/nonexistent\/cilium.sock/},
  ];
  for (const b of bad) {
    it(`bad input: ${b.name} → exit ${b.code}`, async () => {
      const r = await runCli(['policy', 'trace', ...b.args], {env: {CILIUM_SOCK: '/nonexistent/cilium.sock'}});
      assert.equal(r.code, b.code, r.stderr);
      assert.match(r.stderr, b.err);
      assert.equal(r.stdout, '');
    });
  }
});
