import {Flags} from '@oclif/core';
import {AxonCommand} from '../../../cli/axon-command.js';
import {exitCodesHelp} from '../../../cli/exit-codes.js';
import {clientOptionsFromFlags, hubbleServerFlags, normalizeHubbleArgv} from '../../../cli/flags-hubble.js';

export default class HubbleListNodes extends AxonCommand {
  static override summary = 'List the nodes of a Hubble server or Relay, as `hubble list nodes`.';
  static override description = `Calls GetNodes and prints NAME, STATUS, AGE, FLOWS/S and CURRENT/MAX-FLOWS (wide adds VERSION, ADDRESS and TLS), sorted by name. The local agent reports itself as its only node.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'TIMEOUT', 'BAD_RESPONSE'])}`;
  static override aliases = ['hubble:list:node'];
  static override examples = [
    '<%= config.bin %> hubble list nodes',
    '<%= config.bin %> hubble list nodes --output wide',
    '<%= config.bin %> hubble list nodes --output json --server localhost:4245',
  ];
  static override flags = {
    output: Flags.option({char: 'o', description: 'Output format: table, wide or json.', options: ['table', 'wide', 'json'] as const, default: 'table' as const, helpGroup: 'OUTPUT'})(),
    ...hubbleServerFlags(),
  };

  async run(): Promise<unknown> {
    const defs = Object.fromEntries(Object.entries({...HubbleListNodes.baseFlags, ...HubbleListNodes.flags}).map(([n, f]) => [n, {type: (f as {type: string}).type, char: (f as {char?: string}).char}]));
    const {flags} = await this.parse(HubbleListNodes, normalizeHubbleArgv(this.argv, defs));
    const {connect} = await import('../../../hubble/client.js');
    const {formatNodes} = await import('../../../hubble/print/list.js');
    const client = await connect(clientOptionsFromFlags(flags));
    try {
      const res = await client.getNodes();
      this.io.write(formatNodes(res.nodes, flags.output));
      return res.nodes;
    } finally {
      client.close();
    }
  }
}
