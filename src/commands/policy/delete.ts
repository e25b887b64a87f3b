import {Args} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {hostFlag} from '../../cli/flags-cilium.js';
import {CiliumClient} from '../../cilium/client.js';
import {AgentPolicyClient, parsePolicyRef} from '../../policy/apply/agent.js';
import {formatDelete} from '../../policy/print/apply.js';

export default class PolicyDelete extends AxonCommand {
  static override summary = 'Delete a policy from the local axon agent.';
  static override description = `Removes one resource applied with "axon policy apply --agent" (DELETE /v1/axon/policies/{kind}/{namespace}/{name} on cilium.sock). KIND is the kind or its kubectl short name (cnp, ccnp, netpol); clusterwide policies are written KIND/NAME.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'NOT_FOUND'])}`;
  static override examples = [
    '<%= config.bin %> policy delete CiliumNetworkPolicy/python-app/python-app',
    '<%= config.bin %> policy delete cnp/default/allow-nginx',
    '<%= config.bin %> policy delete ccnp/lockdown',
    '<%= config.bin %> policy delete netpol/default/deny-all',
  ];
  static override args = {policy: Args.string({description: 'KIND/NAMESPACE/NAME (KIND/NAME for a clusterwide policy).', required: true})};
  static override flags = {host: hostFlag('agent', 'CILIUM_SOCK or /var/run/cilium/cilium.sock', 'CILIUM_HOST')};

  async run(): Promise<{revision: number}> {
    const {args, flags} = await this.parse(PolicyDelete);
    const ref = parsePolicyRef(args.policy);
    const agent = new AgentPolicyClient(CiliumClient.agent(flags.host));
    try {
      const r = await agent.delete(ref.kind, ref.namespace, ref.name);
      this.io.out(formatDelete(ref.kind, ref.name, r.revision));
      return r;
    } finally {
      agent.close();
    }
  }
}
