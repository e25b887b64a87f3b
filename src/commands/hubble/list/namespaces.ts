import {Flags} from '@oclif/core';
import {AxonCommand} from '../../../cli/axon-command.js';
import {exitCodesHelp} from '../../../cli/exit-codes.js';
import {clientOptionsFromFlags, hubbleServerFlags, normalizeHubbleArgv} from '../../../cli/flags-hubble.js';

export default class HubbleListNamespaces extends AxonCommand {
  static override summary = 'List the namespaces with flows in the last hour, as `hubble list namespaces`.';
  static override description = `Calls GetNamespaces and prints NAMESPACE (wide adds CLUSTER), sorted; the local agent lists the namespaces of the flows in its buffer from the last hour.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'TIMEOUT', 'BAD_RESPONSE'])}`;
  static override examples = [
    '<%= config.bin %> hubble list namespaces',
    '<%= config.bin %> hubble list namespaces --output wide',
    '<%= config.bin %> hubble list namespaces --output json --server localhost:4245',
  ];
  static override flags = {
    output: Flags.option({char: 'o', description: 'Output format: table, wide or json.', options: ['table', 'wide', 'json'] as const, default: 'table' as const, helpGroup: 'OUTPUT'})(),
    ...hubbleServerFlags(),
  };

  async run(): Promise<unknown> {
    const defs = Object.fromEntries(Object.entries({...HubbleListNamespaces.baseFlags, ...HubbleListNamespaces.flags}).map(([n, f]) => [n, {type: (f as {type: string}).type, char: (f as {char?: string}).char}]));
    const {flags} = await this.parse(HubbleListNamespaces, normalizeHubbleArgv(this.argv, defs));
    const {connect} = await import('../../../hubble/client.js');
    const {formatNamespaces} = await import('../../../hubble/print/list.js');
    const client = await connect(clientOptionsFromFlags(flags));
    try {
      const res = await client.getNamespaces();
      this.io.write(formatNamespaces(res.namespaces, flags.output));
      return res.namespaces;
    } finally {
      client.close();
    }
  }
}
