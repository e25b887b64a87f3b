// `axon demo up|traffic|down`: the seed's pods as network namespaces attached through the real
// axon-cni binary (the CNI protocol, as a runtime calls it), small servers inside them, a round
// of traffic between them, and a teardown that leaves no netns, veth, process or file behind.
import {execFile, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CiliumClient, parseHost} from '../cilium/client.js';
import {ConnectError, AxonError} from '../errors.js';
import {packagePath} from '../paths.js';
import {API_PORT, API_SERVICE, DEMO_PODS, DNS_PORT, DNS_SERVICE, type DemoPodSpec} from './pods.js';

export interface DemoOptions {
  agentSocket: string;
  stateDir: string;
  netnsPrefix: string;
}

export interface DemoPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  netns: string;
  containerId: string;
  ip: string;
  hostIf: string;
  identity?: number;
  pid?: number;
  resolvConf?: string;
}

interface DemoState {
  agentSocket: string;
  pods: DemoPod[];
}

const demoDir = (o: DemoOptions) => join(o.stateDir, 'demo');
const stateFile = (o: DemoOptions) => join(demoDir(o), 'state.json');

function run(cmd: string, args: string[], timeout = 15_000): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(cmd, args, {timeout}, (err, stdout, stderr) => resolve({code: err ? Number((err as {code?: number}).code ?? 1) || 1 : 0, stdout, stderr}));
  });
}

function cni(command: 'ADD' | 'DEL', pod: Pick<DemoPod, 'containerId' | 'netns' | 'namespace' | 'name' | 'labels'>, o: DemoOptions): Promise<{code: number; stdout: string}> {
  const conf = JSON.stringify({cniVersion: '1.0.0', name: 'axon-demo', type: 'axon-cni', 'agent-socket': o.agentSocket, labels: pod.labels});
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [packagePath('bin', 'cni.js')], {
      env: {
        PATH: process.env.PATH,
        CNI_COMMAND: command,
        CNI_CONTAINERID: pod.containerId,
        CNI_NETNS: `/run/netns/${pod.netns}`,
        CNI_IFNAME: 'eth0',
        CNI_PATH: packagePath('bin'),
        CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${pod.namespace};K8S_POD_NAME=${pod.name}`,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({code: code ?? 1, stdout}));
    child.stdin.end(conf);
  });
}

function loadState(o: DemoOptions): DemoState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(o), 'utf8')) as DemoState;
  } catch {
    return undefined;
  }
}

function saveState(o: DemoOptions, s: DemoState): void {
  mkdirSync(demoDir(o), {recursive: true});
  writeFileSync(stateFile(o), JSON.stringify(s, null, 1) + '\n');
}

async function agentClient(o: DemoOptions): Promise<CiliumClient> {
  const c = new CiliumClient(parseHost(`unix://${o.agentSocket}`), {timeoutMs: 10_000, hint: 'start the agent first: sudo axon agent (or pass --agent-socket)'});
  try {
    await c.get('/v1/config');
  } catch (e) {
    c.close();
    if (e instanceof ConnectError) throw new ConnectError(`the demo needs a running agent: ${e.message}`, {hint: 'start it first: sudo axon agent &   (or pass --agent-socket)'});
    throw e;
  }
  return c;
}

function containerId(o: DemoOptions, p: DemoPodSpec): string {
  return createHash('sha256').update(`axon-demo:${o.stateDir}:${p.namespace}/${p.name}`).digest('hex');
}

async function startServer(o: DemoOptions, pod: DemoPod, kind: 'api' | 'dns', records: Record<string, string>): Promise<number> {
  const ready = join(demoDir(o), `${pod.namespace}-${pod.name}.ready`);
  rmSync(ready, {force: true});
  const log = openSync(join(demoDir(o), `${pod.namespace}-${pod.name}.log`), 'a');
  const args = kind === 'api' ? [String(API_PORT), ready] : [String(DNS_PORT), ready, JSON.stringify(records)];
  const script = packagePath('dist', 'demo', 'servers', `${kind}.js`);
  // `ip netns exec` execs the program: the pid is the server's own
  const child = spawn('ip', ['netns', 'exec', pod.netns, process.execPath, script, ...args], {detached: true, stdio: ['ignore', log, log]});
  closeSync(log);
  child.unref();
  for (let i = 0; i < 100 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(ready)) throw new AxonError(`the ${kind} server in ${pod.netns} did not start`, {hint: `see ${join(demoDir(o), `${pod.namespace}-${pod.name}.log`)}`});
  return child.pid!;
}

export interface UpResult {
  pods: DemoPod[];
}

export async function demoUp(o: DemoOptions): Promise<UpResult> {
  if (loadState(o)) throw new AxonError(`the demo is already up (state in ${stateFile(o)})`, {hint: 'run "axon demo down" first'});
  const api = await agentClient(o);
  const state: DemoState = {agentSocket: o.agentSocket, pods: []};
  mkdirSync(demoDir(o), {recursive: true});
  try {
    for (const spec of DEMO_PODS) {
      const netns = `${o.netnsPrefix}${spec.namespace}-${spec.name}`;
      const pod: DemoPod = {namespace: spec.namespace, name: spec.name, labels: spec.labels, netns, containerId: containerId(o, spec), ip: '', hostIf: ''};
      state.pods.push(pod);
      saveState(o, state); // recorded before it exists, so "down" can remove a half-made pod
      const add = await run('ip', ['netns', 'add', netns]);
      if (add.code) throw new AxonError(`create netns ${netns}: ${add.stderr.trim()}`, {hint: 'a previous demo may be left over: axon demo down, or ip netns del it'});
      const r = await cni('ADD', pod, o);
      const res = JSON.parse(r.stdout || '{}') as {code?: number; msg?: string; ips?: Array<{address: string}>; interfaces?: Array<{name: string}>};
      if (r.code !== 0 || !res.ips) throw new AxonError(`axon-cni ADD ${spec.namespace}/${spec.name}: ${res.msg ?? r.stdout.trim()} (CNI error code ${res.code ?? '?'})`);
      pod.ip = res.ips[0].address.split('/')[0];
      pod.hostIf = res.interfaces?.[0]?.name ?? '';
      const ep = await api.get<{status?: {identity?: {id?: number}}}>(`/v1/endpoint/container-id:${pod.containerId}`);
      pod.identity = ep.status?.identity?.id;
      saveState(o, state);
    }
    const ipOf = (ns: string, name: string) => state.pods.find((p) => p.namespace === ns && p.name === name)!.ip;
    const dnsIp = ipOf('kube-system', 'coredns');
    const records = {[API_SERVICE]: ipOf('python-app', 'api'), [DNS_SERVICE]: dnsIp};
    for (const spec of DEMO_PODS) {
      const pod = state.pods.find((p) => p.namespace === spec.namespace && p.name === spec.name)!;
      if (spec.server) pod.pid = await startServer(o, pod, spec.server, records);
      // `ip netns exec <pod>` then resolves service names through the demo's coredns
      pod.resolvConf = `/etc/netns/${pod.netns}/resolv.conf`;
      mkdirSync(`/etc/netns/${pod.netns}`, {recursive: true});
      writeFileSync(pod.resolvConf, `search ${pod.namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${dnsIp}\noptions ndots:5\n`);
      saveState(o, state);
    }
    return {pods: state.pods};
  } catch (e) {
    await demoDown(o).catch(() => undefined);
    throw e;
  } finally {
    api.close();
  }
}

export interface TrafficEvent {
  from: string;
  to: string;
  kind: 'dns' | 'http' | 'icmp';
  ok: boolean;
  detail: string;
}

export async function demoTraffic(o: DemoOptions): Promise<TrafficEvent[]> {
  const state = loadState(o);
  if (!state) throw new AxonError('the demo is not up', {hint: 'run "axon demo up" first'});
  const byIp = new Map(state.pods.map((p) => [p.ip, `${p.namespace}/${p.name}`]));
  const find = (ns: string, name: string) => state.pods.find((p) => p.namespace === ns && p.name === name)!;
  const dns = find('kube-system', 'coredns');
  const api = find('python-app', 'api');
  const clients: Array<[DemoPod, string[]]> = [
    [find('test', 'linux-tools'), ['/employees', '/employees/1']],
    [find('default', 'linux-tools'), ['/employees']],
  ];
  const script = packagePath('dist', 'demo', 'servers', 'client.js');
  const events: TrafficEvent[] = [];
  for (const [pod, paths] of clients) {
    const from = `${pod.namespace}/${pod.name}`;
    const plan = JSON.stringify({dns: dns.ip, name: API_SERVICE, apiPort: API_PORT, paths});
    const r = await run('ip', ['netns', 'exec', pod.netns, process.execPath, script, plan]);
    for (const line of r.stdout.split('\n').filter(Boolean)) {
      const e = JSON.parse(line) as {kind: 'dns' | 'http'; to: string; port?: number; name?: string; path?: string; ips?: string[]; status?: number; error?: string; rcode?: number};
      const to = `${byIp.get(e.to) ?? e.to}:${e.kind === 'dns' ? DNS_PORT : e.port}`;
      if (e.kind === 'dns') events.push({from, to, kind: 'dns', ok: !e.error && e.rcode === 0, detail: e.error ?? `A ${e.name} -> ${(e.ips ?? []).join(',') || `rcode ${e.rcode}`}`});
      else events.push({from, to, kind: 'http', ok: e.status === 200, detail: e.error ?? `GET ${e.path} ${e.status}`});
    }
    if (r.code && !r.stdout) events.push({from, to: byIp.get(api.ip)!, kind: 'http', ok: false, detail: r.stderr.trim().split('\n').pop() ?? 'client failed'});
    const ping = await run('ip', ['netns', 'exec', pod.netns, 'ping', '-n', '-c', '1', '-W', '1', api.ip]);
    const rtt = /time=([\d.]+ ms)/.exec(ping.stdout)?.[1];
    events.push({from, to: byIp.get(api.ip)!, kind: 'icmp', ok: ping.code === 0, detail: rtt ? `echo reply ${rtt}` : 'no reply'});
  }
  return events;
}

export interface DownResult {
  removed: string[];
  problems: string[];
}

function ownProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('/demo/servers/');
  } catch {
    return false;
  }
}

export async function demoDown(o: DemoOptions): Promise<DownResult> {
  const state = loadState(o);
  const out: DownResult = {removed: [], problems: []};
  if (!state) return out;
  for (const pod of [...state.pods].reverse()) {
    if (pod.pid && ownProcess(pod.pid)) {
      process.kill(pod.pid, 'SIGKILL');
      for (let i = 0; i < 50 && ownProcess(pod.pid); i++) await new Promise((r) => setTimeout(r, 20));
    }
    const del = await cni('DEL', pod, {...o, agentSocket: state.agentSocket});
    if (del.code !== 0) out.problems.push(`axon-cni DEL ${pod.namespace}/${pod.name}: ${del.stdout.trim()}`);
    if (pod.resolvConf) rmSync(`/etc/netns/${pod.netns}`, {recursive: true, force: true});
    const ns = await run('ip', ['netns', 'del', pod.netns]);
    if (ns.code && !/No such file/.test(ns.stderr)) out.problems.push(`ip netns del ${pod.netns}: ${ns.stderr.trim()}`);
    out.removed.push(`${pod.namespace}/${pod.name}`);
  }
  rmSync(demoDir(o), {recursive: true, force: true});
  try {
    rmdirSync('/etc/netns'); // only when empty: it exists for the demo's resolv.conf files
  } catch {
    // not empty or absent
  }
  return out;
}

