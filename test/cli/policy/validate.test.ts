// `axon policy validate` as a process: exit codes, output formats, stdin, and bad input.
import assert from 'node:assert/strict';
import {readFileSync, truncateSync, writeFileSync, mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {ROOT, runCli} from '../../helpers/cli.js';
import {tmpDir} from '../../helpers/tmp.js';

const FIX = join(ROOT, 'test/fixtures/policy/validate');
const fixture = (n: string) => join(FIX, n);

describe('axon policy validate', () => {
  it('the seed allow-nginx CNP: exit 1, the error at spec.l7Rules with where L7 rules belong', async () => {
    const r = await runCli(['policy', 'validate', fixture('allow-nginx.yaml')]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /allow-nginx\.yaml:31:3: error: spec\.l7Rules: unknown field "spec\.l7Rules"\n {4}hint: L7 rules belong inside a port rule: spec\.ingress\[0\]\.toPorts\[0\]\.rules\.http/);
    assert.match(r.stdout, /\n1 policy document: invalid, 1 error, 1 warning, 1 info\n$/);
  });

  it('the seed python-app CNP: exit 0, valid, no warning', async () => {
    const r = await runCli(['policy', 'validate', fixture('python-app.yaml')]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '1 policy document: valid, 0 errors, 0 warnings\n');
  });

  it('-o json prints one object; warnings keep exit 0, --strict makes them fail', async () => {
    const r = await runCli(['policy', 'validate', '-o', 'json', fixture('python-app-exact.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {valid: boolean; errors: unknown[]; warnings: Array<{id: string; path: string; line: number; column: number; message: string}>};
    assert.equal(doc.valid, true);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(doc.warnings.map((w) => [w.id, w.path, w.line, w.column]), [['http-path-exact', 'spec.ingress[0].toPorts[0].rules.http[0].path', 24, 13]]);
    const s = await runCli(['policy', 'validate', '--strict', '--output', 'json', fixture('python-app-exact.yaml')]);
    assert.equal(s.code, 1);
    assert.equal(JSON.parse(s.stdout).valid, false);
  });

  it('- reads stdin', async () => {
    const r = await runCli(['policy', 'validate', '-'], {stdin: readFileSync(fixture('allow-nginx.yaml'))});
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:31:3: error: spec\.l7Rules/m);
  });

  it('several files and a directory; duplicates across files are reported', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'a.yaml'), readFileSync(fixture('python-app.yaml')));
    writeFileSync(join(dir, 'p', 'b.json'), JSON.stringify({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'n', namespace: 'x'}, spec: {podSelector: {}, ingress: [{ports: [{port: 80}]}]}}));
    const r = await runCli(['policy', 'validate', '-o', 'json', join(dir, 'p'), fixture('python-app-exact.yaml')]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {warnings: Array<{id: string; file: string}>};
    assert.deepEqual(doc.warnings.map((w) => w.id).sort(), ['duplicate-resource', 'http-path-exact']);
  });

  it('invalid YAML: exit 1 with file:line:col', async () => {
    const dir = tmpDir();
    const f = join(dir, 'broken.yaml');
    writeFileSync(f, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: x\n spec: [\n');
    const r = await runCli(['policy', 'validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /broken\.yaml:\d+:\d+: error: .+\n {4}hint: fix the YAML\/JSON syntax at this position/);
  });

  it('duplicate keys: exit 1 naming the field', async () => {
    const dir = tmpDir();
    const f = join(dir, 'dup.yaml');
    writeFileSync(f, readFileSync(fixture('python-app.yaml'), 'utf8').replace('spec:\n', 'spec:\n  ingress: []\n'));
    const r = await runCli(['policy', 'validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /dup\.yaml:\d+:3: error: spec\.ingress: duplicate field "spec\.ingress"/);
  });

  it('a 50 MB file: exit 2 with the size and the limit, nothing read', async () => {
    const dir = tmpDir();
    const f = join(dir, 'huge.yaml');
    writeFileSync(f, '');
    truncateSync(f, 50 * 1024 * 1024);
    const r = await runCli(['policy', 'validate', f]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Error: .*huge\.yaml is 50\.0 MiB, more than the 8\.0 MiB limit for policy input\nHint: /);
  });

  it('only a Deployment: exit 1, no policy documents', async () => {
    const dir = tmpDir();
    const f = join(dir, 'deploy.yaml');
    writeFileSync(f, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    const r = await runCli(['policy', 'validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Error: .*deploy\.yaml: no policy documents \(found Deployment\)\nHint: validate checks CiliumNetworkPolicy/);
  });

  it('a wrong kind next to a policy is skipped with a warning', async () => {
    const dir = tmpDir();
    const f = join(dir, 'mixed.yaml');
    writeFileSync(f, `${readFileSync(fixture('python-app.yaml'), 'utf8')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n`);
    const r = await runCli(['policy', 'validate', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /mixed\.yaml:\d+:1: warning\[skipped-non-policy\]: kind: skipped ConfigMap "cfg" \(v1\)/);
  });

  it('a missing file: exit 8', async () => {
    const r = await runCli(['policy', 'validate', '/nonexistent/policy.yaml']);
    assert.equal(r.code, 8);
    assert.match(r.stderr, /^Error: \/nonexistent\/policy\.yaml: no such file\nHint: /);
  });

  it('no FILE: usage error, exit 2', async () => {
    const r = await runCli(['policy', 'validate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Missing 1 required arg/);
  });

  it('a 1,000-document file validates in one run', async function () {
    this.timeout(90_000);
    const dir = tmpDir();
    const f = join(dir, 'many.yaml');
    const one = readFileSync(fixture('python-app.yaml'), 'utf8');
    writeFileSync(f, Array.from({length: 1000}, (_, i) => one.replace('name: "python-app"', `name: "python-app-${i}"`)).join('---\n'));
    const r = await runCli(['policy', 'validate', f], {timeout: 80_000});
    assert.equal(r.code, 0, r.stdout.slice(0, 500));
    assert.equal(r.stdout, '1000 policy documents: valid, 0 errors, 0 warnings\n');
    console.log(`      (1,000 documents: ${r.ms} ms including process start-up)`);
  });

  it('agent-setting flags: --no-l7-proxy rejects L7 rules, --node-selector-labels accepts fromNodes', async () => {
    const l7 = await runCli(['policy', 'validate', '--no-l7-proxy', fixture('python-app.yaml')]);
    assert.equal(l7.code, 1);
    assert.match(l7.stdout, /error: spec\.ingress\[0\]\.toPorts\[0\]\.rules: L7 policy is not supported since L7 proxy is not enabled/);
    const dir = tmpDir();
    const f = join(dir, 'nodes.yaml');
    writeFileSync(f, JSON.stringify({apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'n', namespace: 'd'}, spec: {endpointSelector: {}, ingress: [{fromNodes: [{matchLabels: {zone: 'a'}}]}]}}));
    assert.equal((await runCli(['policy', 'validate', f])).code, 1);
    assert.equal((await runCli(['policy', 'validate', '--node-selector-labels', f])).code, 0);
  });

  it('--help shows examples with the seed policies and the exit codes', async () => {
    const r = await runCli(['policy', 'validate', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /allow-nginx\.yaml/);
    assert.match(r.stdout, /python-app\.yaml/);
    assert.match(r.stdout, /EXIT CODES/);
  });
});
