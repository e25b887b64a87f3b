import assert from 'node:assert/strict';
import {agentTarget, healthTarget, parseHost, parseJsonStream} from '../../../src/cilium/client.js';
import {normalizeBoolFlags} from '../../../src/cli/flags-cilium.js';

describe('cilium/client targets', () => {
  const cases: Array<[string, unknown]> = [
    ['unix:///var/run/cilium/cilium.sock', {kind: 'unix', path: '/var/run/cilium/cilium.sock', url: 'unix:///var/run/cilium/cilium.sock'}],
    ['tcp://127.0.0.1:9234', {kind: 'tcp', host: '127.0.0.1', port: 9234, url: 'tcp://127.0.0.1:9234'}],
    ['tcp://[::1]:9234', {kind: 'tcp', host: '::1', port: 9234, url: 'tcp://[::1]:9234'}],
  ];
  for (const [host, want] of cases) it(`parses ${host}`, () => assert.deepEqual(parseHost(host), want));
  for (const bad of ['/var/run/cilium/cilium.sock', 'http://x:1', 'tcp://nohost']) {
    it(`rejects ${bad} with a usage error`, () => assert.throws(() => parseHost(bad), {name: 'UsageError', message: /invalid host format/}));
  }
  it('--host wins, then CILIUM_SOCK / CILIUM_HEALTH_SOCK, then the defaults', () => {
    assert.equal(agentTarget('unix:///x.sock', {CILIUM_SOCK: '/y.sock'}).url, 'unix:///x.sock');
    assert.equal(agentTarget(undefined, {CILIUM_SOCK: '/y.sock'}).url, 'unix:///y.sock');
    assert.equal(agentTarget(undefined, {}).url, 'unix:///var/run/cilium/cilium.sock');
    assert.equal(healthTarget(undefined, {CILIUM_HEALTH_SOCK: '/h.sock'}).url, 'unix:///h.sock');
    assert.equal(healthTarget(undefined, {}).url, 'unix:///var/run/cilium/health.sock');
  });
});

describe('cilium/client JSON streams (StateDB)', () => {
  it('splits concatenated objects, with braces inside strings', () => {
    assert.deepEqual(parseJsonStream('{"a":"}{"}\n{"b":[1,{"c":2}]}\n'), [{a: '}{'}, {b: [1, {c: 2}]}]);
  });
  it('an empty stream is no rows', () => assert.deepEqual(parseJsonStream(' \n'), []));
  it('garbage is a syntax error', () => assert.throws(() => parseJsonStream('<html>'), SyntaxError));
  it('a truncated stream is a syntax error', () => assert.throws(() => parseJsonStream('{"a":1'), SyntaxError));
});

describe('cli/flags-cilium pflag-style booleans', () => {
  const names = {brief: false, 'require-k8s-connectivity': true};
  const cases: Array<[string[], string[]]> = [
    [['--brief=true'], ['--brief']],
    [['--brief=false'], []],
    [['--require-k8s-connectivity=false'], ['--no-require-k8s-connectivity']],
    [['--require-k8s-connectivity=true', '-o', 'json'], ['--require-k8s-connectivity', '-o', 'json']],
    [['--other=false'], ['--other=false']],
    [['--', '--brief=true'], ['--', '--brief=true']],
  ];
  for (const [argv, want] of cases) it(argv.join(' '), () => assert.deepEqual(normalizeBoolFlags(argv, names), want));
});
