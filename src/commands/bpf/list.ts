import {Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {bpffsRoot} from '../../defaults.js';
import type {EntryState} from '../../ebpf/inspect.js';
import {formatList} from '../../ebpf/print.js';

export default class BpfList extends AxonCommand {
  static override summary = 'List what "axon bpf load" pinned: programs, attachments and maps, read from bpffs and the kernel.';
  static override description = `There is no database: every row comes from /sys/fs/bpf/axon/<id>/ (AXON_BPFFS_ROOT overrides the root) and the kernel's view of those pins (program and link info, tc filter queries). An entry is "stale" when the kernel no longer backs it: its interface is gone, someone removed its tc filter, or its load was interrupted; "axon bpf unload" removes stale entries too.

Order (deterministic): by id in byte order (an interrupted load after a finished one with the same id); within an id, programs by name; a program's attachments by interface, then direction; maps by name.

EXIT CODES
${exitCodesHelp(['PERMISSION', 'NOT_SUPPORTED'])}`;
  static override examples = ['<%= config.bin %> bpf list', '<%= config.bin %> bpf list --output json', '<%= config.bin %> bpf list -o json | jq -r ".[] | select(.stale | length > 0) | .id"'];
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format: text or json (one document).', options: ['text', 'json'], default: 'text', helpGroup: 'OUTPUT'}),
  };

  async run(): Promise<EntryState[]> {
    const {flags} = await this.parse(BpfList);
    const {listLoaded} = await import('../../ebpf/list.js');
    const entries = await listLoaded();
    this.io.out(flags.output === 'json' ? JSON.stringify(entries, null, 2) : formatList(entries, {color: this.io.color, root: bpffsRoot()}));
    return entries;
  }
}
