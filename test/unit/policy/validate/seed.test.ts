// Golden tests for the seed write-up's two CiliumNetworkPolicies (network-policy.md 14.2, 14.3).
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {ROOT} from '../../../helpers/cli.js';
import {validateSources} from '../../../../src/policy/validate/index.js';

const FIX = 'test/fixtures/policy/validate/';
const load = (name: string) => ({file: name, text: readFileSync(`${ROOT}${FIX}${name}`, 'utf8')});

describe('policy validate: the seed policies', () => {
  it('allow-nginx is invalid at spec.l7Rules and the hint says where L7 rules belong', () => {
    const r = validateSources([load('allow-nginx.yaml')]);
    assert.equal(r.valid, false);
    assert.deepEqual(
      r.errors.map((e) => ({path: e.path, line: e.line, column: e.column, message: e.message, layer: e.layer, rule: e.rule})),
      [{path: 'spec.l7Rules', line: 31, column: 3, message: 'unknown field "spec.l7Rules"', layer: 'K8s', rule: '12.2'}],
    );
    assert.match(r.errors[0].hint ?? '', /L7 rules belong inside a port rule: spec\.ingress\[0\]\.toPorts\[0\]\.rules\.http .*spec\.egress\[0\]\.toPorts\[0\]\.rules\.http.*protocol: TCP/);
    // 14.3 point 4: the egress section switches nginx to egress default-deny without DNS.
    assert.deepEqual(r.warnings.map((w) => [w.id, w.path]), [['egress-no-dns', 'spec.egress']]);
  });

  it('python-app is valid with no warning', () => {
    const r = validateSources([load('python-app.yaml')]);
    assert.equal(r.valid, true);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.infos, []);
  });

  it('python-app with path "/employees" is valid with the http-path-exact warning', () => {
    const r = validateSources([load('python-app-exact.yaml')]);
    assert.equal(r.valid, true);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings.map((w) => ({id: w.id, path: w.path, line: w.line, column: w.column})), [
      {id: 'http-path-exact', path: 'spec.ingress[0].toPorts[0].rules.http[0].path', line: 24, column: 13},
    ]);
    assert.match(r.warnings[0].message, /\/employees\/1/);
  });
});
