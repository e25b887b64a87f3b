// Every validation rule of sections 12 and 13.2: a document that breaks it and one that does not.
import assert from 'node:assert/strict';
import {RULES, validateSources} from '../../../../src/policy/validate/index.js';
import {toSource} from './cases-helpers.js';
import {RULE_CASES} from './rule-cases.js';

describe('policy validate: rules (sections 12, 13.2)', () => {
  it('every rule of the catalogue has a failing and a passing case', () => {
    const missing = RULES.filter((r) => !RULE_CASES.some((c) => c.id === r.id)).map((r) => r.id);
    assert.deepEqual(missing, []);
    const unknown = RULE_CASES.filter((c) => !RULES.some((r) => r.id === c.id)).map((c) => c.id);
    assert.deepEqual(unknown, []);
  });

  for (const c of RULE_CASES) {
    describe(`${c.id} ${c.name}`, () => {
      it('fails', () => {
        const r = validateSources([toSource(c.bad)], {agent: c.agentBad});
        assert.equal(r.valid, false);
        const hit = r.errors.filter((e) => e.rule === c.id);
        assert.ok(hit.length > 0, `expected rule ${c.id}, got ${JSON.stringify(r.errors.map((e) => [e.rule, e.path, e.message]))}`);
        for (const e of hit) {
          assert.ok(e.line >= 1 && e.column >= 1);
          assert.ok(e.message.length > 0 && e.layer);
        }
      });
      it('passes', () => {
        const r = validateSources([toSource(c.good)], {agent: c.agentGood});
        assert.deepEqual(r.errors.map((e) => `${e.rule} ${e.path}: ${e.message}`), []);
        assert.equal(r.valid, true);
      });
    });
  }
});
