// Every lint id of section 15: a document that triggers it and one that does not.
import assert from 'node:assert/strict';
import {LINTS} from '../../../../src/policy/lint/index.js';
import {validateSources} from '../../../../src/policy/validate/index.js';
import {toSource} from '../validate/cases-helpers.js';
import {LINT_CASES} from './lint-cases.js';

describe('policy validate: lints (section 15)', () => {
  it('every lint of the catalogue has a triggering and a clean case', () => {
    assert.deepEqual(LINTS.filter((l) => !LINT_CASES.some((c) => c.id === l.id)).map((l) => l.id), []);
    assert.deepEqual(LINT_CASES.filter((c) => !LINTS.some((l) => l.id === c.id)).map((c) => c.id), []);
  });

  it('lint ids are unique and kebab-case', () => {
    assert.equal(new Set(LINTS.map((l) => l.id)).size, LINTS.length);
    for (const l of LINTS) assert.match(l.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const c of LINT_CASES) {
    const severity = LINTS.find((l) => l.id === c.id)?.severity;
    describe(`${c.id}: ${c.name}`, () => {
      it(`reports it (${severity})`, () => {
        const r = validateSources([toSource(c.bad)]);
        assert.deepEqual(r.errors.map((e) => e.message), [], 'the triggering case must be valid');
        const hits = [...r.warnings, ...r.infos].filter((d) => d.id === c.id);
        assert.ok(hits.length > 0, `expected ${c.id}, got ${JSON.stringify([...r.warnings, ...r.infos].map((d) => d.id))}`);
        for (const h of hits) assert.equal(h.severity, severity);
      });
      it('does not report it for the clean case', () => {
        const r = validateSources([toSource(c.good)]);
        assert.deepEqual(r.errors.map((e) => e.message), []);
        const hits = [...r.warnings, ...r.infos].filter((d) => d.id === c.id);
        assert.deepEqual(hits.map((h) => `${h.path}: ${h.message}`), []);
      });
    });
  }

  it('element-level lints skip elements with errors; resource-level lints still see them', () => {
    // The element with the bad port would trigger http-path-exact, but it failed validation;
    // egress-no-dns (R) still counts the failed element's peer... which is not a resolver.
    const doc = {apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'p', namespace: 'd'}, spec: {endpointSelector: {}, egress: [{toEndpoints: [{}], toPorts: [{ports: [{port: 80, protocol: 'TCP'}], rules: {http: [{path: '/exact'}]}}]}]}};
    const r = validateSources([toSource(doc)]);
    assert.ok(r.errors.some((e) => e.rule === '12.3'));
    assert.ok(!r.warnings.some((w) => w.id === 'http-path-exact'));
    assert.ok(r.warnings.some((w) => w.id === 'egress-no-dns'));
  });
});
