// Parsing: multi-document YAML/JSON with positions, wrappers, duplicates, syntax errors; reading input.
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {parseSources, readSources} from '../../../../src/policy/parse/index.js';
import {tmpDir} from '../../../helpers/tmp.js';

const CNP = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: a
  namespace: ns
spec:
  endpointSelector: {}
  ingress:
  - toPorts:
    - ports:
      - port: "80"
`;

describe('policy parse', () => {
  it('reads several documents, ignores empty ones and keeps their index', () => {
    const r = parseSources([{file: 'f.yaml', text: `---\n${CNP}---\n---\n# only a comment\n---\n${CNP.replace('name: a', 'name: b')}`}]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.documents.map((d) => [d.name, d.namespace, d.kind, d.apiVersion, d.index]), [
      ['a', 'ns', 'CiliumNetworkPolicy', 'cilium.io/v2', 0],
      ['b', 'ns', 'CiliumNetworkPolicy', 'cilium.io/v2', 3],
    ]);
  });

  const positions: Array<[string, Array<string | number>, number, number]> = [
    ['a map key', ['metadata', 'name'], 4, 3],
    ['a nested list item key', ['spec', 'ingress', 0, 'toPorts', 0, 'ports', 0, 'port'], 11, 9],
    ['a list item', ['spec', 'ingress', 0], 9, 5],
    ['a missing key: its parent', ['spec', 'l7Rules'], 6, 1],
    ['the document', [], 1, 1],
  ];
  for (const [name, path, line, column] of positions) {
    it(`positions ${name}`, () => {
      const [d] = parseSources([{file: 'f.yaml', text: CNP}]).documents;
      assert.deepEqual(d.position(path), {line, column});
    });
  }

  it('parses JSON and unwraps List items with positions inside the list', () => {
    const text = JSON.stringify({apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'n'}, spec: {podSelector: {}}}]}, null, 2);
    const r = parseSources([{file: 'l.json', text}]);
    assert.equal(r.documents.length, 1);
    assert.equal(r.documents[0].item, 0);
    assert.equal(r.documents[0].kind, 'NetworkPolicy');
    assert.deepEqual(r.documents[0].position(['metadata', 'name']), {line: 9, column: 9});
  });

  it('unwraps CiliumNetworkPolicyList', () => {
    const r = parseSources([{file: 'l.yaml', text: `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicyList\nitems:\n- ${CNP.trim().replaceAll('\n', '\n  ')}\n`}]);
    assert.deepEqual(r.errors, []);
    assert.equal(r.documents[0].name, 'a');
    assert.deepEqual(r.documents[0].position(['spec']), {line: 9, column: 3});
  });

  it('rejects duplicate keys with the path and the position of the second one', () => {
    const r = parseSources([{file: 'd.yaml', text: CNP.replace('  namespace: ns\n', '  namespace: ns\n  name: again\n')}]);
    assert.equal(r.documents.length, 0);
    assert.equal(r.errors.length, 1);
    assert.deepEqual({path: r.errors[0].path, line: r.errors[0].line, column: r.errors[0].column, message: r.errors[0].message}, {path: 'metadata.name', line: 6, column: 3, message: 'duplicate field "metadata.name"'});
  });

  it('reports invalid YAML with its position and keeps the other documents', () => {
    const r = parseSources([{file: 'bad.yaml', text: `${CNP}---\nkind: [unclosed\n`}]);
    assert.equal(r.documents.length, 1);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].file, 'bad.yaml');
    assert.ok(r.errors[0].line >= 13, `line ${r.errors[0].line}`);
    assert.match(r.errors[0].message, /flow sequence|\]/i);
  });

  it('reports a document that is not an object', () => {
    const r = parseSources([{file: 's.yaml', text: '- a\n- b\n'}]);
    assert.match(r.errors[0].message, /not an object \(found a list\)/);
  });

  it('skips documents of other kinds but keeps misspelt policies for validation', () => {
    const r = parseSources([{file: 'k.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicies\nmetadata: {name: x}\n---\nmetadata: {name: nokind}\n'}]);
    assert.deepEqual(r.skipped.map((d) => d.kind), ['Deployment']);
    assert.deepEqual(r.documents.map((d) => d.kind), ['CiliumNetworkPolicies', '']);
  });
});

describe('policy readSources', () => {
  it('reads files, directories (sorted, policy extensions only) and stdin', async () => {
    const dir = tmpDir();
    mkdirSync(join(dir, 'p'));
    writeFileSync(join(dir, 'p', 'b.yaml'), 'b');
    writeFileSync(join(dir, 'p', 'a.json'), 'a');
    writeFileSync(join(dir, 'p', 'notes.txt'), 'x');
    const got = await readSources([join(dir, 'p'), '-'], {stdin: Readable.from([Buffer.from('\uFEFFstdin')])});
    assert.deepEqual(got.map((s) => [s.file.replace(dir, ''), s.text]), [['/p/a.json', 'a'], ['/p/b.yaml', 'b'], ['<stdin>', 'stdin']]);
  });

  it('fails clearly on a missing file, a device, a huge file, huge stdin and binary data', async () => {
    const dir = tmpDir();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, Buffer.alloc(2048, 'a'));
    const bin = join(dir, 'bin.yaml');
    writeFileSync(bin, Buffer.from([0xff, 0xfe, 0x00, 0x80]));
    await assert.rejects(readSources([join(dir, 'nope.yaml')]), {name: 'NotFoundError', message: /nope\.yaml: no such file/});
    await assert.rejects(readSources(['/dev/null']), {name: 'UsageError', message: /not a regular file/});
    await assert.rejects(readSources([big], {maxBytes: 1024}), {name: 'UsageError', message: /big\.yaml is 0\.0 MiB, more than the 0\.0 MiB limit/});
    await assert.rejects(readSources(['-'], {maxBytes: 1024, stdin: Readable.from([Buffer.alloc(600), Buffer.alloc(600)])}), {name: 'UsageError', message: /<stdin> exceeds the/});
    await assert.rejects(readSources([bin]), {name: 'UsageError', message: /not UTF-8 text/});
  });
});
