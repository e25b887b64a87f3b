// After the whole suite: nothing the tests created may be left on the machine.
// Own-prefixed netns/links are always checked; machine-wide state (bpffs pins under
// /sys/fs/bpf/axon, new kernel programs) is compared with a snapshot taken at start,
// unless AXON_RESIDUE_STRICT=0 (for developers running several suites at once).
import {existsSync, readdirSync} from 'node:fs';
import {LINK_PREFIX, NETNS_PREFIX} from './netns.js';
import {trySh} from './sh.js';

export const TEST_BPFFS_ROOT = `/sys/fs/bpf/axon-test-${process.pid.toString(36)}`;

interface Snapshot {
  progIds: Set<number>;
  axonPins: Set<string>;
}

async function progIds(): Promise<Map<number, string>> {
  const r = await trySh('bpftool', ['-j', 'prog', 'list'], 5000);
  const out = new Map<number, string>();
  if (!r.ok) return out;
  try {
    for (const p of JSON.parse(r.out) as Array<{id: number; name?: string}>) out.set(p.id, p.name ?? '');
  } catch {
    // bpftool missing or not JSON: nothing to compare
  }
  return out;
}

function listDir(p: string): string[] {
  return existsSync(p) ? readdirSync(p) : [];
}

export async function snapshot(): Promise<Snapshot> {
  return {progIds: new Set((await progIds()).keys()), axonPins: new Set(listDir('/sys/fs/bpf/axon'))};
}

const strict = () => process.env.AXON_RESIDUE_STRICT !== '0';

async function findResidue(before: Snapshot): Promise<string[]> {
  const found: string[] = [];
  const ns = await trySh('ip', ['netns', 'list']);
  for (const line of ns.out.split('\n')) if (line.startsWith(NETNS_PREFIX)) found.push(`netns ${line.split(' ')[0]}`);
  const links = await trySh('ip', ['-o', 'link', 'show']);
  for (const line of links.out.split('\n')) {
    const name = /^\d+: ([^:@]+)/.exec(line)?.[1];
    if (name?.startsWith(LINK_PREFIX)) found.push(`link ${name}`);
  }
  if (listDir(TEST_BPFFS_ROOT).length) found.push(`pins under ${TEST_BPFFS_ROOT}: ${listDir(TEST_BPFFS_ROOT).join(', ')}`);
  if (strict()) {
    const pins = listDir('/sys/fs/bpf/axon').filter((p) => !before.axonPins.has(p));
    if (pins.length) found.push(`pins under /sys/fs/bpf/axon: ${pins.join(', ')}`);
    const progs = [...(await progIds())].filter(([id]) => !before.progIds.has(id));
    if (progs.length) found.push(`eBPF programs still loaded: ${progs.map(([id, n]) => `${id} ${n}`).join(', ')}`);
  }
  return found;
}

/** Polls for up to 3 s (the kernel frees programs asynchronously), then throws listing what is left. */
export async function assertNoResidue(before: Snapshot): Promise<void> {
  let found: string[] = [];
  for (let i = 0; i < 30; i++) {
    found = await findResidue(before);
    if (!found.length) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the tests left residue on this machine:\n  ${found.join('\n  ')}`);
}
