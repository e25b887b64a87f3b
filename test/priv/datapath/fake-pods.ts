// Pods without an agent: a netns joined to the root namespace by a veth pair, a default route via
// the host side, forwarding on that host-side interface only (never the host-wide ip_forward),
// and the DatapathEndpoint the agent would hand to startDatapath. Used where the test drives the
// datapath module directly; the agent tests use test/helpers/agent.ts.
import {spawn, type ChildProcess} from 'node:child_process';
import {cleanup} from '../../helpers/cleanup.js';
import {createVethPair, type VethPair} from '../../helpers/netns.js';
import {sh, trySh} from '../../helpers/sh.js';
import type {DatapathEndpoint} from '../../../src/datapath/index.js';

export interface FakePod extends VethPair {
  ep: DatapathEndpoint;
}

let nextId = 100;

export async function fakePod(namespace: string, podName: string, labels: Record<string, string>, identity: number): Promise<FakePod> {
  const v = await createVethPair();
  await v.exec('ip', ['route', 'add', 'default', 'via', v.hostIp]);
  await sh('sysctl', ['-qw', `net.ipv4.conf.${v.hostIf}.forwarding=1`]);
  const ifindex = Number((await sh('cat', [`/sys/class/net/${v.hostIf}/ifindex`])).trim());
  const ep: DatapathEndpoint = {
    id: nextId++,
    identity,
    ipv4: v.nsIp,
    namespace,
    podName,
    labels: [...Object.entries(labels).map(([k, val]) => `k8s:${k}=${val}`), `k8s:io.kubernetes.pod.namespace=${namespace}`],
    hostIfName: v.hostIf,
    hostIfIndex: ifindex,
  };
  return {...v, ep};
}

/** A TCP listener (nc -lk) inside the pod, killed after the test. */
export async function listen(pod: FakePod, port: number): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', pod.ns, 'nc', '-lk', pod.nsIp, String(port)], {stdio: ['ignore', 'ignore', 'ignore']});
  cleanup.add(() => {
    child.kill('SIGKILL');
  });
  for (let i = 0; i < 50; i++) {
    const r = await trySh('ip', ['netns', 'exec', pod.ns, 'ss', '-Htln', `sport = :${port}`]);
    if (r.out.trim()) return child;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`nc did not listen on ${pod.nsIp}:${port}`);
}

/** TCP connect from `from` to ip:port with a timeout in seconds: true when it connected. */
export async function connects(from: FakePod | {exec: VethPair['exec']}, ip: string, port: number, timeoutS = 2): Promise<boolean> {
  const r = await trySh('ip', ['netns', 'exec', (from as FakePod).ns, 'nc', '-z', '-w', String(timeoutS), ip, String(port)], (timeoutS + 5) * 1000);
  return r.ok;
}
