import assert from 'node:assert/strict';
import {detailsFromFlags, formatBrief, formatStatus, NO_DETAILS, type StatusDetails, type StatusExtras} from '../../../src/cilium/print/status.js';
import type {StatusResponse} from '../../../src/cilium/types.js';
import {health, modules, status, text} from './fixtures.js';

const NOW = Date.parse('2026-06-01T10:16:00Z');

interface Case {
  name: string;
  sr: StatusResponse;
  details: StatusDetails;
  extras: StatusExtras;
  want: string;
}

const cases: Case[] = [
  {
    name: 'healthy Kubernetes node with kube-proxy replacement (3.4)',
    sr: status('status-kpr-full.json'),
    details: NO_DETAILS,
    extras: {clusterHealth: health('health-all-reachable.json'), modules: modules('statedb-health-12ok.jsonl')},
    want: text('status-kpr.txt'),
  },
  {
    name: 'plain Linux host without Kubernetes or health probe (3.4)',
    sr: status('status-standalone.json'),
    details: NO_DETAILS,
    extras: {},
    want: text('status-standalone.txt'),
  },
  {
    name: 'kvstore failure stops after Encryption (3.4)',
    sr: status('status-kvstore-failure.json'),
    details: NO_DETAILS,
    extras: {clusterHealth: health('health-all-reachable.json'), modules: []},
    want: text('status-kvstore-failure.txt'),
  },
  {
    name: 'cluster health 1/3 reachable with WireGuard (3.4)',
    sr: status('status-wireguard.json'),
    details: NO_DETAILS,
    extras: {clusterHealth: health('health-cluster-partial.json'), modules: modules('statedb-health-12ok.jsonl')},
    want: text('status-cluster-partial.txt'),
  },
  {
    name: '--verbose (3.4)',
    sr: status('status-verbose.json'),
    details: detailsFromFlags({verbose: true}),
    extras: {clusterHealth: health('health-all-reachable.json'), modules: []},
    want: text('status-verbose.txt'),
  },
];

describe('cilium/print/status (cilium-dbg status text)', () => {
  for (const c of cases) it(c.name, () => assert.equal(formatStatus(c.sr, c.details, c.extras, NOW), c.want));
});

const briefCases: Array<{name: string; sr: StatusResponse; want: string}> = [
  {name: 'healthy', sr: status('status-kpr-full.json'), want: 'OK\n'},
  {
    name: 'brief body with kvstore failure folded into cilium',
    sr: {cilium: status('status-kvstore-failure.json').cilium, cluster: {ciliumHealth: {state: 'Ok'}, nodes: null}},
    want: 'error in cilium: 1.19.4 (v1.19.4-5c3e9e2b)    Kvstore service is not ready: Err: quorum check failed 8 times in a row: 4m28.446600949s since last heartbeat update has been received\n',
  },
  {
    name: 'full body names kvstore first',
    sr: status('status-kvstore-failure.json'),
    want: 'error in kvstore: Err: quorum check failed 8 times in a row: 4m28.446600949s since last heartbeat update has been received\n',
  },
  {
    name: 'failing controller',
    sr: {
      cilium: {state: 'Ok', msg: '1.19.4'},
      controllers: [{name: 'endpoint-2471-regeneration-recovery', status: {'last-failure-msg': 'regeneration of endpoint 2471 failed: context deadline exceeded'}}],
    },
    want: 'error in controller endpoint-2471-regeneration-recovery: regeneration of endpoint 2471 failed: context deadline exceeded\n',
  },
  {name: 'wire text is made terminal-safe', sr: {cilium: {state: 'Failure', msg: 'bad\x1b[31m\r'}}, want: 'error in cilium: bad^[[31m\\r\n'},
  {name: 'cilium-health warning', sr: {cilium: {state: 'Ok'}, cluster: {ciliumHealth: {state: 'Warning', msg: 'probe stale'}}}, want: 'error in cilium-health: probe stale\n'},
];

describe('cilium/print/status terminal safety', () => {
  it('ESC and CR from the agent are escaped in the text output', () => {
    const out = formatStatus({cilium: {state: 'Ok', msg: 'v\x1b]0;pwned\x07\r'}}, NO_DETAILS, {}, NOW);
    assert.ok(out.includes('Cilium:                  Ok   v^[]0;pwned\x07\\r\n'), JSON.stringify(out));
    assert.ok(!out.includes('\x1b'));
  });
});

describe('cilium/print/status --brief', () => {
  for (const c of briefCases) it(c.name, () => assert.equal(formatBrief(c.sr), c.want));
});
