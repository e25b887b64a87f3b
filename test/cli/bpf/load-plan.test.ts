// `axon bpf load --dry-run` and input errors that need no privileges: the real CLI on the
// committed object; nothing here touches the kernel.
import assert from 'node:assert/strict';
import {runCli} from '../../helpers/cli.js';

const OBJ = 'bpf/drop_port.bpf.o';

describe('bpf load --dry-run and usage errors (CLI)', function () {
  this.timeout(20_000);

  it('prints the plan from the object alone, as text and JSON', async () => {
    const r = await runCli(['bpf', 'load', OBJ, '--program', 'drop_port_tc', '--iface', 'veth9', '--direction', 'egress', '--set', 'port=5432', '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Plan \(dry run: nothing was loaded\)$/m);
    assert.match(r.stdout, /^ {2}attach {3}tcx egress on veth9$/m);
    assert.match(r.stdout, /^ {2}global {3}port = 5432 \(\.rodata, default 3306\)$/m);
    const j = await runCli(['bpf', 'load', OBJ, '--attach', 'xdp', '--iface', 'veth9', '--dry-run', '-o', 'json'], {env: {AXON_BPFFS_ROOT: '/sys/fs/bpf/elsewhere'}});
    assert.equal(j.code, 0, j.stderr);
    const plan = JSON.parse(j.stdout);
    assert.deepEqual(plan.programs, [{name: 'drop_port_xdp', section: 'xdp', type: 'xdp'}], '--attach xdp picks the one XDP program');
    assert.equal(plan.root, '/sys/fs/bpf/elsewhere');
    assert.deepEqual(plan.globals, [{name: 'port', section: '.rodata', value: '3306', default: '3306', changed: false}]);
  });

  const cases: Array<{name: string; args: string[]; code: number; err: RegExp}> = [
    {name: 'unknown program lists the alternatives', args: [OBJ, '--program', 'foo', '--iface', 'veth9'], code: 8, err: /^Error: program "foo" not found in bpf\/drop_port\.bpf\.o \(has: drop_port_tc, drop_port_xdp\)$/m},
    {name: 'ambiguous without --program', args: [OBJ, '--iface', 'veth9'], code: 2, err: /has 2 programs: pass --program \(has: drop_port_tc \(tc\), drop_port_xdp \(xdp\)\)/},
    {name: 'XDP program with --attach tcx', args: [OBJ, '--program', 'drop_port_xdp', '--attach', 'tcx', '--iface', 'veth9'], code: 2, err: /program drop_port_xdp \(xdp, section "xdp"\) cannot be attached with --attach tcx \(supports: xdp\)/},
    {name: 'tc program with --attach xdp', args: [OBJ, '--program', 'drop_port_tc', '--attach', 'xdp', '--iface', 'veth9'], code: 2, err: /cannot be attached with --attach xdp \(supports: tcx, tc\)/},
    {name: 'XDP egress', args: [OBJ, '--attach', 'xdp', '--iface', 'veth9', '--direction', 'egress'], code: 2, err: /XDP runs on ingress only/},
    {name: '--priority with tcx', args: [OBJ, '--attach', 'tcx', '--iface', 'veth9', '--priority', '3'], code: 2, err: /--priority applies to --attach tc only/},
    {name: 'unknown global', args: [OBJ, '--attach', 'tcx', '--iface', 'veth9', '--set', 'prot=1'], code: 8, err: /global "prot" not found in bpf\/drop_port\.bpf\.o \(has: port \(\.rodata\)\)/},
    {name: 'bad global value', args: [OBJ, '--attach', 'tcx', '--iface', 'veth9', '--set', 'port=70000'], code: 2, err: /--set port=70000: out of range for an unsigned 16-bit integer/},
    {name: 'the host eth0', args: [OBJ, '--attach', 'tcx', '--iface', 'eth0'], code: 2, err: /refusing to attach to the host's eth0/},
    {name: 'missing object', args: ['bpf/nope.bpf.o', '--attach', 'tcx', '--iface', 'veth9'], code: 8, err: /^Error: bpf\/nope\.bpf\.o: no such file$/m},
    {name: 'not an ELF', args: ['package.json', '--attach', 'tcx', '--iface', 'veth9'], code: 2, err: /^Error: package\.json: not an ELF file$/m},
  ];
  for (const c of cases) {
    it(`${c.name}: exit ${c.code}`, async () => {
      const r = await runCli(['bpf', 'load', ...c.args, '--dry-run']);
      assert.equal(r.code, c.code, r.stderr);
      assert.match(r.stderr, c.err);
      assert.match(r.stderr, /^Hint: /m);
      assert.equal(r.stdout, '');
    });
  }

  it('unload needs ids or --all, not both', async () => {
    assert.match((await runCli(['bpf', 'unload'])).stderr, /nothing to unload: pass one or more ids, or --all/);
    const both = await runCli(['bpf', 'unload', 'x-1', '--all']);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /pass ids or --all, not both/);
  });

  it('help documents the host-interface rule and the list order', async () => {
    assert.match((await runCli(['bpf', 'load', '--help'])).stdout, /lo and eth0 are refused unless --allow-host-interface/);
    assert.match((await runCli(['bpf', 'list', '--help'])).stdout, /Order \(deterministic\): by id in byte order/);
  });
});
