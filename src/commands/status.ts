import {Flags} from '@oclif/core';
import {AxonCommand} from '../cli/axon-command.js';
import {ExitCode, exitCodesHelp} from '../cli/exit-codes.js';
import {ciliumOutputFlag, durationFlag, hostFlag, normalizeBoolFlags} from '../cli/flags-cilium.js';
import {CiliumClient} from '../cilium/client.js';
import {goJson, renderOutput, statusModel} from '../cilium/print/output.js';
import {ciliumUnhealthy, detailsFromFlags, formatBrief, formatStatus, healthEnabled} from '../cilium/print/status.js';
import {getClusterHealth, getHealthz, getModuleHealth, remainingMs, type StatusDocument} from '../cilium/status.js';
import {AxonError} from '../errors.js';

const detail = (description: string) => Flags.boolean({description, helpGroup: 'DETAILS'});

export default class Status extends AxonCommand {
  static override summary = 'Show the state of the local agent, as `cilium-dbg status` (same text, flags and exit codes).';
  static override description = `Reads GET /v1/healthz from the agent (cilium.sock) and prints it line for line like cilium-dbg status 1.19. When the agent runs the health prober, the module health table (GET /statedb/query) and the cluster health of health.sock (GET /v1beta/status) follow. The socket is -H/--host, else CILIUM_SOCK, else /var/run/cilium/cilium.sock; health.sock is CILIUM_HEALTH_SOCK, else /var/run/cilium/health.sock.

-o json|yaml|jsonpath prints upstream's model only (no cluster or module health, exit 0 whatever the state); --json prints ONE document {status, clusterHealth, modules} with everything the text shows. Only cilium.state decides the exit code (as upstream): failing controllers, unreachable nodes and a down health.sock still exit 0; --brief can print "error in controller …" and exit 0.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'TIMEOUT', 'BAD_RESPONSE'])}
  1 is also the code when cilium.state is not Ok or Disabled. With --brief, request errors print
  "cilium: daemon unreachable" (as upstream) and exit with the codes above.`;
  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --brief --timeout 2s',
    '<%= config.bin %> status --verbose',
    '<%= config.bin %> status --all-controllers --all-nodes',
    "<%= config.bin %> status -o jsonpath='{.cilium.state}'",
    '<%= config.bin %> status --json | jq .clusterHealth.nodes',
    '<%= config.bin %> status --host unix:///tmp/axon/run/cilium.sock',
  ];
  static override flags = {
    brief: Flags.boolean({description: 'Print one line: OK or "error in <component>: <message>".'}),
    verbose: Flags.boolean({description: 'Every --all-* flag plus kube-proxy replacement details, BPF map sizes and clock source.'}),
    'all-addresses': detail('List every allocated IP address.'),
    'all-clusters': detail('List every ClusterMesh remote cluster, not only the ones not ready.'),
    'all-controllers': detail('List every controller, not only the failing ones.'),
    'all-health': detail('Print the module health tree instead of its summary.'),
    'all-nodes': detail('List every node in the cluster health table (no 10-row cap).'),
    'all-redirects': detail('List every proxy redirect.'),
    timeout: durationFlag('Timeout of the status request (a Go duration).', '30s'),
    'require-k8s-connectivity': Flags.boolean({
      description: 'Let a Kubernetes failure make the agent unhealthy (sent as a header).',
      default: true,
      allowNo: true,
    }),
    output: ciliumOutputFlag({exclusive: ['json']}),
    json: Flags.boolean({description: 'One JSON document: {status, clusterHealth, modules} (beyond upstream).', helpGroup: 'OUTPUT', exclusive: ['output', 'brief']}),
    host: hostFlag('agent', 'CILIUM_SOCK or /var/run/cilium/cilium.sock', 'CILIUM_HOST'),
  };

  async run(): Promise<unknown> {
    const bools = {brief: false, verbose: false, 'all-addresses': false, 'all-clusters': false, 'all-controllers': false, 'all-health': false, 'all-nodes': false, 'all-redirects': false, json: false, 'require-k8s-connectivity': true};
    const {flags} = await this.parse(Status, normalizeBoolFlags(this.argv, bools));
    const agent = CiliumClient.agent(flags.host);
    const health = CiliumClient.health();
    try {
      const sr = await getHealthz(agent, {brief: Boolean(flags.brief), requireK8sConnectivity: flags['require-k8s-connectivity'], timeoutMs: flags.timeout}).catch((e: unknown) => {
        if (flags.brief && e instanceof AxonError) {
          // upstream's probe-friendly line; the exit code still says why
          this.io.err('cilium: daemon unreachable');
          this.exit(e.exitCode);
        }
        throw e;
      });

      if (flags.output) {
        this.io.write(await renderOutput(flags.output, statusModel(sr), {trailingEmptyLine: true}));
        return sr;
      }
      const unhealthy = ciliumUnhealthy(sr);
      if (flags.brief) {
        this.io.write(formatBrief(sr));
        if (unhealthy) process.exitCode = ExitCode.FAILED;
        return sr;
      }

      const probe = healthEnabled(sr);
      const modules = probe && (!unhealthy || flags.json) ? await getModuleHealth(agent, remainingMs(flags.timeout)) : undefined;
      const cluster = probe && (!unhealthy || flags.json) ? await getClusterHealth(health, remainingMs(flags.timeout)) : undefined;
      if (flags.json) {
        const doc: StatusDocument = {
          status: statusModel(sr),
          clusterHealth: cluster?.health ?? null,
          ...(cluster?.error ? {clusterHealthError: cluster.error} : {}),
          modules: modules ?? null,
        };
        this.io.write(goJson(doc) + '\n');
        if (unhealthy) process.exitCode = ExitCode.FAILED;
        return doc;
      }
      this.io.write(formatStatus(sr, detailsFromFlags({
        verbose: flags.verbose,
        allAddresses: flags['all-addresses'],
        allClusters: flags['all-clusters'],
        allControllers: flags['all-controllers'],
        allHealth: flags['all-health'],
        allNodes: flags['all-nodes'],
        allRedirects: flags['all-redirects'],
      }), {clusterHealth: cluster ? cluster.health : undefined, modules}));
      if (unhealthy) process.exitCode = ExitCode.FAILED;
      return sr;
    } finally {
      agent.close();
      health.close();
    }
  }
}
