import {Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {hostFlag} from '../../cli/flags-cilium.js';
import type {DemoPolicyResult} from '../../datapath/demo-policy.js';

export default class DemoPolicy extends AxonCommand {
  static override summary = "Apply the seed's python-app CiliumNetworkPolicy to the local agent (or delete it).";
  static override description = `The policy selects every pod of namespace python-app and allows ingress only from pods of namespace test on 5000/TCP, with an HTTP rule GET /employees.*. The agent's eBPF datapath enforces the L3/L4 part: test → python-app:5000 is FORWARDED with a policy-verdict ALLOWED event, default → python-app:5000 is dropped ("Policy denied", reason 133) and the client's connect times out. The HTTP rule is accepted but not enforced locally yet (a warning says so).

-o json prints one document {"action", "results", "revision", "warnings"}.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'NOT_FOUND'])}`;
  static override examples = [
    {description: 'Apply the policy to the agent on the default socket', command: '<%= config.bin %> demo policy'},
    {description: 'Apply it to an agent on another socket, as JSON', command: '<%= config.bin %> demo policy --host unix:///tmp/run/cilium.sock --output json'},
    {description: 'Remove it again (connectivity from default is restored)', command: '<%= config.bin %> demo policy --delete'},
  ];
  static override flags = {
    delete: Flags.boolean({description: 'Delete the demo policy instead of applying it.', default: false}),
    host: hostFlag('agent', 'CILIUM_SOCK or /var/run/cilium/cilium.sock', 'CILIUM_HOST'),
    output: Flags.option({char: 'o', description: 'Output format: text, json.', options: ['text', 'json'] as const, default: 'text' as const, helpGroup: 'OUTPUT'})(),
  };

  async run(): Promise<DemoPolicyResult> {
    const {flags} = await this.parse(DemoPolicy);
    const [{CiliumClient}, {AgentPolicyClient}, demo] = await Promise.all([
      import('../../cilium/client.js'),
      import('../../policy/apply/agent.js'),
      import('../../datapath/demo-policy.js'),
    ]);
    const client = new AgentPolicyClient(CiliumClient.agent(flags.host));
    try {
      const result = flags.delete ? await demo.deleteDemoPolicy(client) : await demo.applyDemoPolicy(client);
      if (flags.output === 'json') this.io.out(JSON.stringify(result, null, 2));
      else {
        for (const w of result.warnings) this.io.err(`Warning: ${w}`);
        this.io.write(demo.formatDemoPolicy(result));
      }
      return result;
    } finally {
      client.close();
    }
  }
}
