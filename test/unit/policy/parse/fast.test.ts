// The fast manifest reader must agree with the yaml package on everything it accepts, and
// decline (undefined) whatever it does not fully understand.
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import {parse, stringify} from 'yaml';
import {fastDocument, splitDocuments} from '../../../../src/policy/parse/fast.js';
import {parseSources} from '../../../../src/policy/parse/index.js';
import {ROOT} from '../../../helpers/cli.js';
import {LINT_CASES} from '../lint/lint-cases.js';
import {RULE_CASES} from '../validate/rule-cases.js';

const agrees: Array<[string, string]> = [
  ['comments and quotes', '# head\na: 1 # one\nb: "x # not a comment"\nc: \'it\'\'s\'\nd: a#b\n'],
  ['core schema scalars', 'a: ~\nb: null\nc: true\nd: False\ne: 0o17\nf: 0x1F\ng: 1.5e3\nh: .inf\ni: -.inf\nj: yes\nk: 012\nl: -1\nm: -x\nn: 1.\no: +3\n'],
  ['cilium keys and regexes', 'spec:\n  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: test\n  path: /employees.*\n  method: GET|POST\n  host: http://a.b:80\n'],
  ['lists at the same indent and nested', 'a:\n- x\n-   y\n- k: 1\n  l:\n  - 2\n-\n  m: 3\nb:\n  - {a: 1, b: [x, "y"], c: {}}\n  - []\n'],
  ['flow details', 'a: [a, b,]\nb: {"q": 1, \'r\': two}\nc: [ 1 , 2 ]\nd: {x: }\n'],
  ['quoted keys and escapes', '"a b": 1\n\'c\': 2\nd: "tab\\tnew\\nline \\u00e9 \\"q\\""\n'],
  ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n'],
];
const declines: Array<[string, string]> = [
  ['anchors', 'a: &x 1\nb: *x\n'],
  ['tags', 'a: !!str 1\n'],
  ['block scalars', 'a: |\n  text\n'],
  ['multi-line plain scalars', 'a: one\n  two\n'],
  ['nested compact mapping', 'a: b: c\n'],
  ['duplicate keys', 'a: 1\na: 2\n'],
  ['tabs in indentation', 'a:\n\tb: 1\n'],
  ['compact nested list', 'a:\n- - x\n'],
  ['multi-line flow', 'a: [1,\n  2]\n'],
  ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
  ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
  ['a top-level list', '- a\n'],
];

describe('policy parse: fast manifest reader', () => {
  for (const [name, text] of agrees) {
    it(`agrees with yaml: ${name}`, () => assert.deepEqual(fastDocument(text), parse(text)));
  }
  for (const [name, text] of declines) {
    it(`declines ${name}`, () => assert.equal(fastDocument(text), undefined));
  }

  it('agrees with yaml on every table case and fixture, and reads nearly all of them itself', () => {
    const docs = [...RULE_CASES, ...LINT_CASES].flatMap((c) => [c.bad, c.good].flat());
    const texts = [...docs.map((d) => stringify(d)), ...readdirSync(`${ROOT}test/fixtures/policy/validate`).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`${ROOT}test/fixtures/policy/validate/${f}`, 'utf8'))];
    let fast = 0;
    for (const t of texts) {
      const v = fastDocument(t);
      if (v === undefined) continue;
      fast++;
      assert.deepEqual(v, parse(t), t);
    }
    assert.ok(fast / texts.length > 0.95, `fast path read ${fast} of ${texts.length}`);
  });

  it('records the same positions as the yaml parser for every key and list item', () => {
    const texts = [...readdirSync(`${ROOT}test/fixtures/policy/validate`).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`${ROOT}test/fixtures/policy/validate/${f}`, 'utf8')), ...RULE_CASES.slice(0, 40).map((c) => stringify(c.bad))];
    texts.push('a:\n  b: {c: [1, {d: 2}], e: x}\n  f:\n  - - 1\n' /* declined: both sides use yaml */, 'metadata:\n  labels: {app: web, "x y": z}\nlist:\n-   k: 1\n    l: [a, b]\n-\n  m: 2\n');
    let compared = 0;
    for (const t of texts) {
      const fast = parseSources([{file: 'f', text: t}]);
      const slow = parseSources([{file: 'f', text: `${t}zzz-force-yaml: &a 1\n`}]);
      const all = [...fast.documents, ...fast.skipped];
      const ref = [...slow.documents, ...slow.skipped];
      if (all.length === 0) continue;
      const paths: Array<Array<string | number>> = [];
      const walk = (v: unknown, p: Array<string | number>): void => {
        paths.push(p);
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
      };
      walk(all[0].value, []);
      paths.push(['spec', 'no-such-field'], ['metadata', 'name', 'deeper']);
      for (const p of paths) {
        assert.deepEqual(all[0].position(p), ref[0].position(p), `${JSON.stringify(p)} in\n${t}`);
        compared++;
      }
    }
    assert.ok(compared > 500, `compared ${compared}`);
  });

  it('splits CRLF files at "---" and reads each document on the fast path', () => {
    const text = 'a: 1\r\n---\r\nb: [x]\r\n--- # two\r\nc: "y"\r\n';
    const docs = splitDocuments(text) ?? [];
    assert.deepEqual(docs.map((d) => fastDocument(d.text)), [{a: 1}, {b: ['x']}, {c: 'y'}]);
  });

  it('a document it declines still parses (through yaml) with the right line numbers', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: &n b\nspec:\n  description: |\n    text\n';
    const r = parseSources([{file: 'f', text}]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.documents[0].name, 'b');
    assert.deepEqual(r.documents[0].position(['spec', 'description']), {line: 10, column: 3});
    assert.deepEqual(r.skipped[0].position(['metadata', 'name']), {line: 3, column: 12});
  });
});
