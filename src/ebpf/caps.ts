// Capabilities checked before touching the kernel, so the error names what is missing
// instead of a bare EPERM from bpf(2).
import {readFileSync} from 'node:fs';
import {PermissionError} from '../errors.js';

const CAP = {CAP_NET_ADMIN: 12, CAP_SYS_ADMIN: 21, CAP_BPF: 39} as const;

export function effectiveCaps(status = readFileSync('/proc/self/status', 'utf8')): bigint {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

/** The capabilities missing for loading and attaching (CAP_SYS_ADMIN stands in for CAP_BPF, as in the kernel). */
export function missingCapabilities(opts: {netns?: boolean} = {}, caps = effectiveCaps()): string[] {
  const has = (c: keyof typeof CAP) => (caps & (1n << BigInt(CAP[c]))) !== 0n;
  const missing: string[] = [];
  if (!has('CAP_BPF') && !has('CAP_SYS_ADMIN')) missing.push('CAP_BPF');
  if (!has('CAP_NET_ADMIN')) missing.push('CAP_NET_ADMIN');
  if (opts.netns && !has('CAP_SYS_ADMIN')) missing.push('CAP_SYS_ADMIN');
  return missing;
}

export function requireCapabilities(netns?: string, what = 'loading and attaching eBPF'): void {
  const missing = missingCapabilities({netns: !!netns});
  if (missing.length) {
    throw new PermissionError(`${what} needs ${missing.join(' and ')}, which this process lacks (uid ${process.getuid?.()})`, {
      hint: 'run as root (sudo axon bpf ...), or grant the capabilities, e.g. setcap/capsh',
    });
  }
}
