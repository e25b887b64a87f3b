import assert from 'node:assert/strict';
import {idBase, mapNameOfPin, mapPinName, parseRecordName, recordName, validateId, type AttachRecord} from '../../../src/ebpf/pins.js';
import {kernelAtLeast} from '../../../src/ebpf/attach/tcx.js';

describe('ebpf/pins names', () => {
  const records: AttachRecord[] = [
    {kind: 'tcx', program: 'drop_port_tc', iface: 'veth0', ifindex: 7, direction: 'ingress'},
    {kind: 'tc', program: 'drop_port_tc', iface: 'eth0.100', ifindex: 12, netns: 'blue.1', direction: 'egress', handle: 1, priority: 7, qdisc: 'created'},
    {kind: 'xdp', program: 'x', iface: 'a,b=c%d', ifindex: 3, netns: 'n', direction: 'ingress'},
  ];
  for (const r of records) {
    it(`record round-trip ${r.kind} ${r.iface}`, () => {
      const name = recordName(r);
      assert.ok(!name.includes('.'), 'bpffs refuses dots in names');
      assert.ok(!name.includes('/'));
      assert.deepEqual(parseRecordName(name), r);
    });
  }

  it('record name format is readable', () => {
    assert.equal(recordName(records[0]), 'att,kind=tcx,prog=drop_port_tc,ns=-,if=veth0,ifindex=7,dir=ingress');
    assert.equal(parseRecordName('prog_x'), undefined);
    assert.equal(parseRecordName('att,kind=bogus,prog=x,if=y,dir=ingress'), undefined);
  });

  it('ids and map pins', () => {
    assert.equal(idBase('bpf/drop_port.bpf.o'), 'drop_port');
    assert.equal(idBase('/x/my.prog.o'), 'my_prog');
    assert.equal(idBase('_x.o'), 'obj_x');
    assert.equal(mapPinName('.rodata'), 'map_rodata');
    assert.equal(mapNameOfPin('map_rodata'), '.rodata');
    assert.equal(mapNameOfPin(mapPinName('drop_count')), 'drop_count');
    assert.equal(validateId('drop_port-1'), 'drop_port-1');
    for (const bad of ['../x', '_partial-1-x', 'a.b', '']) assert.throws(() => validateId(bad), /invalid id/);
  });

  const kernels: Array<[string, string, boolean]> = [['6.18.44-fc', '6.6', true], ['6.6.0', '6.6', true], ['6.5.9', '6.6', false], ['5.15.0-91-generic', '6.6', false], ['7.0.1', '6.6', true]];
  for (const [rel, min, want] of kernels) it(`kernel ${rel} ≥ ${min}: ${want}`, () => assert.equal(kernelAtLeast(min, rel), want));
});
