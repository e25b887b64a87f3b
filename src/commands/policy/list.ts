import {Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {hostFlag} from '../../cli/flags-cilium.js';
import {CiliumClient} from '../../cilium/client.js';
import {AgentPolicyClient} from '../../policy/apply/agent.js';
import {formatPolicyList} from '../../policy/print/list.js';
import type {PolicyList} from '../../policy/store.js';

export default class PolicyListCommand extends AxonCommand {
  static override summary = 'List the policies applied to the local axon agent.';
  static override description = `Reads GET /v1/axon/policies from the agent (cilium.sock): kind, namespace, name and number of rules of every applied resource, and the policy revision. -o json prints {"revision", "resources": [...]} with the full resources.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION'])}`;
  static override examples = [
    '<%= config.bin %> policy list',
    '<%= config.bin %> policy list -o json | jq ".resources[].metadata.name"',
    '<%= config.bin %> policy list --host unix:///tmp/axon/run/cilium.sock',
  ];
  static override flags = {
    host: hostFlag('agent', 'CILIUM_SOCK or /var/run/cilium/cilium.sock', 'CILIUM_HOST'),
    output: Flags.option({char: 'o', description: 'Output format: text, json.', options: ['text', 'json'] as const, default: 'text' as const, helpGroup: 'OUTPUT'})(),
  };

  async run(): Promise<PolicyList> {
    const {flags} = await this.parse(PolicyListCommand);
    const agent = new AgentPolicyClient(CiliumClient.agent(flags.host));
    try {
      const list = await agent.list();
      this.io.out(flags.output === 'json' ? JSON.stringify(list, null, 2) : formatPolicyList(list));
      return list;
    } finally {
      agent.close();
    }
  }
}
