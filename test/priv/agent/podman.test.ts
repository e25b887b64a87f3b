// A real container runtime calls axon-cni: podman 4 with its CNI backend (docs: reference/cni.md),
// containers on a busybox --rootfs (no image, no registry), all state in temp dirs.
import assert from 'node:assert/strict';
import {copyFileSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {lxcLinks, startAgent} from '../../helpers/agent.js';
import {cleanup} from '../../helpers/cleanup.js';
import {ROOT} from '../../helpers/cli.js';
import {requirePrivileges} from '../../helpers/privileges.js';
import {sh, trySh} from '../../helpers/sh.js';
import {tmpDir} from '../../helpers/tmp.js';

async function havePodman(): Promise<string | undefined> {
  for (const b of ['podman', 'runc', 'conmon', 'busybox']) if (!(await trySh('sh', ['-c', `command -v ${b}`])).ok) return `${b} not installed`;
  return undefined;
}

describe('axon-cni under podman (privileged)', function () {
  this.timeout(120_000);
  before(async function () {
    requirePrivileges(this, ['root', 'CAP_NET_ADMIN', 'CAP_BPF', 'bpffs']);
    const why = await havePodman();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });

  it('attaches containers as endpoints, carries their traffic, and detaches them on rm and on exit', async () => {
    const agent = await startAgent();
    const dir = tmpDir('axon-podman-');
    for (const d of ['plugins', 'net', 'rootfs/bin', 'rootfs/etc', 'storage', 'runroot']) mkdirSync(join(dir, d), {recursive: true});
    symlinkSync(join(ROOT, 'bin/cni.js'), join(dir, 'plugins/axon-cni'));
    copyFileSync('/usr/bin/busybox', join(dir, 'rootfs/bin/busybox'));
    for (const a of ['sh', 'sleep', 'ip', 'ping', 'nc']) symlinkSync('busybox', join(dir, 'rootfs/bin', a));
    writeFileSync(join(dir, 'rootfs/etc/passwd'), 'root:x:0:0:root:/:/bin/sh\n');
    writeFileSync(
      join(dir, 'containers.conf'),
      `[network]\nnetwork_backend = "cni"\ncni_plugin_dirs = ["${dir}/plugins", "/usr/lib/cni"]\nnetwork_config_dir = "${dir}/net"\n` +
        `[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n`,
    );
    writeFileSync(join(dir, 'net/axon.conflist'), JSON.stringify({cniVersion: '1.0.0', name: 'axon-test', plugins: [{type: 'axon-cni', 'agent-socket': agent.ciliumSock, labels: {app: 'podman'}}]}));
    const podman = (args: string[], timeout = 60_000) =>
      sh('env', [`CONTAINERS_CONF=${dir}/containers.conf`, 'podman', '--root', `${dir}/storage`, '--runroot', `${dir}/runroot`, ...args], {timeout});
    const name = `axon-test-${process.pid}`;
    cleanup.add(() => trySh('env', [`CONTAINERS_CONF=${dir}/containers.conf`, 'podman', '--root', `${dir}/storage`, '--runroot', `${dir}/runroot`, 'rm', '-a', '-f', '-t', '0'], 60_000));
    const links = await lxcLinks();

    await podman(['run', '-d', '--name', name, '--network', 'axon-test', '--rootfs', `${dir}/rootfs`, '/bin/sh', '-c', 'sleep 300']);
    const eps = JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/endpoint'])) as Array<{status: {'external-identifiers': Record<string, string>; networking: {addressing: Array<{ipv4: string}>}; identity: {labels: string[]}}}>;
    assert.equal(eps.length, 1);
    const ext = eps[0].status['external-identifiers'];
    assert.equal(ext['pod-name'], `default/${name}`, 'podman sends no namespace: the documented default');
    assert.equal(ext['container-id'].length, 64);
    assert.ok(eps[0].status.identity.labels.includes('k8s:app=podman'));
    const ip = eps[0].status.networking.addressing[0].ipv4;
    assert.match(await podman(['exec', name, 'ip', 'addr', 'show', 'eth0']), new RegExp(`inet ${ip.replace(/\./g, '\\.')}/32`));

    // a second container that exits by itself: its DEL comes from conmon's cleanup with almost no env
    const out = await podman(['run', '--rm', '--network', 'axon-test', '--rootfs', `${dir}/rootfs`, '/bin/sh', '-c', `ping -c 1 -W 2 ${ip}`]);
    assert.match(out, /1 packets received/);
    let n = -1;
    for (let i = 0; i < 40 && n !== 1; i++) {
      n = (JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/endpoint'])) as unknown[]).length;
      if (n !== 1) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(n, 1, 'the exited container was detached');
    await podman(['rm', '-f', '-t', '0', name]);
    assert.deepEqual(JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/endpoint'])), []);
    assert.deepEqual(await lxcLinks(), links, 'no host veth left');
    const st = JSON.parse(await sh('curl', ['-s', '--unix-socket', agent.ciliumSock, 'http://localhost/v1/healthz'])) as {ipam: {allocations: Record<string, string>}};
    assert.deepEqual(Object.values(st.ipam.allocations), ['router']);
  });
});
