import {Flags} from '@oclif/core';
import {AxonCommand} from '../cli/axon-command.js';
import {exitCodesHelp} from '../cli/exit-codes.js';
import {FLOW_BUFFER, POD_CIDR, RUN_DIR, STATE_DIR} from '../defaults.js';

export default class Agent extends AxonCommand {
  static override summary = 'Run the local agent: Cilium REST API, cilium-health and Hubble on unix sockets, pods through axon-cni.';
  static override description = `Runs in the foreground until SIGTERM or SIGINT (Ctrl-C), logging one logfmt line per event on stderr.
Serves <run-dir>/cilium.sock (/v1 REST, as cilium-agent), <run-dir>/health.sock (/v1beta, as cilium-health) and
<run-dir>/hubble.sock (gRPC observer.Observer). Pods join through the axon-cni CNI plugin; endpoints, IPAM and
identities persist in <state-dir> and are re-adopted after a restart. Needs root (CAP_NET_ADMIN; CAP_BPF for flows).
Refuses to start when a live agent owns the sockets; stale sockets of a dead agent are replaced.

EXIT CODES
${exitCodesHelp(['PERMISSION'])}`;
  static override examples = [
    'sudo <%= config.bin %> agent',
    'sudo <%= config.bin %> agent --run-dir /tmp/axon/run --state-dir /tmp/axon/state --pod-cidr 10.210.0.0/24',
    'sudo <%= config.bin %> agent --flow-buffer 65535 --node-name dev-laptop',
  ];
  static override flags = {
    'run-dir': Flags.string({description: 'Directory for cilium.sock, health.sock and hubble.sock.', default: RUN_DIR}),
    'state-dir': Flags.string({description: 'Directory where endpoints, IPAM and identities persist.', default: STATE_DIR}),
    'pod-cidr': Flags.string({description: 'IPv4 range for pods; its first address is the host-side router.', default: POD_CIDR}),
    'flow-buffer': Flags.integer({description: 'Capacity of the Hubble flow ring.', default: FLOW_BUFFER, min: 1}),
    'node-name': Flags.string({description: 'Node name in flows and health (default: the host name).'}),
  };

  async run(): Promise<void> {
    const {flags} = await this.parse(Agent);
    const {runAgent} = await import('../agent/daemon.js');
    await runAgent({
      runDir: flags['run-dir'],
      stateDir: flags['state-dir'],
      podCidr: flags['pod-cidr'],
      flowBuffer: flags['flow-buffer'],
      nodeName: flags['node-name'],
    });
  }
}
