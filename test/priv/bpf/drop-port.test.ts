// axon bpf load/list/map dump/unload on real veth pairs in namespaces created here, proven with
// real TCP traffic; unload proven by the kernel's and bpffs' own listings.
import assert from 'node:assert/strict';
import {createVethPair, type VethPair} from '../../helpers/netns.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {TEST_BPFFS_ROOT} from '../../helpers/residue.js';
import {sh} from '../../helpers/sh.js';
import {aliveIds, axon, bpffsEntries, filters, listen, OBJ, poll, qdiscs, tryConnect, unloadAfter} from './helpers.js';

interface Loaded {
  id: string;
  loaded: Array<{name: string; id: number}>;
  pinnedMaps: Array<{name: string; id: number}>;
  attachments: Array<{kind: string; linkId?: number; attached: boolean; iface: string; direction: string; netns?: string; priority?: number}>;
}

async function load(args: string[]): Promise<Loaded> {
  const r = await axon(['bpf', 'load', OBJ, ...args, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Loaded;
}

async function drops(id: string): Promise<number> {
  const r = await axon(['bpf', 'map', 'dump', `${id}/drop_count`, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout) as {entries: Array<{key: number; value: number}>};
  return d.entries.reduce((n, e) => n + e.value, 0);
}

/** unload, then: traffic flows again and nothing of this load is left in the kernel, tc or bpffs. */
async function unloadAndProveGone(l: Loaded, pair: VethPair, port: number): Promise<void> {
  const r = await axon(['bpf', 'unload', l.id]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${l.id}: detached `));
  assert.match(await tryConnect(pair.nsIp, port), new RegExp(`^ok hello ${port}`));
  const ids = {prog: l.loaded.map((p) => p.id), map: l.pinnedMaps.map((m) => m.id), link: l.attachments.flatMap((a) => (a.linkId ? [a.linkId] : []))};
  await poll('kernel objects of the load', () => aliveIds(ids), (v) => v.length === 0);
  assert.deepEqual(bpffsEntries(), []);
  for (const [dev, ns] of [[pair.hostIf, undefined], [pair.nsIf, pair.ns]] as const) assert.doesNotMatch(await qdiscs(dev, ns), /clsact/);
  const list = await axon(['bpf', 'list', '-o', 'json']);
  assert.deepEqual(JSON.parse(list.stdout), []);
}

describe('bpf load drop_port (privileged, real traffic)', function () {
  this.timeout(60_000);
  let pair: VethPair;

  before(function () {
    requirePrivileges(this, ['root', 'CAP_BPF', 'CAP_NET_ADMIN', 'bpffs']);
  });

  beforeEach(async () => {
    unloadAfter();
    pair = await createVethPair();
    await listen(pair.ns, pair.nsIp, 3306);
    await listen(pair.ns, pair.nsIp, 8080);
    assert.equal(await tryConnect(pair.nsIp, 3306), 'ok hello 3306', 'before loading, 3306 answers');
  });

  it('tcx ingress inside the netns: 3306 dropped and counted per attempt, 8080 answers; unload restores', async () => {
    const l = await load(['--attach', 'tcx', '--iface', pair.nsIf, '--netns', pair.ns]);
    assert.match(l.id, /^drop_port-\d+$/);
    assert.deepEqual(l.attachments.map((a) => [a.kind, a.iface, a.direction, a.netns, a.attached]), [['tcx', pair.nsIf, 'ingress', pair.ns, true]]);
    for (let i = 1; i <= 3; i++) {
      assert.equal(await tryConnect(pair.nsIp, 3306, 300), 'timeout', `attempt ${i} to 3306 is dropped`);
      assert.equal(await drops(l.id), i, 'one dropped SYN per attempt (no retransmit within 300 ms)');
    }
    assert.equal(await tryConnect(pair.nsIp, 8080), 'ok hello 8080');
    assert.equal(await drops(l.id), 3, 'other ports are not counted');

    const list = await axon(['bpf', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${l.id}\\s+drop_port_tc\\s+${l.loaded[0].id}\\s+tcx ingress on ${pair.nsIf} in netns ${pair.ns}.*\\s+ok$`, 'm'));
    const link = JSON.parse(await sh('bpftool', ['-j', 'link', 'show', 'id', String(l.attachments[0].linkId)])) as {prog_id: number};
    assert.equal(link.prog_id, l.loaded[0].id, 'the kernel link runs the program we loaded');
    await unloadAndProveGone(l, pair, 3306);
  });

  it('--set port=8080 moves the block (host-side egress, root namespace)', async () => {
    const l = await load(['--attach', 'tcx', '--iface', pair.hostIf, '--direction', 'egress', '--set', 'port=8080']);
    assert.equal(await tryConnect(pair.nsIp, 8080), 'timeout');
    assert.equal(await tryConnect(pair.nsIp, 3306), 'ok hello 3306');
    const ro = JSON.parse((await axon(['bpf', 'map', 'dump', `${l.id}/.rodata`, '-o', 'json'])).stdout) as {entries: Array<{value: number}>};
    assert.equal(ro.entries[0].value, 8080, 'the frozen .rodata holds the new port');
    await unloadAndProveGone(l, pair, 8080);
  });

  it('tc clsact fallback: filter at our priority, qdisc removed on unload', async () => {
    const l = await load(['--attach', 'tc', '--iface', pair.hostIf, '--direction', 'egress', '--priority', '7']);
    assert.equal(l.attachments[0].priority, 7);
    assert.match(await qdiscs(pair.hostIf), /clsact/);
    assert.match(await filters(pair.hostIf, 'egress'), /pref 7 bpf .*drop_port_tc.*direct-action/s);
    assert.equal(await tryConnect(pair.nsIp, 3306), 'timeout');
    assert.equal(await tryConnect(pair.nsIp, 8080), 'ok hello 8080');
    assert.equal(await drops(l.id), 1);
    await unloadAndProveGone(l, pair, 3306);
  });

  it('tc fallback never removes a clsact qdisc or filters it did not create', async () => {
    await sh('tc', ['qdisc', 'add', 'dev', pair.hostIf, 'clsact']);
    // a classic-BPF filter that accepts everything (no action modules needed)
    await sh('tc', ['filter', 'add', 'dev', pair.hostIf, 'ingress', 'prio', '100', 'bpf', 'bytecode', '1,6 0 0 4294967295', 'classid', '1:1']);
    const l = await load(['--attach', 'tc', '--iface', pair.hostIf, '--direction', 'egress']);
    assert.equal(await tryConnect(pair.nsIp, 3306), 'timeout');
    const r = await axon(['bpf', 'unload', l.id]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(await qdiscs(pair.hostIf), /clsact/, 'the clsact qdisc was there before: it stays');
    assert.match(await filters(pair.hostIf, 'ingress'), /pref 100 bpf .*bytecode/s, 'the foreign filter stays');
    assert.doesNotMatch(await filters(pair.hostIf, 'egress'), /drop_port/);
    assert.equal(await tryConnect(pair.nsIp, 3306), 'ok hello 3306');
  });

  it('XDP on the namespace side: 3306 dropped, 8080 answers; unload restores', async () => {
    const l = await load(['--program', 'drop_port_xdp', '--attach', 'xdp', '--iface', pair.nsIf, '--netns', pair.ns]);
    assert.match(await pair.exec('ip', ['link', 'show', pair.nsIf]), /xdp/);
    assert.equal(await tryConnect(pair.nsIp, 3306), 'timeout');
    assert.equal(await tryConnect(pair.nsIp, 8080), 'ok hello 8080');
    assert.equal(await drops(l.id), 1);
    await unloadAndProveGone(l, pair, 3306);
    assert.doesNotMatch(await pair.exec('ip', ['link', 'show', pair.nsIf]), /xdp/);
  });

  it('list marks an entry stale when its interface disappears, and unload still cleans it', async () => {
    const l = await load(['--attach', 'tcx', '--iface', pair.hostIf]);
    await sh('ip', ['link', 'del', pair.hostIf]);
    const list = JSON.parse((await axon(['bpf', 'list', '-o', 'json'])).stdout) as Array<{id: string; stale: string[]}>;
    assert.deepEqual(list.map((e) => [e.id, e.stale]), [[l.id, [`tcx attachment of drop_port_tc on ${pair.hostIf} is gone`]]]);
    const r = await axon(['bpf', 'unload', '--all']);
    assert.equal(r.code, 0, r.stderr);
    await poll('programs of the load', () => aliveIds({prog: l.loaded.map((p) => p.id)}), (v) => v.length === 0);
    assert.deepEqual(bpffsEntries(), []);
  });

  it('a tc load whose netns was deleted is listed stale and unload --all still frees it', async () => {
    // a namespace without listeners: no process keeps it (and its filter) alive after "ip netns del"
    const other = await createVethPair();
    const l = await load(['--attach', 'tc', '--iface', other.nsIf, '--netns', other.ns]);
    await sh('ip', ['netns', 'del', other.ns]);
    const list = JSON.parse((await axon(['bpf', 'list', '-o', 'json'])).stdout) as Array<{id: string; stale: string[]}>;
    assert.deepEqual(list.map((e) => [e.id, e.stale]), [[l.id, [`tc attachment of drop_port_tc on ${other.nsIf} (netns ${other.ns}) is gone`]]]);
    const r = await axon(['bpf', 'unload', '--all']);
    assert.equal(r.code, 0, r.stderr);
    await poll('programs of the load', () => aliveIds({prog: l.loaded.map((p) => p.id)}), (v) => v.length === 0);
    assert.deepEqual(bpffsEntries(), []);
  });

  it('an entry owned by a live process (the agent pins owner,pid=N) is skipped by unload --all and refused by id', async () => {
    const l = await load(['--attach', 'tcx', '--iface', pair.hostIf, '--direction', 'egress']);
    const dir = `${TEST_BPFFS_ROOT}/${l.id}`;
    await sh('bpftool', ['map', 'pin', 'id', String(l.pinnedMaps[0].id), `${dir}/owner,pid=${process.pid}`]);
    const list = JSON.parse((await axon(['bpf', 'list', '-o', 'json'])).stdout) as Array<{id: string; stale: string[]; ownerPid?: number}>;
    assert.deepEqual(list.map((e) => [e.id, e.stale, e.ownerPid]), [[l.id, [], process.pid]]);
    assert.deepEqual(JSON.parse((await axon(['bpf', 'unload', '--all', '-o', 'json'])).stdout), {unloaded: []});
    const byId = await axon(['bpf', 'unload', l.id]);
    assert.equal(byId.code, 2);
    assert.match(byId.stderr, new RegExp(`^Error: ${l.id} is in use by pid ${process.pid} \\(an axon agent's datapath\\)$`, 'm'));
    assert.equal(await tryConnect(pair.nsIp, 3306), 'timeout', 'still attached');
    await sh('rm', [`${dir}/owner,pid=${process.pid}`]);
    await unloadAndProveGone(l, pair, 3306);
  });
});
