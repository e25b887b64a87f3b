// Pure parts of the agent: IPAM, identities, labels, endpoint references, Go durations, logfmt,
// the StatusResponse builder (brief semantics), policy-enabled, CNI config parsing, DNS wire.
import assert from 'node:assert/strict';
import {Controller, goDuration} from '../../../src/agent/controllers.js';
import {EndpointManager, normalizeLabel, securityLabels, type EndpointChange} from '../../../src/agent/endpoints.js';
import {IdentityAllocator} from '../../../src/agent/identity.js';
import {Ipam, IpamExhaustedError, parseCidr} from '../../../src/agent/ipam.js';
import {createLogger, formatLogLine} from '../../../src/agent/log.js';
import {policyEnabled} from '../../../src/agent/policy-enabled.js';
import {buildStatus} from '../../../src/agent/status-builder.js';
import {parseCniArgs, parseConfig} from '../../../src/cni/config.js';
import {CniError} from '../../../src/cni/errors.js';
import {hostIfName} from '../../../src/cni/link.js';
import {encodeAnswer, encodeQuery, parseAnswerIps, parseQuery} from '../../../src/demo/dns-wire.js';

const quiet = createLogger(() => {});

describe('agent model (unit)', () => {
  describe('goDuration', () => {
    for (const [ms, want] of [[0, '0s'], [500, '500ms'], [10_000, '10s'], [60_000, '1m0s'], [3_600_000, '1h0m0s'], [90_500, '1m30.5s']] as const)
      it(`${ms} ms → ${want}`, () => assert.equal(goDuration(ms), want));
  });

  describe('pod CIDR parsing', () => {
    const cases: Array<[string, string | RegExp]> = [
      ['10.200.0.0/16', '10.200.0.0/16'],
      ['10.252.1.252/30', '10.252.1.252/30'],
      ['10.200.0.1/16', /host bits are set/],
      ['10.200.0.0/31', /prefix length must be 8\.\.30/],
      ['banana', /want a\.b\.c\.d\/len/],
      ['300.1.1.0/24', /invalid IPv4 address/],
    ];
    for (const [text, want] of cases)
      it(text, () => (typeof want === 'string' ? assert.equal(parseCidr(text).text, want) : assert.throws(() => parseCidr(text), want)));
  });

  it('IPAM: router first, pods next, exhaustion, release, restore', () => {
    const ipam = new Ipam('10.252.0.0/29');
    assert.equal(ipam.router, '10.252.0.1');
    assert.equal(ipam.capacity, 6);
    const got = [1, 2, 3, 4, 5].map((i) => ipam.allocateNext(`ns/p${i}`));
    assert.deepEqual(got, ['10.252.0.2', '10.252.0.3', '10.252.0.4', '10.252.0.5', '10.252.0.6']);
    assert.throws(() => ipam.allocateNext('ns/late'), IpamExhaustedError);
    assert.equal(ipam.release('10.252.0.4'), true);
    assert.equal(ipam.release('10.252.0.1'), false, 'the router is never released');
    assert.equal(ipam.allocateNext('ns/again'), '10.252.0.4');
    const restored = new Ipam('10.252.0.0/29', ipam.toJSON());
    assert.deepEqual(restored.allocations(), ipam.allocations());
    assert.equal(restored.contains('10.252.0.7'), false, 'broadcast');
    assert.equal(restored.contains('10.252.0.0'), false, 'network');
  });

  it('identities: one per label set, lowest free >= 256, reserved names, gc', () => {
    const ids = new IdentityAllocator();
    const a = ids.allocate(['k8s:app=a', 'k8s:io.kubernetes.pod.namespace=test']);
    const a2 = ids.allocate(['k8s:io.kubernetes.pod.namespace=test', 'k8s:app=a', 'k8s:app=a']);
    const b = ids.allocate(['k8s:app=b']);
    assert.equal(a.id, 256);
    assert.equal(a2.id, 256);
    assert.equal(b.id, 257);
    assert.deepEqual(ids.get(1), {id: 1, labels: ['reserved:host']});
    assert.deepEqual(ids.get(2), {id: 2, labels: ['reserved:world']});
    ids.gc(new Set([257]));
    assert.equal(ids.get(256), undefined);
    assert.equal(ids.allocate(['k8s:app=c']).id, 256);
    assert.deepEqual(new IdentityAllocator(ids.list()).list(), ids.list());
  });

  describe('labels', () => {
    for (const [l, want] of [['app=x', 'k8s:app=x'], ['k8s:app=x', 'k8s:app=x'], ['container:a=b', 'container:a=b'], ['url=http://x', 'k8s:url=http://x'], ['reserved:host', 'reserved:host']])
      it(`${l} → ${want}`, () => assert.equal(normalizeLabel(l), want));
    it('security labels add namespace and cluster, and cannot be spoofed', () =>
      assert.deepEqual(securityLabels(['app=x', 'io.kubernetes.pod.namespace=kube-system'], 'test'), ['k8s:app=x', 'k8s:io.cilium.k8s.policy.cluster=default', 'k8s:io.kubernetes.pod.namespace=test']));
  });

  it('endpoint references resolve as Cilium ids do; duplicates are refused', () => {
    const m = new EndpointManager(new IdentityAllocator());
    const ch: EndpointChange = {containerId: 'abc123', containerIfName: 'eth0', hostIfName: 'lxc0', hostIfIndex: 7, mac: '', hostMac: '', ipv4: '10.0.0.2', namespace: 'test', podName: 'web', labels: []};
    const ep = m.create(ch);
    for (const ref of ['1', 'cilium-local:1', 'container-id:abc123', 'cni-attachment-id:abc123:eth0', 'pod-name:test:web', 'pod-name:test/web']) assert.equal(m.find(ref)?.id, ep.id, ref);
    assert.equal(m.find('pod-name:test:other'), undefined);
    assert.throws(() => m.create({...ch, hostIfName: 'lxc1', ipv4: '10.0.0.3'}), /already exists for container abc123/);
  });

  it('logfmt lines quote what needs quoting', () => {
    const line = formatLogLine(new Date(0), 'info', 'Endpoint created', {endpointID: 3, pod: 'test/web', reason: 'deleted via API', empty: '', skip: undefined});
    assert.equal(line, 'time=1970-01-01T00:00:00.000Z level=info msg="Endpoint created" endpointID=3 pod=test/web reason="deleted via API" empty=""');
  });

  it('StatusResponse: brief has only cilium and cluster (plus the first failing controller)', async () => {
    const ok = new Controller('a', 1000, async () => {}, quiet);
    const bad = new Controller('b', 1000, async () => {
      throw new Error('boom');
    }, quiet);
    await ok.runOnce();
    await bad.runOnce();
    const inputs = {version: '0.1.0', self: 'default/n', controllers: [ok, bad], ipam: new Ipam('10.252.0.0/24'), healthOk: true};
    const brief = buildStatus(inputs, true);
    assert.deepEqual(Object.keys(brief), ['cilium', 'cluster', 'controllers']);
    assert.equal(brief.controllers![0].name, 'b');
    assert.equal(brief.controllers![0].status!['last-failure-msg'], 'boom');
    const full = buildStatus(inputs, false);
    assert.equal(full.cilium!.state, 'Ok');
    assert.equal(full['attach-mode'], undefined, 'no datapath, no attach mode');
    assert.equal(full.ipam!.status, 'IPv4: 1/254 allocated from 10.252.0.0/24, ');
    assert.deepEqual(full.controllers![0].status, {'last-failure-timestamp': '0001-01-01T00:00:00.000Z', 'last-success-timestamp': full.controllers![0].status!['last-success-timestamp'], 'success-count': 1});
    const fresh = buildStatus({...inputs, controllers: [new Controller('c', 1000, async () => {}, quiet)]}, false);
    assert.deepEqual(fresh.cilium, {msg: 'Not all probes executed at least once', state: 'Warning'});
  });

  describe('policy-enabled', () => {
    const labels = ['k8s:app=api', 'k8s:io.kubernetes.pod.namespace=python-app', 'k8s:io.cilium.k8s.policy.cluster=default'];
    const cnp = (ns: string, spec: object) => ({kind: 'CiliumNetworkPolicy', metadata: {name: 'p', namespace: ns}, spec});
    const cases: Array<[string, unknown[], string]> = [
      ['no policies', [], 'none'],
      ['CNP ingress in its namespace', [cnp('python-app', {endpointSelector: {}, ingress: [{}]})], 'ingress'],
      ['CNP in another namespace', [cnp('test', {endpointSelector: {}, ingress: [{}]})], 'none'],
      ['CNP ingress + egress', [cnp('python-app', {endpointSelector: {matchLabels: {app: 'api'}}, ingress: [{}], egress: [{}]})], 'both'],
      ['CNP selecting other pods', [cnp('python-app', {endpointSelector: {matchLabels: {app: 'db'}}, ingress: [{}]})], 'none'],
      ['CCNP egressDeny', [{kind: 'CiliumClusterwideNetworkPolicy', metadata: {name: 'c'}, spec: {endpointSelector: {}, egressDeny: [{}]}}], 'egress'],
      ['NetworkPolicy default types', [{kind: 'NetworkPolicy', metadata: {name: 'n', namespace: 'python-app'}, spec: {podSelector: {}}}], 'ingress'],
      ['NetworkPolicy Egress only', [{kind: 'NetworkPolicy', metadata: {name: 'n', namespace: 'python-app'}, spec: {podSelector: {}, policyTypes: ['Egress']}}], 'egress'],
    ];
    for (const [name, resources, want] of cases) it(name, () => assert.equal(policyEnabled(resources, labels), want));
  });

  describe('CNI config', () => {
    const cases: Array<[string, string, number]> = [
      ['not JSON', '{', 6],
      ['an array', '[]', 6],
      ['no cniVersion', '{"name":"n","type":"t"}', 7],
      ['unknown version', '{"cniVersion":"0.2.0","name":"n","type":"t"}', 1],
      ['no type', '{"cniVersion":"1.0.0","name":"n"}', 7],
      ['labels not strings', '{"cniVersion":"1.0.0","name":"n","type":"t","labels":{"a":1}}', 7],
    ];
    for (const [name, text, code] of cases)
      it(`rejects ${name} with code ${code}`, () => assert.throws(() => parseConfig(text), (e: CniError) => e instanceof CniError && e.code === code));
    it('reads the socket key and labels in both forms', () => {
      assert.deepEqual(parseConfig('{"cniVersion":"1.0.0","name":"n","type":"t","agent-socket":"/x.sock","labels":{"app":"a"}}').labels, ['app=a']);
      assert.equal(parseConfig('{"cniVersion":"1.0.0","name":"n","type":"t","agent-socket":"/x.sock"}').socket, '/x.sock');
      assert.equal(parseConfig('{"cniVersion":"1.0.0","name":"n","type":"t","labels":["app=b"]}').socket, '/var/run/cilium/cilium.sock');
    });
    it('parses CNI_ARGS', () => assert.deepEqual(parseCniArgs('IgnoreUnknown=1;K8S_POD_NAMESPACE=test;K8S_POD_NAME=a=b'), {IgnoreUnknown: '1', K8S_POD_NAMESPACE: 'test', K8S_POD_NAME: 'a=b'}));
    it('names host interfaces like Cilium (lxc + 11 hex)', () => assert.match(hostIfName('abc', 'eth0'), /^lxc[0-9a-f]{11}$/));
  });

  it('DNS wire: a query round-trips into an A answer and NXDOMAIN', () => {
    const q = parseQuery(encodeQuery(4242, 'Python-API.example.svc'))!;
    assert.deepEqual({id: q.id, name: q.name, type: q.type}, {id: 4242, name: 'python-api.example.svc', type: 1});
    assert.deepEqual(parseAnswerIps(encodeAnswer(q, ['10.0.0.3', '10.0.0.4'])), {rcode: 0, ips: ['10.0.0.3', '10.0.0.4']});
    assert.deepEqual(parseAnswerIps(encodeAnswer(q, undefined)), {rcode: 3, ips: []});
    assert.equal(parseQuery(Buffer.alloc(5)), undefined);
  });
});
