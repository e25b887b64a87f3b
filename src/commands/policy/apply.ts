import {Args, Flags} from '@oclif/core';
import {AxonCommand} from '../../cli/axon-command.js';
import {exitCodesHelp} from '../../cli/exit-codes.js';
import {hostFlag} from '../../cli/flags-cilium.js';
import {parseGoDuration} from '../../cilium/print/go.js';
import {CiliumClient} from '../../cilium/client.js';
import {AxonError, UsageError} from '../../errors.js';
import {AgentPolicyClient} from '../../policy/apply/agent.js';
import {readPolicyInput} from '../../policy/apply/input.js';
import {formatApply, type ApplyOutput} from '../../policy/print/apply.js';
import {formatValidateHuman} from '../../policy/print/validate.js';

export default class PolicyApply extends AxonCommand {
  static override summary = 'Validate policy files, then apply them to Kubernetes (server-side apply) or to the local axon agent.';
  static override description = `Every file is read and validated first (the checks of "axon policy validate"); invalid input, or a document of another kind, is refused and nothing is applied. Warnings are printed to stderr and do not stop the apply.

Kubernetes (default): the kubeconfig (--kubeconfig, KUBECONFIG, ~/.kube/config) and its current context (--context) give the cluster and the namespace of objects without one (-n overrides; a mismatch with metadata.namespace is an error; a CiliumClusterwideNetworkPolicy's namespace is dropped). The CRDs (ciliumnetworkpolicies.cilium.io, ciliumclusterwidenetworkpolicies.cilium.io) are checked, every object is sent as a server dry run, and only when all pass are they applied with server-side apply (field manager "axon", fieldValidation=Strict, so unknown fields fail instead of being pruned). Then axon waits (--timeout) for cilium-operator's status.conditions[Valid] and prints it; Valid=False exits 1.

--agent: the validated resources go to the local agent (PUT /v1/axon/policies on cilium.sock), which persists them in its state directory and serves them on GET /v1/policy.

--dry-run=client validates (and for Kubernetes reads what exists) without writing; --dry-run=server (Kubernetes) runs the server's admission and validation without persisting.

EXIT CODES
${exitCodesHelp(['UNREACHABLE', 'PERMISSION', 'NOT_FOUND'])}
  1 also: invalid input (nothing applied), a 409 conflict or 422 rejection, Valid=False.
  8: a FILE, the kubeconfig or a CRD does not exist.`;
  static override examples = [
    {description: "Apply the seed's python-app policy to the current kube context", command: '<%= config.bin %> policy apply python-app.yaml'},
    {description: 'Server dry run in another context and namespace', command: '<%= config.bin %> policy apply policies/ --context staging --namespace team-a --dry-run=server'},
    {description: 'Hand the policies to the local axon agent', command: '<%= config.bin %> policy apply python-app.yaml --agent'},
    {description: 'Apply from stdin without waiting for the operator', command: 'cat allow-web.yaml | <%= config.bin %> policy apply - --timeout 0s'},
  ];
  static override strict = false;
  static override args = {file: Args.string({description: 'Policy file, directory, or - for stdin (several allowed).', required: true})};
  static override flags = {
    agent: Flags.boolean({description: 'Apply to the local axon agent (cilium.sock) instead of Kubernetes.', helpGroup: 'TARGET'}),
    host: hostFlag('agent', 'CILIUM_SOCK or /var/run/cilium/cilium.sock', 'CILIUM_HOST'),
    kubeconfig: Flags.string({description: 'Kubeconfig file (default: KUBECONFIG, then ~/.kube/config).', helpValue: 'FILE', helpGroup: 'KUBERNETES'}),
    context: Flags.string({description: 'Kubeconfig context to use (default: the current context).', helpValue: 'CONTEXT', helpGroup: 'KUBERNETES'}),
    namespace: Flags.string({char: 'n', description: 'Namespace for objects without metadata.namespace (default: the context\'s).', helpValue: 'NAMESPACE', helpGroup: 'KUBERNETES'}),
    'dry-run': Flags.string({description: 'client: validate only; server: Kubernetes server-side dry run.', options: ['none', 'client', 'server'], default: 'none'}),
    'force-conflicts': Flags.boolean({description: 'Take over fields owned by another field manager (server-side apply force).', helpGroup: 'KUBERNETES'}),
    timeout: Flags.custom<number>({
      description: 'How long to wait for the operator\'s Valid condition, a Go duration (0s = do not wait).',
      helpValue: 'DURATION',
      default: async () => 30_000,
      defaultHelp: async () => '30s',
      parse: async (input) => {
        const ns = input === '0' ? 0 : parseGoDuration(input);
        if (Number.isNaN(ns) || ns < 0) throw new UsageError(`invalid duration "${input}"`, {hint: 'use a Go duration with a unit, e.g. 30s, 2m, 0s'});
        return Math.round(ns / 1e6);
      },
    })(),
    output: Flags.option({char: 'o', description: 'Output format: text, json.', options: ['text', 'json'] as const, default: 'text' as const, helpGroup: 'OUTPUT'})(),
  };

  async run(): Promise<ApplyOutput> {
    const {argv, flags} = await this.parse(PolicyApply);
    const dryRun = flags['dry-run'] as 'none' | 'client' | 'server';
    if (flags.agent && dryRun === 'server') throw new UsageError('--dry-run=server needs a Kubernetes target', {hint: 'the agent has no server dry run; use --dry-run=client'});
    if (flags.agent && (flags.context || flags.kubeconfig || flags['force-conflicts'])) throw new UsageError('--context, --kubeconfig and --force-conflicts apply to Kubernetes, not to --agent');
    const input = await readPolicyInput(argv as string[]);
    if (input.validation.warnings.length) this.io.err(formatValidateHuman({...input.validation, errors: [], infos: [], strict: false}, {color: false}).trimEnd());
    let out: ApplyOutput;
    if (flags.agent) {
      const agent = new AgentPolicyClient(CiliumClient.agent(flags.host));
      try {
        out = await agent.applyOrPreview(input.resources, dryRun === 'client');
      } finally {
        agent.close();
      }
    } else {
      const {applyToKubernetes} = await import('../../policy/apply/k8s.js');
      out = await applyToKubernetes(input.resources, {kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, dryRun, forceConflicts: flags['force-conflicts'], waitMs: flags.timeout});
    }
    this.io.out(flags.output === 'json' ? JSON.stringify(out, null, 2) : formatApply(out, {color: this.io.color, waitedMs: flags.timeout}));
    const invalid = out.target === 'kubernetes' ? out.items.filter((i) => typeof i.valid === 'object' && i.valid.status === 'False') : [];
    if (invalid.length) throw new AxonError(`cilium-operator marked ${invalid.map((i) => i.resource).join(', ')} Valid=False`, {hint: 'the policy is stored but not enforced; fix it and apply again'});
    return out;
  }
}
