// Checks before the agent touches anything: capabilities it needs, with the missing ones named.
import {readFileSync} from 'node:fs';
import {PermissionError} from '../errors.js';

const CAPS = {CAP_NET_ADMIN: 12, CAP_NET_RAW: 13, CAP_SYS_ADMIN: 21, CAP_BPF: 39} as const;
export type CapName = keyof typeof CAPS;

export function effectiveCaps(status = readFileSync('/proc/self/status', 'utf8')): bigint {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

export function missingCaps(want: CapName[], caps = effectiveCaps()): CapName[] {
  return want.filter((c) => (caps & (1n << BigInt(CAPS[c]))) === 0n);
}

/** The agent manages routes and links and loads eBPF: without CAP_NET_ADMIN it cannot work. */
export function requireAgentCaps(caps = effectiveCaps()): {bpf: boolean} {
  const missing = missingCaps(['CAP_NET_ADMIN'], caps);
  if (missing.length)
    throw new PermissionError(`axon agent needs the ${missing.join(', ')} capability (missing from the effective set of uid ${process.getuid?.()})`, {
      hint: 'run it as root: sudo axon agent (or grant CAP_NET_ADMIN and CAP_BPF, e.g. systemd AmbientCapabilities=)',
    });
  return {bpf: missingCaps(['CAP_BPF'], caps).length === 0};
}
