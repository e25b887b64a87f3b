// Golden strings for the bpf printers, table-driven.
import assert from 'node:assert/strict';
import type {EntryState} from '../../../src/ebpf/inspect.js';
import type {LoadPlan} from '../../../src/ebpf/load.js';
import {formatList, formatMapDump, formatPlan, formatUnload, formatWhere} from '../../../src/ebpf/print.js';

const entry = (over: Partial<EntryState>): EntryState => ({
  id: 'drop_port-1',
  dir: '/sys/fs/bpf/axon/drop_port-1',
  stale: [],
  programs: [{name: 'drop_port_tc', id: 41, type: 3, tag: 'aa', pin: 'p'}],
  maps: [{name: '.rodata', id: 2, type: 'array', keySize: 4, valueSize: 2, maxEntries: 1, pin: 'm'}, {name: 'drop_count', id: 1, type: 'hash', keySize: 2, valueSize: 8, maxEntries: 64, pin: 'm'}],
  attachments: [{kind: 'tcx', program: 'drop_port_tc', iface: 'veth0', ifindex: 7, direction: 'ingress', netns: 'blue', progId: 41, linkId: 5, attached: true, pin: 'a'}],
  ...over,
});

describe('ebpf/print', () => {
  const where: Array<[Parameters<typeof formatWhere>[0], string]> = [
    [{kind: 'tcx', direction: 'ingress', iface: 'veth0'}, 'tcx ingress on veth0'],
    [{kind: 'tc', direction: 'egress', iface: 'eth1', netns: 'blue', priority: 7, handle: 1}, 'tc egress on eth1 in netns blue (prio 7, handle 1)'],
  ];
  for (const [w, want] of where) it(`where: ${want}`, () => assert.equal(formatWhere(w), want));

  const lists: Array<{name: string; entries: EntryState[]; want: string}> = [
    {name: 'empty', entries: [], want: 'No eBPF objects loaded by axon (under /sys/fs/bpf/axon).'},
    {
      name: 'one healthy entry',
      entries: [entry({})],
      want: ['ID           PROGRAM       PROG ID  ATTACHED                                     MAPS                STATE', 'drop_port-1  drop_port_tc  41       tcx ingress on veth0 in netns blue [link 5]  .rodata,drop_count  ok'].join('\n'),
    },
    {
      name: 'stale entry without programs',
      entries: [entry({id: 'x-2', stale: ['interrupted load (pid 9 is gone)'], programs: [], maps: [], attachments: []})],
      want: ['ID   PROGRAM  PROG ID  ATTACHED  MAPS  STATE', 'x-2  -        -        -         -     stale: interrupted load (pid 9 is gone)'].join('\n'),
    },
  ];
  for (const c of lists) it(`list: ${c.name}`, () => assert.equal(formatList(c.entries, {color: false, root: '/sys/fs/bpf/axon'}), c.want));

  it('list colours the state only when asked', () => {
    assert.match(formatList([entry({})], {color: true, root: '/r'}), /\u001b\[32mok\u001b\[39m/);
  });

  it('unload', () => {
    assert.equal(formatUnload({unloaded: []}, {color: false}), 'Nothing to unload.');
    assert.equal(
      formatUnload({unloaded: [{id: 'drop_port-1', programs: ['drop_port_tc'], attachments: [{kind: 'xdp', program: 'drop_port_xdp', iface: 'veth0', direction: 'ingress'}], freedMs: 31}]}, {color: false}),
      'drop_port-1: detached drop_port_xdp from xdp ingress on veth0; unpinned; the kernel freed its programs, maps and links (31 ms)',
    );
  });

  it('map dump', () => {
    const d = {id: 'drop_port-1', map: 'drop_count', type: 'hash', keySize: 2, valueSize: 8, maxEntries: 64, entries: [{key: 3306, value: 12, keyHex: 'ea0c', valueHex: '0c00000000000000'}]};
    assert.equal(formatMapDump(d, {color: false}), 'drop_port-1/drop_count: hash, key 2 B, value 8 B, 1 of 64 entries\nKEY   VALUE\n3306  12');
    assert.equal(formatMapDump({...d, entries: []}, {color: false}), 'drop_port-1/drop_count: hash, key 2 B, value 8 B, 0 of 64 entries');
  });

  it('plan', () => {
    const plan: LoadPlan = {
      object: 'bpf/drop_port.bpf.o',
      root: '/sys/fs/bpf/axon',
      programs: [{name: 'drop_port_tc', section: 'tc', type: 'sched_cls'}],
      attach: {kind: 'tc', requested: 'tcx', reason: 'tcx needs kernel ≥ 6.6, this is 6.1.0: using tc clsact', iface: 'veth0', direction: 'egress', priority: 1, handle: 1},
      globals: [{name: 'port', section: '.rodata', value: '8080', default: '3306', changed: true}],
      maps: [{name: 'drop_count', type: 'hash', keySize: 2, valueSize: 8, maxEntries: 64}],
    };
    assert.equal(formatPlan(plan, {color: false}), [
      'Plan (dry run: nothing was loaded)',
      '  object   bpf/drop_port.bpf.o',
      '  program  drop_port_tc (section tc, sched_cls)',
      '  attach   tc egress on veth0 (prio 1, handle 1) — tcx needs kernel ≥ 6.6, this is 6.1.0: using tc clsact',
      '  global   port = 8080 (.rodata, default 3306)',
      '  map      drop_count (hash, key 2 B, value 8 B, max 64)',
      '  pins     /sys/fs/bpf/axon/<id>/',
    ].join('\n'));
  });
});
