// Golden printer tests for `policy validate`: human lines and the one JSON object.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {ROOT} from '../../../helpers/cli.js';
import {formatValidateHuman, formatValidateJson, type ValidateOutcome} from '../../../../src/policy/print/validate.js';
import {validateSources} from '../../../../src/policy/validate/index.js';

const outcome = (name: string, strict = false): ValidateOutcome => {
  const {parsed: _p, ...r} = validateSources([{file: name, text: readFileSync(`${ROOT}test/fixtures/policy/validate/${name}`, 'utf8')}]);
  return {...r, strict};
};

const human: Array<{name: string; file: string; strict?: boolean; color?: boolean; want: string}> = [
  {
    name: 'an error with its hint, a warning, an info, the summary',
    file: 'allow-nginx.yaml',
    want: `allow-nginx.yaml:19:3: warning[egress-no-dns]: spec.egress: this policy switches the selected pods to egress default-deny and allows no DNS (UDP/ANY port 53 to a resolver): name resolution fails
    hint: add an egress rule to kube-dns, e.g. toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}] with toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
allow-nginx.yaml:28:7: info[toservices-version]: spec.egress[1].toServices[0]: toServices for services with a selector (and together with toPorts) needs Cilium 1.17+; older agents only handle selectorless services
allow-nginx.yaml:31:3: error: spec.l7Rules: unknown field "spec.l7Rules"
    hint: L7 rules belong inside a port rule: spec.ingress[0].toPorts[0].rules.http (or, for traffic the selected pods send, spec.egress[0].toPorts[0].rules.http); the port entry must say protocol: TCP (rejected by: K8s)
1 policy document: invalid, 1 error, 1 warning, 1 info
`,
  },
  {name: 'valid, nothing to say', file: 'python-app.yaml', want: '1 policy document: valid, 0 errors, 0 warnings\n'},
  {
    name: 'a warning passes without --strict',
    file: 'python-app-exact.yaml',
    want: `python-app-exact.yaml:24:13: warning[http-path-exact]: spec.ingress[0].toPorts[0].rules.http[0].path: HTTP path "/employees" is a full match: /employees/1 and /employees?x=1 are denied
    hint: to allow sub-paths and query strings write "/employees(/.*)?(\\?.*)?" or "/employees.*"
1 policy document: valid, 0 errors, 1 warning
`,
  },
  {
    name: 'a warning fails with --strict',
    file: 'python-app-exact.yaml',
    strict: true,
    want: `python-app-exact.yaml:24:13: warning[http-path-exact]: spec.ingress[0].toPorts[0].rules.http[0].path: HTTP path "/employees" is a full match: /employees/1 and /employees?x=1 are denied
    hint: to allow sub-paths and query strings write "/employees(/.*)?(\\?.*)?" or "/employees.*"
1 policy document: invalid (--strict: warnings fail), 0 errors, 1 warning
`,
  },
  {name: 'colour only when asked', file: 'python-app.yaml', color: true, want: '1 policy document: \u001b[32mvalid\u001b[39m, 0 errors, 0 warnings\n'},
];

describe('policy validate printers', () => {
  for (const c of human) it(`text: ${c.name}`, () => assert.equal(formatValidateHuman(outcome(c.file, c.strict), {color: c.color ?? false}), c.want));

  it('json: one object with valid, errors and warnings in the documented shape', () => {
    const doc = JSON.parse(formatValidateJson(outcome('allow-nginx.yaml'))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ['valid', 'errors', 'warnings', 'infos']);
    assert.equal(doc.valid, false);
    const [e] = doc.errors as Array<Record<string, unknown>>;
    assert.deepEqual({path: e.path, line: e.line, column: e.column, message: e.message, file: e.file, layer: e.layer, rule: e.rule}, {path: 'spec.l7Rules', line: 31, column: 3, message: 'unknown field "spec.l7Rules"', file: 'allow-nginx.yaml', layer: 'K8s', rule: '12.2'});
    const [w] = doc.warnings as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(w).slice(0, 6), ['id', 'file', 'path', 'line', 'column', 'message']);
    assert.equal(w.id, 'egress-no-dns');
  });

  it('json: --strict turns valid false when there are warnings', () => {
    assert.equal(JSON.parse(formatValidateJson(outcome('python-app-exact.yaml'))).valid, true);
    assert.equal(JSON.parse(formatValidateJson(outcome('python-app-exact.yaml', true))).valid, false);
  });

  it('text: terminal control characters from the input are escaped', () => {
    const r = validateSources([{file: 'x.yaml', text: '{"apiVersion":"cilium.io/v2","kind":"CiliumNetworkPolicy","metadata":{"name":"p","namespace":"d"},"spec":{"endpointSelector":{},"ingress":[{}],"bad\\u001b[31m":1}}'}]);
    const out = formatValidateHuman({...r, strict: false}, {color: false});
    assert.ok(!out.includes('\u001b'), out);
    assert.match(out, /bad\^\[\[31m/);
  });
});
