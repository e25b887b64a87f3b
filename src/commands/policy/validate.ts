import {Args, Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {ExitCode, exitCodesHelp} from '../../cli/exit-codes.js';
import type {ValidateOutcome} from '../../policy/print/validate.js';

export default class PolicyValidate extends AxonCommand {
  static override summary = 'Validate CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and NetworkPolicy files offline.';
  static override description = `Checks every document the way Kubernetes and Cilium 1.19 would: the CRD schema (types, required fields, enums, patterns, unknown fields such as spec.l7Rules), every rule of the Cilium agent's sanitiser, and Kubernetes' NetworkPolicy validation; HTTP path/method regexes are compiled with RE2. Then it lints the known traps (egress without DNS, full-match HTTP paths, shadowed L7 rules, ...) as warnings with stable ids.

Each finding is printed as "file:line:col: error|warning[id]: path: message" followed by a hint, then a summary line. FILE may hold several YAML/JSON documents (--- or a List), be a directory of .yaml/.yml/.json files, or - for stdin. Documents of other kinds are skipped with a warning; input without any policy is an error.

EXIT CODES
${exitCodesHelp(['NOT_FOUND'])}

  1 = at least one error (with --strict: or a warning); 2 = input unreadable, not a file or too large; 8 = a FILE does not exist.`;

  static override examples = [
    {description: 'Validate a policy file (the seed\'s python-app policy is valid with no warning):', command: '<%= config.bin %> <%= command.id %> python-app.yaml'},
    {description: 'The seed\'s allow-nginx CNP fails: spec.l7Rules is not a field; L7 rules go under ingress[N].toPorts[M].rules.http:', command: '<%= config.bin %> <%= command.id %> allow-nginx.yaml'},
    {description: 'Machine-readable result (one JSON object) for CI:', command: '<%= config.bin %> <%= command.id %> policies/ --output json'},
    {description: 'Fail on warnings too (e.g. http-path-exact for path: "/employees"):', command: '<%= config.bin %> <%= command.id %> --strict python-app.yaml'},
    {description: 'Read from stdin:', command: 'kubectl get cnp -A -o yaml | <%= config.bin %> <%= command.id %> -'},
    {description: 'Validate for an agent running with enable-node-selector-labels=true:', command: '<%= config.bin %> <%= command.id %> --node-selector-labels host-policy.yaml'},
  ];

  static override strict = false;
  static override args = {file: Args.string({description: 'Policy file, directory, or - for stdin (several allowed).', required: true})};
  static override flags = {
    // Flags.option directly: the shared outputFlag() builder's return type does not type-check (see report).
    output: Flags.option({char: 'o', description: 'Output format: text, json.', options: ['text', 'json'] as const, default: 'text' as const, helpGroup: 'OUTPUT'})(),
    strict: Flags.boolean({description: 'Warnings fail validation too (exit 1).'}),
    'l7-proxy': Flags.boolean({description: 'The agent runs the L7 proxy (enable-l7-proxy, default on).', allowNo: true, default: true, helpGroup: 'AGENT'}),
    'icmp-rules': Flags.boolean({description: 'The agent accepts icmps rules (enable-icmp-rules, default on).', allowNo: true, default: true, helpGroup: 'AGENT'}),
    'node-selector-labels': Flags.boolean({description: 'The agent accepts fromNodes/toNodes (enable-node-selector-labels, default off).', default: false, helpGroup: 'AGENT'}),
  };

  async run(): Promise<ValidateOutcome> {
    const {argv, flags} = await this.parse(PolicyValidate);
    const {validateFiles} = await import('../../policy/validate/files.js');
    const {formatValidateHuman, formatValidateJson, passes} = await import('../../policy/print/validate.js');
    const agent = {enableL7Proxy: flags['l7-proxy'], enableIcmpRules: flags['icmp-rules'], enableNodeSelectorLabels: flags['node-selector-labels']};
    const result = await validateFiles(argv as string[], {agent, strict: flags.strict});
    this.io.out(flags.output === 'json' ? formatValidateJson(result) : formatValidateHuman(result, {color: this.io.color}));
    if (!passes(result)) this.exit(ExitCode.FAILED);
    return result;
  }
}
