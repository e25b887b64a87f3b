// Live values through the real shells: pods of a running agent, ids of eBPF programs loaded with
// `axon bpf load`, host interfaces and network namespaces; and the time budget when the agent
// does not answer. Positive cases raise AXON_COMPLETE_TIMEOUT_MS: the budget counts from process
// start, and a loaded CI machine can spend the default 300 ms starting node.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {startAgent} from '../helpers/agent.js';
import {cleanup} from '../helpers/cleanup.js';
import {ROOT, runCli} from '../helpers/cli.js';
import {createNetns, createVethPair} from '../helpers/netns.js';
import {requirePrivileges} from '../helpers/privileges.js';
import {TEST_BPFFS_ROOT} from '../helpers/residue.js';
import {tmpDir, unixHttpServer} from '../helpers/tmp.js';
import {parseCompletion} from '../../src/completion/protocol.js';
import {offered, type Listed, type ShellName} from './shells.js';

const SHELLS: ShellName[] = ['bash', 'zsh', 'fish'];
const ALLOW_WEB = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: client}}]
`;
const LIVE = {AXON_COMPLETE_TIMEOUT_MS: '10000'};
const values = (l: Listed[]) => l.map((x) => x.value);

function has(shell: ShellName, list: Listed[], value: string, description?: string): void {
  const hit = list.find((x) => x.value === value);
  assert.ok(hit, `${shell}: ${value} not offered; got ${JSON.stringify(values(list))}`);
  if (description && shell !== 'bash') assert.ok(hit.description?.includes(description), `${shell}: description of ${value}: ${hit.description}`);
}

describe('completion: live values', function () {
  this.timeout(120_000);

  it('completes pods, namespaces and applied policies from a running agent', async function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'ip']);
    const agent = await startAgent();
    const pod = await agent.addPod({namespace: 'shop', name: 'web-1', labels: {app: 'web'}});
    const env = {...agent.env, ...LIVE};
    const raw = parseCompletion((await runCli(['__complete', 'policy', 'trace', '--from', 'sh'], {env})).stdout);
    assert.deepEqual(raw.candidates.map((c) => c.value), ['shop/web-1']);
    assert.ok(raw.candidates[0].description?.includes(pod.ip), raw.candidates[0].description);
    for (const shell of SHELLS) {
      has(shell, await offered(shell, 'axon observe --from-pod ', {env}), 'shop/web-1', pod.ip);
      has(shell, await offered(shell, 'axon observe --namespace ', {env}), 'shop', '1 pod');
      has(shell, await offered(shell, 'axon observe --label app', {env}), 'app=web', '1 endpoint');
    }
    const file = join(tmpDir(), 'allow-web.yaml');
    writeFileSync(file, ALLOW_WEB);
    const applied = await runCli(['policy', 'apply', '--agent', file], {env});
    assert.equal(applied.code, 0, applied.stderr);
    for (const shell of SHELLS) {
      has(shell, await offered(shell, 'axon policy delete ', {env}), 'CiliumNetworkPolicy/shop/allow-web', 'in namespace shop');
    }
    // --host on the line wins over CILIUM_SOCK.
    const byHost = await runCli(['__complete', 'policy', 'delete', '--host', `unix://${agent.ciliumSock}`, ''], {env: {...LIVE, CILIUM_SOCK: '/nonexistent.sock'}});
    assert.deepEqual(parseCompletion(byHost.stdout).candidates.map((c) => c.value), ['CiliumNetworkPolicy/shop/allow-web']);
  });

  it('completes the id of a program loaded with "axon bpf load", and its maps', async function () {
    requirePrivileges(this, ['root', 'CAP_BPF', 'CAP_NET_ADMIN', 'bpffs', 'ip']);
    const veth = await createVethPair();
    const env = {AXON_BPFFS_ROOT: TEST_BPFFS_ROOT, ...LIVE};
    let id: string | undefined;
    cleanup.add(async () => {
      if (id) await runCli(['bpf', 'unload', id], {env});
    });
    const obj = join(ROOT, 'bpf/drop_port.bpf.o');
    const load = await runCli(['bpf', 'load', obj, '--program', 'drop_port_tc', '--iface', veth.nsIf, '--netns', veth.ns, '-o', 'json'], {env});
    assert.equal(load.code, 0, load.stderr);
    id = (JSON.parse(load.stdout) as {id: string}).id;
    for (const shell of SHELLS) {
      has(shell, await offered(shell, 'axon bpf unload ', {env}), id, `drop_port_tc tcx ingress on ${veth.nsIf}`);
      const maps = values(await offered(shell, `axon bpf map dump ${id}/`, {env}));
      assert.ok(maps.length > 0 && maps.every((m) => m.startsWith(`${id}/`)), `${shell}: ${JSON.stringify(maps)}`);
    }
  });

  it('completes program names of the object given earlier on the line', async () => {
    for (const shell of SHELLS) {
      const got = await offered(shell, 'axon bpf load bpf/drop_port.bpf.o --program ', {env: LIVE});
      assert.deepEqual(values(got).sort(), ['drop_port_tc', 'drop_port_xdp'], shell);
      has(shell, got, 'drop_port_xdp', 'xdp');
    }
  });

  it('completes interfaces of the host, or of the --netns given, and netns names', async function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'ip']);
    const veth = await createVethPair();
    const other = await createNetns();
    for (const shell of SHELLS) {
      const host = values(await offered(shell, 'axon bpf load x.o --iface ', {env: LIVE}));
      assert.ok(host.includes(veth.hostIf) && !host.includes(veth.nsIf), `${shell}: ${JSON.stringify(host)}`);
      const inNs = values(await offered(shell, `axon bpf load x.o --netns ${veth.ns} --iface `, {env: LIVE}));
      assert.deepEqual(inNs.sort(), [veth.nsIf, 'lo'].sort(), shell);
      const names = values(await offered(shell, 'axon bpf load x.o --netns ', {env: LIVE}));
      assert.ok(names.includes(veth.ns) && names.includes(other), `${shell}: ${JSON.stringify(names)}`);
    }
  });

  it('answers within the budget when the agent accepts but never answers, static values intact', async () => {
    const silent = await unixHttpServer(() => {}, 'cilium.sock'); // never responds
    const args = ['__complete', 'policy', 'trace', '--from', ''];
    const base = await runCli(args, {env: {CILIUM_SOCK: join(silent.path, '..', 'absent.sock')}});
    const hung = await runCli(args, {env: {CILIUM_SOCK: silent.path}});
    assert.equal(hung.code, 0, hung.stderr);
    assert.equal(hung.stdout, ':4\n');
    // The default 300 ms budget counts from process start: about as long as an answer without
    // any agent (slack for a loaded machine), never the REST client's 90 s timeout.
    assert.ok(hung.ms < Math.max(base.ms, 300) + 1500, `took ${hung.ms} ms (no agent: ${base.ms} ms)`);
    // A larger budget is waited for, and no longer.
    const asked = silent.requests.length;
    const long = await runCli(args, {env: {CILIUM_SOCK: silent.path, AXON_COMPLETE_TIMEOUT_MS: '1500'}});
    assert.equal(long.stdout, ':4\n');
    assert.equal(silent.requests.length, asked + 1, 'the completion asked the agent');
    assert.ok(long.ms >= 1400 && long.ms < 1500 + 1000, `took ${long.ms} ms with a 1500 ms budget`);
    for (const shell of SHELLS) {
      const env = {CILIUM_SOCK: silent.path};
      assert.deepEqual(values(await offered(shell, 'axon policy trace --from ', {env})), [], shell);
      assert.ok(values(await offered(shell, 'axon policy trace --protocol ', {env})).includes('TCP'), shell);
      assert.ok(values(await offered(shell, 'axon policy trace --fr', {env})).includes('--from'), shell);
    }
  });
});
