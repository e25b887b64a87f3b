import assert from 'node:assert/strict';
import {formatGoDuration, parseGoDuration, timeSince} from '../../../src/cilium/print/go.js';
import {formatHealth, healthTable, unreachableNodes, type HealthPrintOptions} from '../../../src/cilium/print/health.js';
import type {HealthStatusResponse, NodeStatus} from '../../../src/cilium/types.js';
import {formatTabwriter, STATUS_TABWRITER} from '../../../src/render/tabwriter.js';
import {health, text} from './fixtures.js';

describe('cilium/print/health (cilium-health status text)', () => {
  const cases: Array<{name: string; hr: HealthStatusResponse; verbose?: boolean; succinct?: boolean; want: string}> = [
    {name: 'all reachable (4.3)', hr: health('health-all-reachable.json'), want: text('health-all-reachable.txt')},
    {name: 'ICMP to one node failing (4.3)', hr: health('health-icmp-failing.json'), want: text('health-icmp-failing.txt')},
    {name: 'ICMP to one node failing, --verbose (4.3)', hr: health('health-icmp-failing.json'), verbose: true, want: text('health-icmp-failing-verbose.txt')},
    {name: 'not yet probed node counts as unknown (4.3)', hr: health('health-unknown-node.json'), want: text('health-unknown-node.txt')},
    {name: 'dual stack with a failing IPv6 host path (4.3)', hr: health('health-dual-stack.json'), want: text('health-dual-stack.txt')},
    {
      name: '--succinct (the <=1.16 layout)',
      hr: health('health-icmp-failing.json'),
      succinct: true,
      want:
        'Cluster health:                       2/3 reachable   (2026-06-01T10:15:30Z)\n' +
        '  Name                                IP              Node          Endpoints\n' +
        '  kind-kind/kind-worker (localhost)   172.18.0.3      reachable     reachable\n' +
        '  kind-kind/kind-control-plane        172.18.0.2      reachable     reachable\n' +
        '  kind-kind/kind-worker2              172.18.0.4      unreachable   reachable\n',
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(formatHealth(c.hr, {verbose: Boolean(c.verbose), succinct: c.succinct}), c.want));
});

const probe = {lastProbed: '2023-04-01T12:00:00Z', latency: 1000};
const okPath = (ip: string) => ({ip, icmp: probe, http: probe});
const badPath = (ip: string) => ({ip, icmp: {status: 'failed'}, http: {status: 'failed'}});
const node = (name: string, ok: boolean, i: number): NodeStatus => {
  const p = ok ? okPath(`192.168.1.${i}`) : badPath(`192.168.1.${i}`);
  return {name, host: {'primary-address': p}, 'health-endpoint': {'primary-address': ok ? okPath(`10.0.0.${i}`) : badPath(`10.0.0.${i}`)}};
};

describe('cilium/print/health table rules (upstream golden data, 4.2)', () => {
  const cases: Array<{name: string; hr: HealthStatusResponse; o: HealthPrintOptions; want: string}> = [
    {
      name: '4 healthy nodes, not all nodes: header only',
      hr: {local: {name: 'local'}, timestamp: '2023-04-01T12:00:00Z', probeInterval: '1m14s', nodes: [0, 1, 2, 3].map((i) => node(`node${i}`, true, i))},
      o: {allNodes: false, verbose: false, maxLines: 10},
      want: 'Cluster health:\t4/4 reachable\t(2023-04-01T12:00:00Z)\t(Probe interval: 1m14s)\nName\tIP\tNode\tEndpoints\n',
    },
    {
      name: 'one failing node is listed',
      hr: {local: {name: 'local'}, timestamp: '2023-04-01T12:00:00Z', probeInterval: '8m5s', nodes: [0, 1, 2, 3].map((i) => node(`node${i}`, i !== 3, i))},
      o: {allNodes: false, verbose: false, maxLines: 10},
      want: 'Cluster health:\t3/4 reachable\t(2023-04-01T12:00:00Z)\t(Probe interval: 8m5s)\nName\tIP\tNode\tEndpoints\n  node3\t192.168.1.3\t0/1\t0/1\n',
    },
    {
      name: '11 healthy nodes, all nodes, 10-row cap: string order, node9 cut, no "..."',
      hr: {local: {name: 'local'}, timestamp: 't', probeInterval: '1m0s', nodes: Array.from({length: 11}, (_, i) => node(`node${i}`, true, i))},
      o: {allNodes: true, verbose: false, maxLines: 10},
      want:
        'Cluster health:\t11/11 reachable\t(t)\t(Probe interval: 1m0s)\nName\tIP\tNode\tEndpoints\n' +
        [0, 1, 10, 2, 3, 4, 5, 6, 7, 8].map((i) => `  node${i}\t192.168.1.${i}\t1/1\t1/1\n`).join(''),
    },
    {
      name: 'more unhealthy nodes than the cap: "  ..." follows',
      hr: {timestamp: 't', probeInterval: '1m0s', nodes: Array.from({length: 12}, (_, i) => node(`n${String(i).padStart(2, '0')}`, false, i))},
      o: {allNodes: false, verbose: false, maxLines: 10},
      want:
        'Cluster health:\t0/12 reachable\t(t)\t(Probe interval: 1m0s)\nName\tIP\tNode\tEndpoints\n' +
        Array.from({length: 10}, (_, i) => `  n${String(i).padStart(2, '0')}\t192.168.1.${i}\t0/1\t0/1\n`).join('') +
        '  ...\n',
    },
    {
      name: '--all-health quirk: cap 0 and a hidden healthy localhost print no rows',
      hr: {local: {name: 'a'}, timestamp: 't', probeInterval: '1m0s', nodes: [node('a', true, 1), node('b', false, 2)]},
      o: {allNodes: false, verbose: false, maxLines: 0},
      want: 'Cluster health:\t1/2 reachable\t(t)\t(Probe interval: 1m0s)\nName\tIP\tNode\tEndpoints\n  ...\n',
    },
    {
      name: 'a node without host data shows Unavailable and a nil path in verbose',
      hr: {timestamp: 't', probeInterval: '1m0s', nodes: [{name: 'x', 'health-endpoint': {'primary-address': null}}]},
      o: {allNodes: true, verbose: true, maxLines: 10},
      want: 'Cluster health:\t0/1 reachable\t(t)\t(Probe interval: 1m0s)\nName\tIP\tNode\tEndpoints\n  x:\n    Host connectivity:\tnil\n    Endpoint connectivity:\tnil\n',
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(healthTable(c.hr, c.o), c.want));

  it('the golden pre-alignment text aligns like upstream', () => {
    assert.equal(
      formatTabwriter(cases[1].want, STATUS_TABWRITER),
      'Cluster health:   3/4 reachable   (2023-04-01T12:00:00Z)   (Probe interval: 8m5s)\nName              IP              Node                     Endpoints\n  node3           192.168.1.3     0/1                      0/1\n',
    );
  });

  it('unreachableNodes lists nodes with an unreachable path (unknown is fine)', () => {
    assert.deepEqual(unreachableNodes(health('health-icmp-failing.json')).map((n) => n.name), ['kind-kind/kind-worker2']);
    assert.deepEqual(unreachableNodes(health('health-unknown-node.json')), []);
    assert.deepEqual(unreachableNodes(health('health-dual-stack.json')).map((n) => n.name), ['kind-kind/kind-control-plane']);
  });
});

describe('cilium/print/go (Go durations)', () => {
  const durations: Array<[number, string]> = [
    [0, '0s'], [999, '999ns'], [41822, '41.822µs'], [702210, '702.21µs'], [1009679, '1.009679ms'], [10e6, '10ms'],
    [1.5e9, '1.5s'], [60e9, '1m0s'], [3600e9, '1h0m0s'], [268446600949, '4m28.446600949s'], [-2e9, '-2s'],
  ];
  for (const [ns, want] of durations) it(`${ns}ns prints ${want}`, () => assert.equal(formatGoDuration(ns), want));
  for (const [ns, s] of durations) if (ns >= 0) it(`parses ${s}`, () => assert.equal(parseGoDuration(s), ns));
  it('rejects text that is not a duration', () => assert.ok(Number.isNaN(parseGoDuration('soon'))));
  it('timeSince: never for the zero time, truncated seconds otherwise', () => {
    const now = Date.parse('2026-06-01T10:16:00.900Z');
    assert.equal(timeSince('0001-01-01T00:00:00.000Z', now), 'never');
    assert.equal(timeSince(undefined, now), 'never');
    assert.equal(timeSince('2026-06-01T10:15:02.311Z', now), '58s ago');
    assert.equal(timeSince('2026-06-01T08:00:00.000Z', now), '2h16m0s ago');
  });
});
