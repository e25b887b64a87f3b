import {Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {hostFlag} from '../../cli/flags-cilium.js';
import {CiliumClient} from '../../cilium/client.js';
import {AgentPolicyClient} from '../../policy/apply/agent.js';
import {formatTrace} from '../../policy/print/trace.js';
import {FLOW_PROTOCOLS, flowFromFlags} from '../../policy/trace/flow.js';
import {traceFlow, type TraceResult} from '../../policy/trace/index.js';
import {loadTraceInputs} from '../../policy/trace/inputs.js';

export default class PolicyTrace extends AxonCommand {
  static override summary = 'Would this flow be allowed? Trace it through CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and NetworkPolicy rules.';
  static override description = `Evaluates one flow the way Cilium 1.19 does: egress at the source, then ingress at the destination; in each direction deny rules first (drop reason 181), then default-deny enablement (enableDefaultDeny, NetworkPolicy policyTypes), then allow rules (else drop reason 133), then L7 (HTTP rules are RE2 full matches, DNS matchName/matchPattern; an allow without L7 for the same peer and port wildcards L7). Namespace scoping, entities, CIDR (world peers only), named ports (endpoint "ports"), ICMP (icmps) and protocol ANY follow network-policy.md section 14.

Policies come from --policies files (results name file:line) or, without it, from the local agent (GET /v1/axon/policies). Endpoints come from --endpoints, a YAML/JSON list of {name: ns/pod, labels: {key: value}, ip, ports: {name: number}}, where a non-pod peer carries a reserved: label (labels: {"reserved:world": ""}); without it, from the agent (GET /v1/endpoint). --to also takes an IP address: an unknown one is a world peer.

-o json prints one document {"verdict", "flow", "source", "destination", "steps", "decidedBy", "dropReason", "l7"}.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'NOT_FOUND'])}
  The verdict does not change the exit code: 0 for ALLOWED and DENIED alike.`;
  static override examples = [
    {
      description: "The seed's python-app policy: GET /employees/1 from namespace test is allowed (path /employees.* is a full match)",
      command:
        '<%= config.bin %> policy trace --policies python-app.yaml --endpoints endpoints.yaml --from test/kienlt-linux-tools --to python-app/python-api-app-production --protocol TCP --dport 5000 --http-method GET --http-path /employees/1',
    },
    {
      description: 'The same from namespace default: dropped at L3 (reason 133)',
      command: '<%= config.bin %> policy trace --policies python-app.yaml --endpoints endpoints.yaml --from default/kienlt-linux-tools --to python-app/python-api-app-production --dport 5000',
    },
    {
      description: 'Egress to an outside address, as JSON',
      command: '<%= config.bin %> policy trace --policies policies/ --endpoints endpoints.yaml --from default/nginx --to 203.0.113.7 --protocol TCP --dport 443 -o json',
    },
    {
      description: 'A DNS query through a DNS-rule egress policy',
      command: '<%= config.bin %> policy trace --policies dns.yaml --endpoints endpoints.yaml --from default/web --to kube-system/coredns --protocol UDP --dport 53 --dns-query api.example.com',
    },
    {description: 'Ping, against the policies and endpoints of the running agent', command: '<%= config.bin %> policy trace --from default/a --to default/b --protocol ICMP --icmp-type 8'},
  ];
  static override flags = {
    policies: Flags.string({char: 'p', description: 'Policy files or directories (- = stdin); default: the agent\'s applied policies.', multiple: true, helpValue: 'FILE', helpGroup: 'INPUT'}),
    endpoints: Flags.string({char: 'e', description: 'Endpoints file (YAML/JSON list of {name: ns/pod, labels, ip, ports}); default: the agent\'s endpoints.', helpValue: 'FILE', helpGroup: 'INPUT'}),
    namespace: Flags.string({char: 'n', description: 'Namespace of namespaced policies that name none (the kube context\'s).', default: 'default', helpValue: 'NAMESPACE', helpGroup: 'INPUT'}),
    'policy-enforcement': Flags.string({description: 'Agent enforcement mode.', options: ['default', 'always', 'never'], default: 'default', helpGroup: 'INPUT'}),
    from: Flags.string({description: 'Source endpoint: ns/pod (or an endpoint name such as host).', required: true, helpValue: 'NS/POD', helpGroup: 'FLOW'}),
    to: Flags.string({description: 'Destination: ns/pod, an endpoint name, or an IP address.', required: true, helpValue: 'NS/POD|IP', helpGroup: 'FLOW'}),
    protocol: Flags.string({description: 'L4 protocol.', options: FLOW_PROTOCOLS, default: 'TCP', helpGroup: 'FLOW'}),
    dport: Flags.integer({description: 'Destination port (the pod port, after service translation).', min: 0, max: 65535, helpValue: 'N', helpGroup: 'FLOW'}),
    'icmp-type': Flags.integer({description: 'ICMP type (with --protocol ICMP), e.g. 8 = echo request.', min: 0, max: 255, helpValue: 'N', helpGroup: 'FLOW'}),
    'http-method': Flags.string({description: 'HTTP request method to check against L7 rules (default GET when --http-path is given).', helpValue: 'METHOD', helpGroup: 'L7'}),
    'http-path': Flags.string({description: 'HTTP request path with query string to check against L7 rules (default /).', helpValue: 'PATH', helpGroup: 'L7'}),
    'http-header': Flags.string({description: 'HTTP request header "Name: value" (repeatable; Host sets :authority).', multiple: true, helpValue: 'HEADER', helpGroup: 'L7'}),
    'dns-query': Flags.string({description: 'DNS name queried, checked against DNS rules.', helpValue: 'NAME', helpGroup: 'L7'}),
    host: hostFlag('agent', 'CILIUM_SOCK or /var/run/cilium/cilium.sock', 'CILIUM_HOST'),
    output: Flags.option({char: 'o', description: 'Output format: text, json.', options: ['text', 'json'] as const, default: 'text' as const, helpGroup: 'OUTPUT'})(),
  };

  async run(): Promise<TraceResult> {
    const {flags} = await this.parse(PolicyTrace);
    const flow = flowFromFlags({
      from: flags.from,
      to: flags.to,
      protocol: flags.protocol,
      dport: flags.dport,
      icmpType: flags['icmp-type'],
      httpMethod: flags['http-method'],
      httpPath: flags['http-path'],
      httpHeader: flags['http-header'],
      dnsQuery: flags['dns-query'],
    });
    let agent: AgentPolicyClient | undefined;
    try {
      const inputs = await loadTraceInputs({policies: flags.policies, endpoints: flags.endpoints, agent: () => (agent ??= new AgentPolicyClient(CiliumClient.agent(flags.host)))});
      for (const line of inputs.invalid) this.io.err(`Warning: ${line}`);
      if (inputs.invalid.length) this.io.err('Hint: traced as written, unknown fields ignored (as the API server prunes them); "axon policy validate" explains each error');
      const result = traceFlow({policies: inputs.policies, endpoints: inputs.endpoints, flow, defaultNamespace: flags.namespace, enforcement: flags['policy-enforcement'] as 'default'});
      this.io.out(flags.output === 'json' ? JSON.stringify(result, null, 2) : formatTrace(result, {color: this.io.color}));
      return result;
    } finally {
      agent?.close();
    }
  }
}
