import {AxonCommand} from '../../cli/axon-command.js';
import {demoFlags} from '../../cli/flags-demo.js';

export default class DemoDown extends AxonCommand {
  static override summary = 'Remove the demo pods: servers, CNI DEL of every pod, network namespaces.';
  static override examples = ['sudo <%= config.bin %> demo down', 'sudo <%= config.bin %> demo down --state-dir /tmp/axon/state'];
  static override enableJsonFlag = true;
  static override flags = demoFlags();

  async run(): Promise<unknown> {
    const {flags} = await this.parse(DemoDown);
    const {demoDown} = await import('../../demo/index.js');
    const {formatDown} = await import('../../demo/print.js');
    const r = await demoDown({agentSocket: flags['agent-socket'], stateDir: flags['state-dir'], netnsPrefix: flags['netns-prefix']});
    if (!this.jsonEnabled()) this.io.out(formatDown(r));
    return r;
  }
}
