// PolicyStore on real temp directories: validation before any write, persistence across opens,
// revision counting, created/configured/unchanged, rollback of a failed batch, onChange.
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {NotFoundError} from '../../../../src/errors.js';
import {PolicyStore, PolicyValidationError} from '../../../../src/policy/store.js';
import {tmpDir} from '../../../helpers/tmp.js';

const cnp = (name: string, port = '80', namespace?: string) => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: {name, ...(namespace ? {namespace} : {})},
  spec: {endpointSelector: {matchLabels: {app: 'web'}}, ingress: [{toPorts: [{ports: [{port, protocol: 'TCP'}]}]}]},
});
const ccnp = {apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: {name: 'all', namespace: 'ignored'}, spec: {endpointSelector: {}, egress: [{toEntities: ['world']}]}};
const invalid = {apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: {name: 'bad'}, spec: {endpointSelector: {}, ingress: [{toPorts: [{ports: [{port: 80}]}]}]}};

function files(dir: string): string[] {
  return readdirSync(dir).sort();
}

describe('PolicyStore', () => {
  it('applies, persists one file per resource and counts revisions', () => {
    const dir = join(tmpDir(), 'policies');
    const s = PolicyStore.open(dir);
    assert.deepEqual(s.list(), {revision: 1, resources: []});
    const r = s.apply([cnp('a'), ccnp]);
    assert.equal(r.revision, 2);
    assert.deepEqual(r.results, [
      {kind: 'CiliumNetworkPolicy', namespace: 'default', name: 'a', action: 'created'},
      {kind: 'CiliumClusterwideNetworkPolicy', namespace: undefined, name: 'all', action: 'created'},
    ]);
    assert.deepEqual(files(dir), ['CiliumClusterwideNetworkPolicy.-.all.json', 'CiliumNetworkPolicy.default.a.json', 'revision']);
    const stored = JSON.parse(readFileSync(join(dir, 'CiliumClusterwideNetworkPolicy.-.all.json'), 'utf8'));
    assert.equal(stored.metadata.namespace, undefined, 'a CCNP namespace is dropped');

    const again = PolicyStore.open(dir);
    assert.equal(again.list().revision, 2);
    assert.deepEqual(again.list().resources.map((x) => x.metadata.name).sort(), ['a', 'all']);
    assert.deepEqual(again.apply([cnp('a')]), {revision: 2, results: [{kind: 'CiliumNetworkPolicy', namespace: 'default', name: 'a', action: 'unchanged'}]});
    assert.deepEqual(again.apply([cnp('a', '443')]).results.map((x) => x.action), ['configured']);
    assert.equal(again.list().revision, 3);
    assert.equal(again.get('CiliumNetworkPolicy', 'default', 'a')?.kind, 'CiliumNetworkPolicy');
  });

  it('refuses a batch with one invalid resource and writes nothing', () => {
    const dir = join(tmpDir(), 'policies');
    const s = PolicyStore.open(dir);
    s.apply([cnp('keep')]);
    const before = files(dir);
    assert.throws(
      () => s.apply([cnp('new'), invalid]),
      (e: Error) => e instanceof PolicyValidationError && /resources\[1\]: spec\.ingress\[0\]\.toPorts\[0\]\.ports\[0\]\.port: /.test(e.message) && /nothing applied/.test(e.message),
    );
    assert.deepEqual(files(dir), before);
    assert.equal(s.list().revision, 2);
    assert.deepEqual(s.list().resources.map((x) => x.metadata.name), ['keep']);
  });

  it('refuses other kinds', () => {
    const s = PolicyStore.open(join(tmpDir(), 'p'));
    assert.throws(() => s.apply([{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}}]), /resources\[0\]: kind "ConfigMap" is not a policy kind/);
  });

  it('rolls back the batch when a write fails half-way', () => {
    const dir = join(tmpDir(), 'policies');
    const s = PolicyStore.open(dir);
    s.apply([cnp('a')]);
    mkdirSync(join(dir, 'CiliumNetworkPolicy.default.c.json')); // rename onto a directory fails
    assert.throws(() => s.apply([cnp('a', '8080'), cnp('b'), cnp('c')]), /write policy store/);
    assert.equal(s.list().revision, 2);
    assert.deepEqual(s.list().resources.map((x) => x.metadata.name), ['a']);
    assert.equal(existsSync(join(dir, 'CiliumNetworkPolicy.default.b.json')), false);
    const a = JSON.parse(readFileSync(join(dir, 'CiliumNetworkPolicy.default.a.json'), 'utf8'));
    assert.equal(a.spec.ingress[0].toPorts[0].ports[0].port, '80', 'the configured resource is restored');
    assert.ok(!files(dir).some((f) => f.includes('.tmp-')));
  });

  it('deletes by kind/namespace/name and reports a missing one', () => {
    const dir = join(tmpDir(), 'policies');
    const s = PolicyStore.open(dir);
    s.apply([cnp('a', '80', 'prod'), ccnp]);
    assert.deepEqual(s.delete('CiliumNetworkPolicy', 'prod', 'a'), {revision: 3});
    assert.deepEqual(s.delete('CiliumClusterwideNetworkPolicy', undefined, 'all'), {revision: 4});
    assert.deepEqual(files(dir), ['revision']);
    assert.throws(() => s.delete('CiliumNetworkPolicy', 'prod', 'a'), (e: Error) => e instanceof NotFoundError && e.message === 'CiliumNetworkPolicy/prod/a not found');
    assert.throws(() => s.delete('Deployment', 'prod', 'a'), /unknown policy kind/);
  });

  it('calls onChange after each change with the new list', () => {
    const seen: number[] = [];
    const s = PolicyStore.open(join(tmpDir(), 'p'), {onChange: (l) => seen.push(l.revision)});
    s.onChange((l) => seen.push(l.resources.length * 100));
    s.apply([cnp('a')]);
    s.apply([cnp('a')]); // unchanged: no notification
    s.delete('CiliumNetworkPolicy', 'default', 'a');
    assert.deepEqual(seen, [2, 100, 3, 0]);
  });

  it('removes temp files of an interrupted write on open', () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'CiliumNetworkPolicy.default.a.json.tmp-123'), '{');
    PolicyStore.open(dir);
    assert.deepEqual(files(dir), []);
  });

  it('upstreamPolicy: rules with derived labels and scoped selectors', () => {
    const s = PolicyStore.open(join(tmpDir(), 'p'));
    s.apply([cnp('a', '80', 'prod')]);
    const up = s.upstreamPolicy();
    assert.equal(up.revision, 2);
    const rules = JSON.parse(up.policy);
    assert.deepEqual(rules[0].endpointSelector, {matchLabels: {'any:app': 'web', 'k8s:io.kubernetes.pod.namespace': 'prod'}});
    assert.deepEqual(rules[0].labels, [
      {key: 'io.cilium.k8s.policy.derived-from', value: 'CiliumNetworkPolicy', source: 'k8s'},
      {key: 'io.cilium.k8s.policy.name', value: 'a', source: 'k8s'},
      {key: 'io.cilium.k8s.policy.namespace', value: 'prod', source: 'k8s'},
    ]);
  });
});
