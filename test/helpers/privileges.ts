// Skip privileged tests only when a capability is really missing, and say which.
import {existsSync, readFileSync} from 'node:fs';

const CAP_BITS = {CAP_NET_ADMIN: 12, CAP_NET_RAW: 13, CAP_SYS_ADMIN: 21, CAP_PERFMON: 38, CAP_BPF: 39} as const;
export type Requirement = keyof typeof CAP_BITS | 'bpffs' | 'ip' | 'root';

function effectiveCaps(): bigint {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? BigInt(`0x${m[1]}`) : 0n;
}

export function bpffsMounted(path = '/sys/fs/bpf'): boolean {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((l) => {
      const [, mnt, type] = l.split(' ');
      return mnt === path && type === 'bpf';
    });
}

/** Returns a reason string when something is missing, else undefined. */
export function missingPrivileges(reqs: Requirement[]): string | undefined {
  const caps = effectiveCaps();
  const missing: string[] = [];
  for (const r of reqs) {
    if (r === 'bpffs') {
      if (!bpffsMounted()) missing.push('bpffs not mounted at /sys/fs/bpf (mount -t bpf bpf /sys/fs/bpf)');
    } else if (r === 'ip') {
      if (!existsSync('/usr/sbin/ip') && !existsSync('/sbin/ip') && !existsSync('/usr/bin/ip')) missing.push('iproute2 (ip) not installed');
    } else if (r === 'root') {
      if (process.getuid?.() !== 0) missing.push('not running as root');
    } else if ((caps & (1n << BigInt(CAP_BITS[r]))) === 0n) {
      missing.push(`${r} not in the effective capability set`);
    }
  }
  return missing.length ? missing.join('; ') : undefined;
}

/** Use in before(): `requirePrivileges(this, ['CAP_BPF', 'CAP_NET_ADMIN', 'bpffs'])`. */
export function requirePrivileges(ctx: Mocha.Context, reqs: Requirement[]): void {
  const why = missingPrivileges(reqs);
  if (why) {
    console.log(`      skipped: ${why}`);
    ctx.skip();
  }
}
