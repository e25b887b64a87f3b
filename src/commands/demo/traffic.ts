import {Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {demoFlags} from '../../cli/flags-demo.js';

export default class DemoTraffic extends AxonCommand {
  static override summary = 'Send a round of traffic between the demo pods: DNS to coredns, HTTP to the API, ICMP.';
  static override description = 'From test/linux-tools and default/linux-tools: a DNS lookup of python-api-app-production.python-app.svc.cluster.local at kube-system/coredns, HTTP GETs of /employees on port 5000, and a ping. One line per request; --count 0 repeats until Ctrl-C.';
  static override examples = [
    'sudo <%= config.bin %> demo traffic',
    'sudo <%= config.bin %> demo traffic --count 0 --interval 2',
    'sudo <%= config.bin %> demo traffic --count 5 --json',
  ];
  static override enableJsonFlag = true;
  static override flags = {
    ...demoFlags(),
    count: Flags.integer({description: 'Rounds to send (0: until Ctrl-C).', default: 1, min: 0}),
    interval: Flags.integer({description: 'Seconds between rounds.', default: 1, min: 0}),
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(DemoTraffic);
    const {demoTraffic} = await import('../../demo/index.js');
    const {formatTraffic} = await import('../../demo/print.js');
    const o = {agentSocket: flags['agent-socket'], stateDir: flags['state-dir'], netnsPrefix: flags['netns-prefix']};
    const all = [];
    let stop = false;
    process.once('SIGINT', () => (stop = true));
    for (let i = 0; !stop && (flags.count === 0 || i < flags.count); i++) {
      if (i) await new Promise((r) => setTimeout(r, flags.interval * 1000));
      const events = await demoTraffic(o);
      all.push(...events);
      if (!this.jsonEnabled()) this.io.out(formatTraffic(events));
    }
    return all;
  }
}
