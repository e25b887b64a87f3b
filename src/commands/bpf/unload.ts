import {Args, Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {UsageError} from '../../errors.js';
import {formatUnload} from '../../ebpf/print.js';
import type {UnloadResult} from '../../ebpf/unload.js';

export default class BpfUnload extends AxonCommand {
  static override summary = 'Detach and unpin what "axon bpf load" attached, and wait until the kernel has freed it.';
  static override description = `For each id: detach its tcx/XDP links and tc filters (only axon's own handle and priority), remove a clsact qdisc axon created once no filter is left on it, unpin /sys/fs/bpf/axon/<id>/, then poll until the kernel no longer holds the programs, maps and links (freeing is asynchronous; fails after 5 s, e.g. when another process still holds them). --all also removes interrupted loads (a "stale" entry of a killed "axon bpf load"), and skips entries owned by a live process (the agent's datapath pins "owner,pid=N"); naming such an entry is refused.

EXIT CODES
${exitCodesHelp(['PERMISSION', 'NOT_FOUND'])}`;
  static override examples = [
    '<%= config.bin %> bpf unload drop_port-1',
    '<%= config.bin %> bpf unload drop_port-1 drop_port-2',
    '<%= config.bin %> bpf unload --all',
    '<%= config.bin %> bpf unload --all --output json',
  ];
  static override strict = false;
  static override args = {
    id: Args.string({description: 'Load id(s) from "axon bpf list".'}),
  };
  static override flags = {
    all: Flags.boolean({description: 'Unload every entry under /sys/fs/bpf/axon/.'}),
    output: Flags.string({char: 'o', description: 'Output format: text or json (one document).', options: ['text', 'json'], default: 'text', helpGroup: 'OUTPUT'}),
  };

  async run(): Promise<UnloadResult> {
    const {argv, flags} = await this.parse(BpfUnload);
    const ids = argv as string[];
    if (flags.all && ids.length) throw new UsageError('pass ids or --all, not both');
    if (!flags.all && !ids.length) throw new UsageError('nothing to unload: pass one or more ids, or --all', {hint: 'list the ids with "axon bpf list"'});
    const {unload} = await import('../../ebpf/unload.js');
    const result = await unload(flags.all ? {all: true} : {ids});
    this.io.out(flags.output === 'json' ? JSON.stringify(result, null, 2) : formatUnload(result, this.io));
    return result;
  }
}
