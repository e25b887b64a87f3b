import {Args} from '@oclif/core';
import {AxonCommand} from '../cli/axon-command.js';
import {loadCliInfo} from '../completion/manifest.js';
import {renderScript, SHELLS, type Shell} from '../completion/scripts/index.js';

export default class Completion extends AxonCommand {
  static override summary = 'Print the shell completion script for bash, zsh or fish.';
  static override description = [
    'The script completes commands, topics, flags and their values, and live values from this host: pods, namespaces, labels, identities and IPs from the local agent, interfaces, network namespaces, pinned bpf ids, program names of the object file given on the line, kubeconfig contexts. It calls back into "axon __complete", which answers within AXON_COMPLETE_TIMEOUT_MS (default 300 ms) even when the agent does not answer.',
    'INSTALLATION: the examples below load it into the current session, install it for your user, or system-wide, for each shell. bash needs no bash-completion package for the current session; the per-user directory is read by bash-completion (without it, put the "source" line in ~/.bashrc). zsh needs compinit ("autoload -Uz compinit && compinit" in ~/.zshrc); for the per-user file add "fpath=(~/.zsh/completions $fpath)" before compinit, and run "rm -f ~/.zcompdump" if an old dump hides it. Start a new shell after installing a file.',
    'The same scripts ship as completions/axon.bash, completions/_axon and completions/axon.fish.',
  ].join('\n\n');

  static override examples = [
    {description: 'bash, current session:', command: 'source <(<%= config.bin %> completion bash)'},
    {description: 'bash, per user (bash-completion):', command: 'mkdir -p ~/.local/share/bash-completion/completions && <%= config.bin %> completion bash > ~/.local/share/bash-completion/completions/axon'},
    {description: 'bash, system-wide:', command: '<%= config.bin %> completion bash | sudo tee /usr/share/bash-completion/completions/axon >/dev/null'},
    {description: 'zsh, current session:', command: 'source <(<%= config.bin %> completion zsh)'},
    {description: 'zsh, per user (then fpath=(~/.zsh/completions $fpath) before compinit in ~/.zshrc):', command: 'mkdir -p ~/.zsh/completions && <%= config.bin %> completion zsh > ~/.zsh/completions/_axon'},
    {description: 'zsh, system-wide:', command: '<%= config.bin %> completion zsh | sudo tee /usr/local/share/zsh/site-functions/_axon >/dev/null'},
    {description: 'fish, current session:', command: '<%= config.bin %> completion fish | source'},
    {description: 'fish, per user:', command: '<%= config.bin %> completion fish > ~/.config/fish/completions/axon.fish'},
    {description: 'fish, system-wide:', command: '<%= config.bin %> completion fish | sudo tee /usr/share/fish/vendor_completions.d/axon.fish >/dev/null'},
  ];

  static override args = {
    shell: Args.string({description: 'Shell to print the script for.', required: true, options: [...SHELLS]}),
  };

  async run(): Promise<string> {
    const {args} = await this.parse(Completion);
    const script = renderScript(args.shell as Shell, loadCliInfo());
    this.io.write(script);
    return script;
  }
}
