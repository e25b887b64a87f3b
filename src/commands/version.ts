import {Flags} from '@oclif/core';
import {AxonCommand} from '../cli/axon-command.js';
import {formatVersion, versionInfo, type VersionInfo} from '../version.js';

export default class Version extends AxonCommand {
  static override summary = 'Print the axon version (with --verbose: Node, kernel and libbpf versions).';
  static override examples = ['<%= config.bin %> version', '<%= config.bin %> version --verbose', '<%= config.bin %> version --json'];
  static override enableJsonFlag = true;
  static override flags = {
    verbose: Flags.boolean({char: 'v', description: 'Also print the kernel and libbpf versions.'}),
  };

  async run(): Promise<VersionInfo> {
    const {flags} = await this.parse(Version);
    const info = versionInfo(flags.verbose || this.jsonEnabled());
    this.log(formatVersion(info));
    return info;
  }
}
