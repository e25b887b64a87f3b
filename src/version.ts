// Version facts, cheap to compute: bin/run.js prints them without loading oclif.
import {readFileSync, realpathSync} from 'node:fs';
import {arch, platform, release} from 'node:os';
import {packagePath} from './paths.js';

export interface VersionInfo {
  version: string;
  platform: string;
  node: string;
  kernel?: string;
  libbpf?: string;
}

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu'];

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {version: string}).version;
}

/** libbpf's version from the soname link target (libbpf.so.1 -> libbpf.so.1.1.2), without loading it. */
export function libbpfVersion(dirs: string[] = LIB_DIRS): string | undefined {
  for (const d of dirs) {
    try {
      const m = /libbpf\.so\.(\d+\.\d+\.\d+)$/.exec(realpathSync(`${d}/libbpf.so.1`));
      if (m) return m[1];
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function versionInfo(verbose: boolean): VersionInfo {
  const info: VersionInfo = {version: packageVersion(), platform: `${platform()}-${arch()}`, node: process.version};
  if (verbose) {
    info.kernel = release();
    info.libbpf = libbpfVersion() ?? 'not found (apt-get install libbpf1)';
  }
  return info;
}

/** Same shape as oclif's user agent line: "axon/0.1.0 linux-x64 node-v20.20.2". */
export function formatVersion(v: VersionInfo): string {
  const lines = [`axon/${v.version} ${v.platform} node-${v.node}`];
  if (v.kernel !== undefined) lines.push(`kernel: ${v.kernel}`);
  if (v.libbpf !== undefined) lines.push(`libbpf: ${v.libbpf}`);
  return lines.join('\n');
}
