// Loads that fail (verifier rejection, SIGKILL mid-way, bad input, missing privileges or
// bpffs) end with a clear error and exit code and leave nothing in the kernel or bpffs.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ROOT} from '../../helpers/cli.js';
import {createVethPair, type VethPair} from '../../helpers/netns.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {sh} from '../../helpers/sh.js';
import {tmpDir} from '../../helpers/tmp.js';
import {axon, bpffsEntries, listen, OBJ, poll, progsNamed, qdiscs, tryConnect, unloadAfter} from './helpers.js';

async function compileFixture(name: string): Promise<string> {
  const dir = await tmpDir();
  const out = join(dir, `${name}.bpf.o`);
  const multiarch = (await sh('clang', ['-print-multiarch'])).trim() || `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  await sh('clang', ['-O2', '-g', '-target', 'bpf', '-Wall', '-I', `/usr/include/${multiarch}`, '-c', join(ROOT, 'test/fixtures/bpf', `${name}.bpf.c`), '-o', out]);
  return out;
}

describe('bpf load failures (privileged)', function () {
  this.timeout(60_000);
  let pair: VethPair;

  before(function () {
    requirePrivileges(this, ['root', 'CAP_BPF', 'CAP_NET_ADMIN', 'bpffs']);
  });

  beforeEach(async () => {
    unloadAfter();
    pair = await createVethPair();
  });

  it('a verifier rejection prints the failing source line and instruction, --verbose the whole log; nothing is left', async () => {
    const obj = await compileFixture('bad_access');
    const r = await axon(['bpf', 'load', obj, '--attach', 'tcx', '--iface', pair.hostIf]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^Error: load ${obj}: program bad_access: the verifier rejected it \\(EACCES\\):$`, 'm'));
    assert.match(r.stderr, /^ {2}; if \(data\[20\] == 6\) @ bad_access\.bpf\.c:9$/m, 'the source line from BTF line info');
    assert.match(r.stderr, /^ {2}\d+: \(71\) r\d = \*\(u8 \*\)\(r\d \+20\)/m, 'the failing instruction');
    assert.match(r.stderr, /invalid access to packet/);
    const omitted = /\((\d+) lines omitted; rerun with --verbose\)/.exec(r.stderr);
    assert.ok(omitted, r.stderr);
    const v = await axon(['bpf', 'load', obj, '--attach', 'tcx', '--iface', pair.hostIf, '--verbose']);
    assert.equal(v.code, 1);
    assert.doesNotMatch(v.stderr, /lines omitted/);
    assert.ok(v.stderr.split('\n').length > r.stderr.split('\n').length + Number(omitted[1]) - 3, 'the whole log');
    assert.deepEqual(bpffsEntries(), []);
    assert.deepEqual(await progsNamed('bad_access'), []);
  });

  for (const step of ['loaded', 'attached'] as const) {
    it(`SIGKILL after the programs are ${step} leaves nothing (fds only until the final pin)`, async () => {
      await listen(pair.ns, pair.nsIp, 3306);
      const r = await axon(['bpf', 'load', OBJ, '--attach', 'tcx', '--iface', pair.hostIf, '--direction', 'egress'], {env: {AXON_BPF_STALL_AT: step}, timeout: 4000});
      assert.equal(r.signal, 'SIGKILL');
      assert.match(r.stderr, new RegExp(`stalled at ${step}`));
      await poll('drop_port programs', () => progsNamed('drop_port_tc'), (ids) => ids.length === 0);
      assert.deepEqual(bpffsEntries(), []);
      assert.equal(await tryConnect(pair.nsIp, 3306), 'ok hello 3306');
    });
  }

  it('SIGKILL while pinning a tc load leaves a stale entry that list names and unload --all removes', async () => {
    await listen(pair.ns, pair.nsIp, 3306);
    const r = await axon(['bpf', 'load', OBJ, '--attach', 'tc', '--iface', pair.hostIf, '--direction', 'egress'], {env: {AXON_BPF_STALL_AT: 'pinned'}, timeout: 4000});
    assert.equal(r.signal, 'SIGKILL');
    const list = JSON.parse((await axon(['bpf', 'list', '-o', 'json'])).stdout) as Array<{id: string; stale: string[]}>;
    assert.equal(list.length, 1);
    assert.match(list[0].stale[0], /^interrupted load \(pid \d+ is gone\)$/);
    const u = await axon(['bpf', 'unload', '--all']);
    assert.equal(u.code, 0, u.stderr);
    assert.deepEqual(bpffsEntries(), []);
    assert.doesNotMatch(await qdiscs(pair.hostIf), /clsact/);
    await poll('drop_port programs', () => progsNamed('drop_port_tc'), (ids) => ids.length === 0);
    assert.equal(await tryConnect(pair.nsIp, 3306), 'ok hello 3306');
  });

  const cases: Array<{name: string; args: () => string[]; code: number; err: RegExp | (() => RegExp); hint?: RegExp}> = [
    {name: 'unknown interface', args: () => ['--iface', 'nosuchif0'], code: 8, err: /interface "nosuchif0" not found/, hint: /ip link/},
    {name: 'unknown netns', args: () => ['--iface', 'eth0', '--netns', 'axon-no-such-ns'], code: 8, err: /network namespace "axon-no-such-ns" not found/, hint: /ip netns list/},
    {name: 'interface not in the given netns', args: () => ['--iface', pair.hostIf, '--netns', pair.ns], code: 8, err: () => new RegExp(`interface "${pair.hostIf}" not found in netns ${pair.ns}`)},
    {name: 'the host lo', args: () => ['--iface', 'lo'], code: 2, err: /refusing to attach to the host's lo/, hint: /--allow-host-interface/},
  ];
  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, nothing loaded`, async () => {
      const r = await axon(['bpf', 'load', OBJ, '--attach', 'tcx', ...c.args()]);
      assert.equal(r.code, c.code, r.stderr);
      assert.match(r.stderr, typeof c.err === 'function' ? c.err() : c.err);
      if (c.hint) assert.match(r.stderr, new RegExp(`^Hint: .*${c.hint.source}`, 'm'));
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
      assert.deepEqual(bpffsEntries(), []);
    });
  }

  it('without CAP_BPF (uid 65534) the error names the missing capabilities', async () => {
    const r = await axon(['bpf', 'load', OBJ, '--attach', 'tcx', '--iface', pair.hostIf], {uid: 65534, gid: 65534});
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /^Error: loading and attaching eBPF needs CAP_BPF and CAP_NET_ADMIN, which this process lacks \(uid 65534\)$/m);
    assert.match(r.stderr, /^Hint: run as root/m);
    for (const cmd of [['unload', '--all'], ['list'], ['map', 'dump', 'drop_port-1/drop_count']]) {
      const u = await axon(['bpf', ...cmd], {uid: 65534, gid: 65534});
      assert.equal(u.code, 5, u.stderr);
      assert.match(u.stderr, /^Error: (unloading|reading) eBPF( objects| maps)? needs CAP_BPF and CAP_NET_ADMIN/m);
    }
  });

  it('bpffs not mounted: explains and says how to mount it', async () => {
    const dir = await tmpDir();
    const r = await axon(['bpf', 'load', OBJ, '--attach', 'tcx', '--iface', pair.hostIf], {env: {AXON_BPFFS_ROOT: join(dir, 'axon')}});
    assert.equal(r.code, 9, r.stderr);
    assert.match(r.stderr, new RegExp(`^Error: bpffs is not mounted at ${dir}: pins`, 'm'));
    assert.match(r.stderr, /^Hint: mount it with "mount -t bpf bpf \/sys\/fs\/bpf"/m);
    await poll('drop_port programs', () => progsNamed('drop_port_tc'), (ids) => ids.length === 0);
  });

  it('a file that is not an ELF and an ELF that is not eBPF are usage errors', async () => {
    const dir = await tmpDir();
    const txt = join(dir, 'notes.o');
    writeFileSync(txt, 'not an object\n');
    for (const [file, want] of [[txt, /not an ELF file/], [process.execPath, /an ELF file for machine \d+.*not an eBPF object/]] as const) {
      const r = await axon(['bpf', 'load', file, '--attach', 'tcx', '--iface', pair.hostIf]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^Error: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${want.source}`, 'm'));
    }
  });
});
