import assert from 'node:assert/strict';
import {evalJsonPath} from '../../../src/cilium/print/jsonpath.js';
import {goJson, parseOutput, renderOutput, statusModel} from '../../../src/cilium/print/output.js';
import type {StatusResponse} from '../../../src/cilium/types.js';
import {status} from './fixtures.js';

describe('cilium/print/output (-o json|yaml|jsonpath)', () => {
  it('json: 2-space indent, Go escaping of <, >, &', () => {
    assert.equal(goJson({msg: 'a<b>&c'}), '{\n  "msg": "a\\u003cb\\u003e\\u0026c"\n}');
  });

  it('status -o json: known keys only, model (alphabetical) order, DateTimes with milliseconds, extra empty line', async () => {
    const sr = {
      zzz: 1,
      cilium: {state: 'Ok', msg: 'v'},
      'attach-mode': 'tcx',
      controllers: [{status: {'success-count': 1, 'last-success-timestamp': '2026-06-01T10:15:02Z'}, name: 'x'}],
      stale: {probe: '2026-06-01T10:15:02.5Z'},
    } as unknown as StatusResponse;
    const out = await renderOutput({kind: 'json'}, statusModel(sr), {trailingEmptyLine: true});
    assert.equal(
      out,
      '{\n  "attach-mode": "tcx",\n  "cilium": {\n    "msg": "v",\n    "state": "Ok"\n  },\n  "controllers": [\n    {\n      "name": "x",\n      "status": {\n' +
        '        "last-success-timestamp": "2026-06-01T10:15:02.000Z",\n        "success-count": 1\n      }\n    }\n  ],\n' +
        '  "stale": {\n    "probe": "2026-06-01T10:15:02.500Z"\n  }\n}\n\n',
    );
  });

  it('status model of the reference response keeps every key in agent order', () => {
    const sr = status('status-kpr.json');
    assert.deepEqual(Object.keys(statusModel(sr)), Object.keys(sr));
    assert.deepEqual(statusModel(sr), sr);
  });

  it('yaml: sorted keys, sequences not indented', async () => {
    assert.equal(await renderOutput({kind: 'yaml'}, {b: [1, 2], a: {y: 'x'}}), 'a:\n  y: x\nb:\n- 1\n- 2\n');
  });

  const parse: Array<[string, unknown]> = [
    ['json', {kind: 'json'}],
    ['yaml', {kind: 'yaml'}],
    ['jsonpath={.cilium.state}', {kind: 'jsonpath', template: '{.cilium.state}'}],
    ["jsonpath='{.a}'", {kind: 'jsonpath', template: '{.a}'}],
  ];
  for (const [v, want] of parse) it(`parses -o ${v}`, () => assert.deepEqual(parseOutput(v), want));
  it('rejects an unknown -o value with a usage error', () => assert.throws(() => parseOutput('table'), {name: 'UsageError', message: /unknown output format "table"/}));
});

describe('cilium/print/jsonpath', () => {
  const doc = {
    cilium: {state: 'Ok', msg: 'v1'},
    controllers: [
      {name: 'a', status: {'consecutive-failure-count': 0}},
      {name: 'b', status: {'consecutive-failure-count': 2, 'last-failure-msg': 'boom'}},
    ],
    ipam: {allocations: {'10.0.0.1': 'router'}},
  };
  const cases: Array<[string, string]> = [
    ['{.cilium.state}', 'Ok'],
    ['state={.cilium.state}\n', 'state=Ok\n'],
    ['{.missing.key}', ''],
    ['{.controllers[*].name}', 'a b'],
    ['{.controllers[1].name}', 'b'],
    ['{.controllers[-1].name}', 'b'],
    ['{.controllers[0:1].name}', 'a'],
    ["{.ipam.allocations['10.0.0.1']}", 'router'],
    ['{..last-failure-msg}', 'boom'],
    ['{.controllers[?(@.name=="b")].status.last-failure-msg}', 'boom'],
    ['{range .controllers[*]}{.name}{"\\t"}{.status.consecutive-failure-count}{"\\n"}{end}', 'a\t0\nb\t2\n'],
    ['{.cilium}', '{"state":"Ok","msg":"v1"}'],
    ['{$.controllers[0].status.consecutive-failure-count}', '0'],
  ];
  for (const [t, want] of cases) it(t, () => assert.equal(evalJsonPath(t, doc), want));
  it('an unclosed action is a usage error', () => assert.throws(() => evalJsonPath('{.a', doc), {name: 'UsageError'}));
  it('range without end is a usage error', () => assert.throws(() => evalJsonPath('{range .controllers[*]}{.name}', doc), {name: 'UsageError'}));
});
