// Golden: the seed's python-app table (network-policy.md 14.2) row by row, and the facts of the
// allow-nginx worked example (14.3), traced from the fixture files through the real parser.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parseSources} from '../../../../src/policy/parse/index.js';
import {parseEndpoints} from '../../../../src/policy/trace/endpoints.js';
import {traceFlow, type TraceFlowSpec, type TraceResult} from '../../../../src/policy/trace/index.js';
import {ROOT} from '../../../helpers/cli.js';

const DIR = join(ROOT, 'test/fixtures/policy/trace');
const endpoints = parseEndpoints(readFileSync(join(DIR, 'endpoints.yaml'), 'utf8'), 'endpoints.yaml');

function policies(...files: string[]) {
  const r = parseSources(files.map((f) => ({file: f, text: readFileSync(join(DIR, f), 'utf8')})));
  assert.deepEqual(r.errors, []);
  return r.documents;
}

function trace(files: string[], flow: TraceFlowSpec): TraceResult {
  return traceFlow({policies: policies(...files), endpoints, flow});
}

const API = 'python-app/python-api-app-production';
const TEST = 'test/kienlt-linux-tools';
const DEFAULT = 'default/kienlt-linux-tools';
const get = (path: string, method = 'GET') => ({method, path});

interface Row {
  name: string;
  flow: TraceFlowSpec;
  verdict: 'ALLOWED' | 'DENIED';
  dropReason?: number;
  l7?: string;
  files?: string[];
}

describe('policy trace: seed python-app table (14.2)', () => {
  const rows: Row[] = [
    {name: 'test → GET /employees: ALLOWED (full match of /employees.*)', flow: {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/employees')}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'test → GET /secret: DENIED 403', flow: {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/secret')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'test → GET /: DENIED 403', flow: {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'test → GET /employees/1: ALLOWED', flow: {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/employees/1')}, verdict: 'ALLOWED', l7: 'allowed'},
    {name: 'test → GET /employees/1 with path "/employees": DENIED', files: ['python-app-exact.yaml'], flow: {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/employees/1')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'test → POST /employees: DENIED 403 (method)', flow: {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/employees', 'POST')}, verdict: 'DENIED', l7: 'denied'},
    {name: 'test → port 8080: DENIED, dropped', flow: {from: TEST, to: API, protocol: 'TCP', dport: 8080}, verdict: 'DENIED', dropReason: 133},
    {name: 'default → 5000: DENIED, dropped (L3)', flow: {from: DEFAULT, to: API, protocol: 'TCP', dport: 5000}, verdict: 'DENIED', dropReason: 133},
    {name: 'python-app pod → anywhere: unaffected (no egress section)', flow: {from: API, to: '198.51.100.1', protocol: 'TCP', dport: 443}, verdict: 'ALLOWED'},
    {name: 'python-app pod → default pod: unaffected', flow: {from: API, to: DEFAULT, protocol: 'UDP', dport: 53}, verdict: 'ALLOWED'},
  ];
  for (const row of rows) {
    it(row.name, () => {
      const r = trace(row.files ?? ['python-app.yaml'], row.flow);
      assert.equal(r.verdict, row.verdict, r.steps.map((s) => s.message).join('\n'));
      assert.equal(r.dropReason, row.dropReason);
      assert.equal(r.l7?.result, row.l7);
      if (row.l7 === 'denied') assert.equal(r.l7?.response, '403 Access denied');
    });
  }

  it('names the deciding rule with file:line', () => {
    const r = trace(['python-app.yaml'], {from: TEST, to: API, protocol: 'TCP', dport: 5000, http: get('/employees')});
    assert.equal(r.decidedBy?.resource, 'CiliumNetworkPolicy/python-app/python-app');
    assert.equal(r.decidedBy?.path, 'spec.ingress[0]');
    assert.equal(r.decidedBy?.ruleIndex, 0);
    assert.equal(r.decidedBy?.file, 'python-app.yaml');
    assert.equal(r.decidedBy?.line, 10);
    assert.deepEqual(r.steps.map((s) => [s.stage, s.result]), [['identity', 'info'], ['egress', 'allowed'], ['ingress', 'allowed'], ['l7', 'allowed'], ['reply', 'info']]);
  });

  it('without a request the connection is allowed and the HTTP rules are listed as required', () => {
    const r = trace(['python-app.yaml'], {from: TEST, to: API, protocol: 'TCP', dport: 5000});
    assert.equal(r.verdict, 'ALLOWED');
    assert.equal(r.l7?.result, 'unchecked');
    assert.deepEqual(r.l7?.rules.map((x) => x.l7), [{method: 'GET', path: '/employees.*'}]);
  });

  it('the policy namespace scopes the subject: a pod of namespace test is not selected', () => {
    const r = trace(['python-app.yaml'], {from: DEFAULT, to: TEST, protocol: 'TCP', dport: 5000});
    assert.equal(r.verdict, 'ALLOWED');
    assert.match(r.steps.find((s) => s.stage === 'ingress')!.message, /no policy selects test\/kienlt-linux-tools for ingress/);
  });
});

describe('policy trace: seed allow-nginx facts (14.3)', () => {
  it('1. spec.l7Rules has no effect: any method/path from frontend reaches nginx:80', () => {
    const r = trace(['allow-nginx.yaml'], {from: 'default/frontend', to: 'default/nginx', protocol: 'TCP', dport: 80, http: get('/admin', 'DELETE')});
    assert.equal(r.verdict, 'ALLOWED');
    assert.equal(r.l7, undefined);
  });

  it('2/3. with rules.http under the port rule, /api is allowed and /api/users, /api?x=1 get 403', () => {
    const at = (path: string) => trace(['allow-nginx-fixed.yaml'], {from: 'default/frontend', to: 'default/nginx', protocol: 'TCP', dport: 80, http: get(path)});
    assert.equal((at('/api')).verdict, 'ALLOWED');
    for (const p of ['/api/users', '/api?x=1']) {
      const r = at(p);
      assert.equal(r.verdict, 'DENIED', p);
      assert.equal(r.l7?.response, '403 Access denied');
    }
  });

  it('4. egress default-deny: backend:8080 is reachable, DNS to kube-dns is dropped', () => {
    const ok = trace(['allow-nginx.yaml'], {from: 'default/nginx', to: 'default/backend', protocol: 'TCP', dport: 8080});
    assert.equal(ok.verdict, 'ALLOWED');
    assert.equal(ok.decidedBy?.path, 'spec.egress[0]');
    const dns = trace(['allow-nginx.yaml'], {from: 'default/nginx', to: 'kube-system/coredns', protocol: 'UDP', dport: 53});
    assert.equal(dns.verdict, 'DENIED');
    assert.equal(dns.dropReason, 133);
    assert.equal(dns.steps.find((s) => s.stage === 'egress')?.result, 'denied');
    assert.equal(dns.steps.find((s) => s.stage === 'ingress')?.result, 'skipped');
    const other = trace(['allow-nginx.yaml'], {from: 'default/nginx', to: 'default/backend', protocol: 'TCP', dport: 9090});
    assert.equal(other.verdict, 'DENIED');
  });

  it('5. fromEndpoints gets namespace default added: a frontend of another namespace is dropped', () => {
    const r = trace(['allow-nginx.yaml'], {from: 'other/frontend', to: 'default/nginx', protocol: 'TCP', dport: 80});
    assert.equal(r.verdict, 'DENIED');
    assert.equal(r.dropReason, 133);
  });
});
