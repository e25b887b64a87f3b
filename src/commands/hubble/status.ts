import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {clientOptionsFromFlags, hubbleOutputFlag, hubbleServerFlags, normalizeHubbleArgv} from '../../cli/flags-hubble.js';
import {AxonError} from '../../errors.js';

export default class HubbleStatus extends AxonCommand {
  static override summary = 'Show the status of a Hubble server, as `hubble status`.';
  static override description = `Runs the gRPC health check of observer.Observer, then ServerStatus, and prints hubble's text: "Healthcheck (via <server>): Ok", current/max flows, flows per second and (behind Relay) connected nodes. The server is --server, else HUBBLE_SERVER, else the local agent's unix:///var/run/cilium/hubble.sock when it exists, else Relay at localhost:4245.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'TIMEOUT', 'BAD_RESPONSE'])}
  1 is also the code when the server reports itself not serving ("not healthy").`;
  static override examples = [
    '<%= config.bin %> hubble status',
    '<%= config.bin %> hubble status --output json',
    '<%= config.bin %> hubble status --output table --server unix:///tmp/axon/run/hubble.sock',
    '<%= config.bin %> hubble status --server localhost:4245 --request-timeout 3s',
  ];
  static override flags = {
    output: hubbleOutputFlag(),
    ...hubbleServerFlags(),
  };

  async run(): Promise<unknown> {
    const defs = Object.fromEntries(Object.entries({...HubbleStatus.baseFlags, ...HubbleStatus.flags}).map(([n, f]) => [n, {type: (f as {type: string}).type, char: (f as {char?: string}).char}]));
    const {flags} = await this.parse(HubbleStatus, normalizeHubbleArgv(this.argv, defs));
    const format = flags.output === 'jsonpb' ? 'json' : flags.output === 'tab' ? 'table' : flags.output;
    const opts = clientOptionsFromFlags(flags);
    const {connect} = await import('../../hubble/client.js');
    const {formatServerStatus} = await import('../../hubble/print/status.js');
    const client = await connect(opts);
    try {
      const health = await client.healthCheck();
      if (format === 'compact') this.io.out(`Healthcheck (via ${opts.server}): ${health === 'SERVING' ? 'Ok' : `Unavailable: ${health}`}`);
      if (health !== 'SERVING') throw new AxonError('not healthy', {hint: `the server at ${opts.server} answered the health check with ${health}`});
      const status = await client.serverStatus();
      this.io.write(formatServerStatus(status, format));
      return status;
    } finally {
      client.close();
    }
  }
}
