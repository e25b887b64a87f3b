import {Args, Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import type {LoadPlan, LoadResult} from '../../ebpf/load.js';
import {formatLoad, formatPlan} from '../../ebpf/print.js';

export default class BpfLoad extends AxonCommand {
  static override summary = 'Load an eBPF object, attach its program (tcx, tc or XDP) and pin it under /sys/fs/bpf/axon/<id>/.';
  static override description = `Runs in-process through the system libbpf (libbpf1), without the agent. Prints the id of the load and what was attached; the id names the directory /sys/fs/bpf/axon/<id>/ (AXON_BPFFS_ROOT overrides the root) that keeps the programs attached after axon exits. Remove it with "axon bpf unload <id>".

Programs: --program NAME selects (repeatable); without it, the one program that fits --attach is used. Attach kinds: tcx (tc programs, kernel ≥ 6.6; on older kernels it falls back to tc clsact and says so), tc (a clsact direct-action filter at handle 1 and --priority, default 1; an existing clsact qdisc and other filters are never touched, and a qdisc axon created is removed on unload once empty), xdp (ingress only). Default: tcx for tc programs, xdp for XDP programs.

Globals in .rodata/.data/.bss are set before load with --set NAME=VALUE (integers as decimal or 0x hex, char arrays as strings). --dry-run prints the plan from the object file alone. A program the verifier rejects is reported with the failing source line and instruction; --verbose prints the whole verifier log.

Safety rule: in the host's own network namespace (no --netns) the interfaces lo and eth0 are refused unless --allow-host-interface is given, because a drop program there can cut the machine (and a test run on it) off. Interfaces inside namespaces and other host interfaces are accepted.

Needs root, or CAP_BPF and CAP_NET_ADMIN (plus CAP_SYS_ADMIN for --netns), and bpffs mounted at /sys/fs/bpf.

EXIT CODES
${exitCodesHelp(['PERMISSION', 'NOT_FOUND', 'NOT_SUPPORTED'])}`;
  static override examples = [
    '<%= config.bin %> bpf load bpf/drop_port.bpf.o --attach tcx --iface veth0 --direction ingress',
    '<%= config.bin %> bpf load bpf/drop_port.bpf.o --program drop_port_tc --attach tcx --iface eth1 --netns blue --set port=5432',
    '<%= config.bin %> bpf load bpf/drop_port.bpf.o --program drop_port_xdp --attach xdp --iface veth0',
    '<%= config.bin %> bpf load bpf/drop_port.bpf.o --attach tc --iface veth0 --direction egress --priority 10',
    '<%= config.bin %> bpf load bpf/drop_port.bpf.o --attach tcx --iface veth0 --set port=8080 --dry-run',
    '<%= config.bin %> bpf load bpf/drop_port.bpf.o --attach tcx --iface veth0 --output json | jq -r .id',
  ];
  static override args = {
    object: Args.string({description: 'eBPF object file (ELF, e.g. bpf/drop_port.bpf.o).', required: true}),
  };
  static override flags = {
    program: Flags.string({char: 'p', description: 'Program (function) name to load and attach; repeatable.', multiple: true, default: []}),
    attach: Flags.string({description: 'How to attach: tcx, tc or xdp (default: tcx for tc programs, xdp for XDP ones).', options: ['tcx', 'tc', 'xdp']}),
    iface: Flags.string({char: 'i', description: 'Interface to attach to.', required: true}),
    direction: Flags.string({char: 'd', description: 'Traffic direction (tcx/tc); XDP is ingress only.', options: ['ingress', 'egress'], default: 'ingress'}),
    netns: Flags.string({description: 'Network namespace (ip netns name) the interface is in.'}),
    priority: Flags.integer({description: 'tc filter priority, 1-65535 (--attach tc only; default 1).', min: 1, max: 65535}),
    set: Flags.string({description: 'Set a global variable before load: NAME=VALUE; repeatable.', multiple: true, default: []}),
    'dry-run': Flags.boolean({description: 'Print the plan from the object file and stop (needs no privileges).'}),
    verbose: Flags.boolean({char: 'v', description: 'On a verifier rejection print the whole verifier log.'}),
    'allow-host-interface': Flags.boolean({description: 'Allow lo and eth0 of the host namespace (refused by default).'}),
    output: Flags.string({char: 'o', description: 'Output format: text or json (one document).', options: ['text', 'json'], default: 'text', helpGroup: 'OUTPUT'}),
  };

  async run(): Promise<LoadPlan | LoadResult> {
    const {args, flags} = await this.parse(BpfLoad);
    const req = {
      object: args.object,
      programs: flags.program,
      attach: flags.attach as 'tcx' | 'tc' | 'xdp' | undefined,
      iface: flags.iface,
      direction: flags.direction as 'ingress' | 'egress',
      netns: flags.netns,
      priority: flags.priority,
      sets: flags.set,
      verbose: flags.verbose,
      allowHostInterface: flags['allow-host-interface'],
    };
    const {dryRun, loadAndAttach} = await import('../../ebpf/load.js');
    if (flags['dry-run']) {
      const plan = await dryRun(req);
      this.io.out(flags.output === 'json' ? JSON.stringify(plan, null, 2) : formatPlan(plan, this.io));
      return plan;
    }
    const result = await loadAndAttach(req);
    this.io.out(flags.output === 'json' ? JSON.stringify(result, null, 2) : formatLoad(result, this.io));
    return result;
  }
}
