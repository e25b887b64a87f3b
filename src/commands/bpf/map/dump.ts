import {Args, Flags} from '@oclif/core';
import {AxonCommand} from '../../../cli/axon-command.js';
import {exitCodesHelp} from '../../../cli/exit-codes.js';
import type {MapDump} from '../../../ebpf/maps.js';
import {formatMapDump} from '../../../ebpf/print.js';

export default class BpfMapDump extends AxonCommand {
  static override summary = 'Print the entries of a map pinned by "axon bpf load" (e.g. the drop counters).';
  static override description = `ID/MAP names the map: the load id from "axon bpf list" and the map name (.rodata for the constants). Keys and values of 1, 2, 4 or 8 bytes are printed as little-endian unsigned integers (per-CPU values summed), others as hex; -o json also gives the raw bytes (keyHex, valueHex). Entries are sorted by key bytes.

EXIT CODES
${exitCodesHelp(['PERMISSION', 'NOT_FOUND'])}`;
  static override examples = ['<%= config.bin %> bpf map dump drop_port-1/drop_count', '<%= config.bin %> bpf map dump drop_port-1/.rodata --output json'];
  static override args = {
    map: Args.string({description: 'ID/MAP, e.g. drop_port-1/drop_count.', required: true}),
  };
  static override flags = {
    output: Flags.string({char: 'o', description: 'Output format: text or json (one document).', options: ['text', 'json'], default: 'text', helpGroup: 'OUTPUT'}),
  };

  async run(): Promise<MapDump> {
    const {args, flags} = await this.parse(BpfMapDump);
    const {dumpMap} = await import('../../../ebpf/maps.js');
    const dump = await dumpMap(args.map);
    this.io.out(flags.output === 'json' ? JSON.stringify(dump, null, 2) : formatMapDump(dump, this.io));
    return dump;
  }
}
