import {AxonCommand} from '../../cli/axon-command.js';
import {demoFlags} from '../../cli/flags-demo.js';

export default class DemoUp extends AxonCommand {
  static override summary = 'Create the demo pods (network namespaces attached through axon-cni) and their servers.';
  static override description = `Pods from the seed: test/linux-tools, default/linux-tools, python-app/api (HTTP /employees on port 5000)
and kube-system/coredns (DNS on port 53). Each is a network namespace named <netns-prefix><namespace>-<pod>,
attached by running the axon-cni plugin with the CNI protocol, so the agent must be running.
"ip netns exec axon-test-linux-tools curl python-api-app-production.python-app.svc:5000/employees" works afterwards.`;
  static override examples = [
    'sudo <%= config.bin %> demo up',
    'sudo <%= config.bin %> demo up --agent-socket /tmp/axon/run/cilium.sock --state-dir /tmp/axon/state',
  ];
  static override enableJsonFlag = true;
  static override flags = demoFlags();

  async run(): Promise<unknown> {
    const {flags} = await this.parse(DemoUp);
    const {demoUp} = await import('../../demo/index.js');
    const {formatUp} = await import('../../demo/print.js');
    const r = await demoUp({agentSocket: flags['agent-socket'], stateDir: flags['state-dir'], netnsPrefix: flags['netns-prefix']});
    if (!this.jsonEnabled()) this.io.out(formatUp(r.pods));
    return r;
  }
}
