// Test hosts: uniquely named network namespaces and veth pairs with addresses from a
// test-only range (10.251.0.0/16), each removal registered before the resource exists.
import {cleanup} from './cleanup.js';
import {sh, trySh} from './sh.js';

const TAG = process.pid.toString(36);
/** Every netns and link created by this test process starts with these prefixes. */
export const NETNS_PREFIX = `axt-${TAG}-`;
export const LINK_PREFIX = `axv${TAG}`;
let counter = 0;
// /30 subnets in use; a slot is freed when its pair is removed, so a long suite never runs out.
const slots = new Set<number>();

function takeSlot(): number {
  for (let n = 0; n < 64; n++) {
    if (!slots.has(n)) {
      slots.add(n);
      cleanup.add(() => slots.delete(n));
      return n;
    }
  }
  throw new Error('more than 64 veth pairs alive at once in one test process');
}

export async function nsExec(ns: string, cmd: string, args: string[], timeout?: number): Promise<string> {
  return sh('ip', ['netns', 'exec', ns, cmd, ...args], {timeout});
}

export async function createNetns(): Promise<string> {
  const name = `${NETNS_PREFIX}${++counter}`;
  cleanup.add(() => trySh('ip', ['netns', 'del', name]));
  await sh('ip', ['netns', 'add', name]);
  await nsExec(name, 'ip', ['link', 'set', 'lo', 'up']);
  return name;
}

export interface VethPair {
  ns: string;
  /** host-side interface, in the root namespace */
  hostIf: string;
  /** interface inside ns */
  nsIf: string;
  hostIp: string;
  nsIp: string;
  exec(cmd: string, args: string[], timeout?: number): Promise<string>;
}

function subnet(n: number): [string, string] {
  const third = process.pid % 250;
  return [`10.251.${third}.${n * 4 + 1}`, `10.251.${third}.${n * 4 + 2}`];
}

/** A netns joined to the root namespace by a veth pair: host 10.251.X.(4n+1)/30 <-> ns .(4n+2)/30. */
export async function createVethPair(): Promise<VethPair> {
  const slot = takeSlot();
  const ns = await createNetns();
  const n = counter;
  const hostIf = `${LINK_PREFIX}${n}h`;
  const nsIf = `${LINK_PREFIX}${n}n`;
  const [hostIp, nsIp] = subnet(slot);
  cleanup.add(() => trySh('ip', ['link', 'del', hostIf]));
  await sh('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
  await sh('ip', ['link', 'set', nsIf, 'netns', ns]);
  await sh('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
  await sh('ip', ['link', 'set', hostIf, 'up']);
  await nsExec(ns, 'ip', ['addr', 'add', `${nsIp}/30`, 'dev', nsIf]);
  await nsExec(ns, 'ip', ['link', 'set', nsIf, 'up']);
  return {ns, hostIf, nsIf, hostIp, nsIp, exec: (cmd, args, t) => nsExec(ns, cmd, args, t)};
}

/** Two namespaces joined directly by a veth pair (no root-namespace side): a .1 <-> b .2 */
export async function createLinkedNamespaces(): Promise<{a: string; b: string; aIf: string; bIf: string; aIp: string; bIp: string}> {
  const slot = takeSlot();
  const a = await createNetns();
  const b = await createNetns();
  const n = counter;
  const aIf = `${LINK_PREFIX}${n}a`;
  const bIf = `${LINK_PREFIX}${n}b`;
  const [aIp, bIp] = subnet(slot);
  cleanup.add(() => trySh('ip', ['netns', 'exec', a, 'ip', 'link', 'del', aIf]));
  await sh('ip', ['link', 'add', aIf, 'netns', a, 'type', 'veth', 'peer', 'name', bIf, 'netns', b]);
  await nsExec(a, 'ip', ['addr', 'add', `${aIp}/30`, 'dev', aIf]);
  await nsExec(a, 'ip', ['link', 'set', aIf, 'up']);
  await nsExec(b, 'ip', ['addr', 'add', `${bIp}/30`, 'dev', bIf]);
  await nsExec(b, 'ip', ['link', 'set', bIf, 'up']);
  return {a, b, aIf, bIf, aIp, bIp};
}
