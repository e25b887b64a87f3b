// elf.ts on the committed objects: the spec is what the C source declares, and it agrees
// with what llvm-readelf/bpftool read from the same bytes.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {ROOT} from '../../helpers/cli.js';
import {sh} from '../../helpers/sh.js';
import {findGlobal, findProgram, parseObject, readObject, readObjectSync, sectionType} from '../../../src/ebpf/elf.js';
import {AxonError, NotFoundError, UsageError} from '../../../src/errors.js';

const OBJ = `${ROOT}bpf/drop_port.bpf.o`;

describe('ebpf/elf readObject', () => {
  it('reads drop_port.bpf.o into programs, maps and globals', async () => {
    const spec = await readObject(OBJ);
    assert.deepEqual(
      spec.programs.map(({name, section, type, attachTypes}) => ({name, section, type, attachTypes})),
      [
        {name: 'drop_port_tc', section: 'tc', type: 'sched_cls', attachTypes: ['tcx', 'tc']},
        {name: 'drop_port_xdp', section: 'xdp', type: 'xdp', attachTypes: ['xdp']},
      ],
    );
    assert.deepEqual(spec.maps, [
      {name: 'drop_count', type: 'hash', keySize: 2, valueSize: 8, maxEntries: 64},
      {name: '.rodata', type: 'array', keySize: 4, valueSize: 2, maxEntries: 1, internal: true},
    ]);
    // 3306 little-endian is ea 0c
    assert.deepEqual(spec.globals, [{name: 'port', section: '.rodata', size: 2, offset: 0, kind: 'int', signed: false, initial: 'ea0c'}]);
    assert.equal(spec.license, 'Dual MIT/GPL');
  });

  it('is deterministic and the sync variant agrees', async () => {
    assert.deepEqual(readObjectSync(OBJ), await readObject(OBJ));
  });

  it('agrees with llvm-readelf on program sizes and bpftool on map BTF', async () => {
    const spec = await readObject(OBJ);
    const syms = await sh('llvm-readelf', ['-s', OBJ]);
    for (const p of spec.programs) {
      const line = syms.split('\n').find((l) => l.trim().endsWith(` ${p.name}`));
      assert.ok(line, `llvm-readelf lists ${p.name}`);
      assert.equal(Number(line.trim().split(/\s+/)[2]), p.insns * 8);
    }
    const btf = await sh('bpftool', ['btf', 'dump', 'file', OBJ]);
    for (const m of spec.maps.filter((x) => !x.internal)) assert.match(btf, new RegExp(`VAR '${m.name}'`));
  });

  const bad: Array<{name: string; bytes: () => Buffer; want: RegExp; cls: typeof AxonError}> = [
    {name: 'text file', bytes: () => Buffer.from('hello, not an object\n'.repeat(8)), want: /not an ELF file/, cls: UsageError},
    {name: 'host executable', bytes: () => readFileSync(process.execPath).subarray(0, 1 << 20), want: /ELF file for machine 62 \(x86-64\), not an eBPF object/, cls: UsageError},
    {name: 'empty', bytes: () => Buffer.alloc(0), want: /not an ELF file/, cls: UsageError},
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, function () {
      if (c.name === 'host executable' && process.arch !== 'x64') this.skip();
      assert.throws(() => parseObject('x.o', c.bytes()), (e: Error) => e instanceof c.cls && c.want.test(e.message) && e.message.startsWith('x.o: '));
    });
  }

  it('a missing file is NotFoundError', async () => {
    await assert.rejects(readObject('/nonexistent/x.o'), (e: Error) => e instanceof NotFoundError && /no such file/.test(e.message));
  });

  it('findProgram and findGlobal list the alternatives', async () => {
    const spec = await readObject(OBJ);
    assert.throws(() => findProgram(spec, 'foo'), {message: `program "foo" not found in ${OBJ} (has: drop_port_tc, drop_port_xdp)`});
    assert.throws(() => findGlobal(spec, 'prot'), {message: `global "prot" not found in ${OBJ} (has: port (.rodata))`});
    assert.equal(findProgram(spec, 'drop_port_xdp').type, 'xdp');
  });

  const sections: Array<[string, string, string[]]> = [
    ['tc', 'sched_cls', ['tcx', 'tc']],
    ['classifier/ingress', 'sched_cls', ['tcx', 'tc']],
    ['xdp', 'xdp', ['xdp']],
    ['xdp.frags', 'xdp', ['xdp']],
    ['kprobe/do_sys_open', 'kprobe', []],
    ['tcx/ingress', 'unknown', []],
    ['tcp', 'unknown', []],
  ];
  for (const [sec, type, attach] of sections) {
    it(`section "${sec}" → ${type}`, () => assert.deepEqual(sectionType(sec), {type, attachTypes: attach}));
  }
});
