import assert from 'node:assert/strict';
import {encodeGlobal, formatGlobal, parseSets} from '../../../src/ebpf/globals.js';
import type {BpfObjectSpec, GlobalSpec} from '../../../src/ebpf/elf.js';

const g = (over: Partial<GlobalSpec>): GlobalSpec => ({name: 'v', section: '.rodata', size: 2, offset: 0, kind: 'int', signed: false, initial: '0000', ...over});

describe('ebpf/globals --set', () => {
  const ok: Array<[Partial<GlobalSpec>, string, string]> = [
    [{}, '3306', 'ea0c'],
    [{}, '0xffff', 'ffff'],
    [{size: 1}, 'true', '01'],
    [{size: 4, signed: true}, '-1', 'ffffffff'],
    [{size: 8}, '18446744073709551615', 'ffffffffffffffff'],
    [{size: 6, kind: 'char[]'}, 'eth0', '657468300000'],
    [{size: 3, kind: 'bytes'}, '0x010203', '010203'],
  ];
  for (const [spec, text, hex] of ok) it(`${JSON.stringify(spec)} ${text} → ${hex}`, () => assert.equal(encodeGlobal(g(spec), text).toString('hex'), hex));

  const bad: Array<[Partial<GlobalSpec>, string, RegExp]> = [
    [{}, '65536', /out of range for an unsigned 16-bit integer \(0\.\.65535\)/],
    [{size: 1, signed: true}, '128', /out of range for a signed 8-bit integer \(-128\.\.127\)/],
    [{}, 'http', /not an integer/],
    [{size: 4, kind: 'char[]'}, 'eth0', /string longer than 3 bytes/],
    [{size: 2, kind: 'bytes'}, '01', /expected 2 bytes as hex/],
  ];
  for (const [spec, text, want] of bad) it(`rejects ${text} for ${JSON.stringify(spec)}`, () => assert.throws(() => encodeGlobal(g(spec), text), want));

  it('formatGlobal round-trips', () => {
    assert.equal(formatGlobal(g({}), encodeGlobal(g({}), '8080')), '8080');
    assert.equal(formatGlobal(g({size: 4, signed: true}), encodeGlobal(g({size: 4, signed: true}), '-5')), '-5');
    assert.equal(formatGlobal(g({size: 6, kind: 'char[]'}), encodeGlobal(g({size: 6, kind: 'char[]'}), 'ab')), '"ab"');
  });

  it('parseSets: NAME=VALUE against the spec, later wins, unknown names list the alternatives', () => {
    const spec = {path: 'x.o', globals: [g({name: 'port'})]} as BpfObjectSpec;
    assert.deepEqual(parseSets(spec, ['port=1', 'port=2']).map((v) => v.bytes.toString('hex')), ['0200']);
    assert.throws(() => parseSets(spec, ['port']), /--set port: expected NAME=VALUE/);
    assert.throws(() => parseSets(spec, ['prt=1']), /global "prt" not found in x\.o \(has: port \(\.rodata\)\)/);
  });
});
