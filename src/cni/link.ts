// The pod's wiring, done with iproute2 (ip -batch keeps it to a few processes): a veth pair
// whose host side is lxc<hash>, the pod side moved into the netns and renamed; the pod gets a
// /32 and one route to the pod CIDR via the router address on the host-side veth. No default
// route and no NAT: pods reach each other and the host, nothing else.
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {CniCode, CniError} from './errors.js';

function run(cmd: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, {timeout: 15_000}, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Host-side name like Cilium's: "lxc" + 11 hex digits of sha256(containerId:ifName). */
export function hostIfName(containerId: string, ifName: string): string {
  return `lxc${createHash('sha256').update(`${containerId}:${ifName}`).digest('hex').slice(0, 11)}`;
}

function tmpPeerName(host: string): string {
  return `tmp${host.slice(3)}`;
}

export function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

function sysfs(name: string, attr: string): string {
  return readFileSync(`/sys/class/net/${name}/${attr}`, 'utf8').trim();
}

const inNs = (netns: string, args: string[], input?: string) => run('nsenter', [`--net=${netns}`, 'ip', ...args], input);

export interface PodLink {
  hostIf: string;
  hostIndex: number;
  hostMac: string;
  podMac: string;
}

export interface Wiring {
  netns: string;
  hostIf: string;
  podIf: string;
  ip: string;
  router: string;
  cidr: string;
  mtu?: number;
}

export async function createPodLink(w: Wiring): Promise<PodLink> {
  if (!existsSync(w.netns)) throw new CniError(CniCode.UNKNOWN_CONTAINER, `network namespace ${w.netns} does not exist`);
  const peer = tmpPeerName(w.hostIf);
  const mtu = w.mtu ? ['mtu', String(w.mtu)] : [];
  await run('ip', ['link', 'add', w.hostIf, ...mtu, 'type', 'veth', 'peer', 'name', peer]);
  try {
    await run('ip', ['link', 'set', peer, 'netns', w.netns]);
    await inNs(w.netns, ['-batch', '-'], [
      `link set ${peer} name ${w.podIf}`,
      'link set lo up',
      `addr add ${w.ip}/32 dev ${w.podIf}`,
      `link set ${w.podIf} up`,
      `route add ${w.router}/32 dev ${w.podIf} scope link`,
      `route add ${w.cidr} via ${w.router} dev ${w.podIf} src ${w.ip}`,
      '',
    ].join('\n'));
    // forwarding only on this interface: the host's other interfaces keep their settings
    writeFileSync(`/proc/sys/net/ipv4/conf/${w.hostIf}/forwarding`, '1');
    await run('ip', ['-batch', '-'], [`addr add ${w.router}/32 dev ${w.hostIf}`, `link set ${w.hostIf} up`, `route replace ${w.ip}/32 dev ${w.hostIf} src ${w.router} scope link`, ''].join('\n'));
    const [link] = JSON.parse(await inNs(w.netns, ['-j', 'link', 'show', 'dev', w.podIf])) as Array<{address: string}>;
    return {hostIf: w.hostIf, hostIndex: Number(sysfs(w.hostIf, 'ifindex')), hostMac: sysfs(w.hostIf, 'address'), podMac: link.address};
  } catch (e) {
    await deletePodLink(w.hostIf);
    throw e;
  }
}

/** Deleting the host side removes the peer, the router address and the pod's host route. */
export async function deletePodLink(hostIf: string): Promise<boolean> {
  if (!linkExists(hostIf)) return false;
  try {
    await run('ip', ['link', 'del', hostIf]);
  } catch (e) {
    if (linkExists(hostIf)) throw e;
  }
  return true;
}

/** CHECK: what the kernel has for the pod, compared with what ADD set up. */
export async function checkPodLink(w: Wiring): Promise<string[]> {
  const problems: string[] = [];
  if (!linkExists(w.hostIf)) return [`host interface ${w.hostIf} does not exist`];
  if (sysfs(w.hostIf, 'operstate') === 'down') problems.push(`host interface ${w.hostIf} is down`);
  if (!existsSync(w.netns)) return [...problems, `network namespace ${w.netns} does not exist`];
  try {
    const addrs = JSON.parse(await inNs(w.netns, ['-j', 'addr', 'show', 'dev', w.podIf])) as Array<{addr_info: Array<{local: string; prefixlen: number}>}>;
    if (!addrs[0]?.addr_info.some((a) => a.local === w.ip && a.prefixlen === 32)) problems.push(`${w.podIf} in ${w.netns} does not have ${w.ip}/32`);
    const routes = JSON.parse(await inNs(w.netns, ['-j', 'route', 'show'])) as Array<{dst: string; gateway?: string}>;
    if (!routes.some((r) => r.dst === w.cidr && r.gateway === w.router)) problems.push(`no route to ${w.cidr} via ${w.router} in ${w.netns}`);
    if (routes.some((r) => r.dst === 'default')) problems.push(`${w.netns} has a default route (axon pods must not have one)`);
  } catch (e) {
    problems.push(`${w.podIf} in ${w.netns}: ${(e as Error).message}`);
  }
  return problems;
}
