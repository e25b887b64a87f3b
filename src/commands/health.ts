import {Flags} from '@oclif/core';
import {AxonCommand} from '../cli/axon-command.js';
import {ExitCode, exitCodesHelp} from '../cli/exit-codes.js';
import {ciliumOutputFlag, durationFlag, hostFlag, normalizeBoolFlags} from '../cli/flags-cilium.js';
import {CiliumClient} from '../cilium/client.js';
import {getHealthStatus} from '../cilium/health.js';
import {formatHealth, unreachableNodes} from '../cilium/print/health.js';
import {renderOutput} from '../cilium/print/output.js';
import {HEALTH_TIMEOUT_MS} from '../defaults.js';

export default class Health extends AxonCommand {
  static override summary = 'Show node-to-node connectivity, as `cilium-health status` (same text and exit codes).';
  static override description = `Reads the last probe round from cilium-health (GET /v1beta/status on health.sock), or runs a new round with --probe (PUT /v1beta/status/probe). The socket is -H/--host, else CILIUM_HEALTH_SOCK, else /var/run/cilium/health.sock. Every node is listed, the local one first; --verbose prints each path.

As upstream, unreachable nodes do not change the exit code; --strict (beyond upstream) exits 3 when any node or endpoint path is unreachable (not-yet-probed paths count as reachable), for cron and probes.

EXIT CODES
${exitCodesHelp(['UNHEALTHY', 'UNREACHABLE', 'PERMISSION', 'TIMEOUT', 'BAD_RESPONSE'])}`;
  static override examples = [
    '<%= config.bin %> health',
    '<%= config.bin %> health --probe --verbose',
    '<%= config.bin %> health --strict || echo "a node is unreachable"',
    '<%= config.bin %> health -o json | jq ".nodes[].name"',
    '<%= config.bin %> health --host unix:///tmp/axon/run/health.sock',
  ];
  static override flags = {
    probe: Flags.boolean({description: 'Run a probe round now (PUT /v1beta/status/probe) instead of reading the last one.'}),
    verbose: Flags.boolean({description: 'Print every host and endpoint path with RTT and probe time.'}),
    succinct: Flags.boolean({description: 'The <=1.16 layout: one line per node with reachable/unreachable.'}),
    strict: Flags.boolean({description: 'Exit 3 when any node or endpoint is unreachable (beyond upstream).'}),
    output: ciliumOutputFlag(),
    timeout: durationFlag('Timeout of the request (a Go duration).', `${HEALTH_TIMEOUT_MS / 1000}s`),
    host: hostFlag('cilium-health', 'CILIUM_HEALTH_SOCK or /var/run/cilium/health.sock'),
  };

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Health, normalizeBoolFlags(this.argv, {probe: false, verbose: false, succinct: false, strict: false}));
    const client = CiliumClient.health(flags.host);
    try {
      const hr = await getHealthStatus(client, {probe: flags.probe, timeoutMs: flags.timeout});
      this.io.write(flags.output ? await renderOutput(flags.output, hr) : formatHealth(hr, {verbose: flags.verbose, succinct: flags.succinct}));
      const bad = flags.strict ? unreachableNodes(hr) : [];
      if (bad.length > 0) {
        this.io.err(`${bad.length}/${(hr.nodes ?? []).length} nodes unreachable: ${bad.map((n) => n.name ?? '').join(', ')}`);
        process.exitCode = ExitCode.UNHEALTHY;
      }
      return hr;
    } finally {
      client.close();
    }
  }
}
