// The real axon agent as a process on temp run/state dirs, and pods created through the real
// axon-cni binary with the CNI protocol (env + config on stdin), every removal registered first.
import {spawn, type ChildProcess} from 'node:child_process';
import {join} from 'node:path';
import {cleanup} from './cleanup.js';
import {ROOT, cleanEnv} from './cli.js';
import {createNetns, nsExec} from './netns.js';
import {TEST_BPFFS_ROOT} from './residue.js';
import {trySh} from './sh.js';
import {tmpDir} from './tmp.js';

export const CNI_BIN = `${ROOT}bin/cni.js`;
let agents = 0;
let pods = 0;

/** A /26 of 10.252.0.0/16 (test-only) unique per test process and agent, unless given. */
export function testPodCidr(): string {
  const i = ((process.pid % 256) * 4 + (agents++ % 4)) % 1024;
  return `10.252.${Math.floor(i / 4)}.${(i % 4) * 64}/26`;
}

export interface CniRun {
  code: number | null;
  stdout: string;
  stderr: string;
  json?: Record<string, unknown>;
}

/** Run axon-cni as a runtime does: CNI_* env and the network config on stdin. */
export function runCni(env: Record<string, string>, stdin: string, timeout = 30_000): Promise<CniRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CNI_BIN], {env: {PATH: process.env.PATH, ...env}, stdio: ['pipe', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(t);
      let json: Record<string, unknown> | undefined;
      try {
        json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : undefined;
      } catch {
        // not JSON: the test looks at stdout
      }
      resolve({code, stdout, stderr, json});
    });
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

export interface Pod {
  namespace: string;
  name: string;
  containerId: string;
  /** netns name (under /run/netns) */
  netns: string;
  netnsPath: string;
  ip: string;
  result: Record<string, unknown>;
  exec(cmd: string, args: string[], timeout?: number): Promise<string>;
  /** CNI DEL now (also registered as cleanup; a second DEL is harmless) */
  del(): Promise<CniRun>;
}

export interface PodSpec {
  namespace?: string;
  name: string;
  labels?: Record<string, string>;
}

export interface StartedAgent {
  runDir: string;
  stateDir: string;
  ciliumSock: string;
  healthSock: string;
  hubbleSock: string;
  podCidr: string;
  /** CILIUM_SOCK, CILIUM_HEALTH_SOCK, HUBBLE_SERVER for runCli */
  env: Record<string, string>;
  process: ChildProcess;
  /** stderr of the agent so far (logfmt lines) */
  logs(): string;
  /** network config for axon-cni pointing at this agent */
  netConf(extra?: Record<string, unknown>): Record<string, unknown>;
  addPod(spec: PodSpec): Promise<Pod>;
  /** SIGTERM, wait for exit; resolves with the exit code */
  stop(): Promise<number | null>;
  /** SIGKILL, wait for exit */
  kill(): Promise<void>;
  /** start again on the same dirs (after stop/kill) */
  restart(): Promise<void>;
}

export interface StartAgentOptions {
  podCidr?: string;
  flowBuffer?: number;
  nodeName?: string;
  runDir?: string;
  stateDir?: string;
  /** extra environment for the agent process */
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

function spawnAgent(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{child: ChildProcess; log: {text: string}}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}bin/run.js`, 'agent', ...args], {env: cleanEnv({AXON_BPFFS_ROOT: TEST_BPFFS_ROOT, ...env}), stdio: ['ignore', 'pipe', 'pipe']});
    const log = {text: ''};
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`agent not ready within ${timeoutMs} ms:\n${log.text}`));
    }, timeoutMs);
    const onData = (d: string) => {
      log.text += d;
      if (log.text.includes('msg="Agent ready"')) {
        clearTimeout(t);
        resolve({child, log});
      }
    };
    child.stderr!.setEncoding('utf8').on('data', onData);
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`agent exited with ${code} before it was ready:\n${log.text}`));
    });
  });
}

function waitExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Start `axon agent` on temp dirs and wait until it logs "Agent ready". Stopped after the test. */
export async function startAgent(opts: StartAgentOptions = {}): Promise<StartedAgent> {
  const runDir = opts.runDir ?? join(tmpDir('axon-agent-run-'), 'run');
  const stateDir = opts.stateDir ?? join(tmpDir('axon-agent-state-'), 'state');
  const podCidr = opts.podCidr ?? testPodCidr();
  const args = ['--run-dir', runDir, '--state-dir', stateDir, '--pod-cidr', podCidr];
  if (opts.flowBuffer !== undefined) args.push('--flow-buffer', String(opts.flowBuffer));
  if (opts.nodeName) args.push('--node-name', opts.nodeName);
  const timeout = opts.readyTimeoutMs ?? 20_000;
  let cur: {child: ChildProcess; log: {text: string}} | undefined;
  let past = '';
  cleanup.add(async () => {
    if (cur && cur.child.exitCode === null && cur.child.signalCode === null) {
      cur.child.kill('SIGTERM');
      const t = setTimeout(() => cur?.child.kill('SIGKILL'), 10_000);
      await waitExit(cur.child);
      clearTimeout(t);
    }
  });
  cur = await spawnAgent(args, opts.env ?? {}, timeout);
  const ciliumSock = join(runDir, 'cilium.sock');
  const agent: StartedAgent = {
    runDir,
    stateDir,
    ciliumSock,
    healthSock: join(runDir, 'health.sock'),
    hubbleSock: join(runDir, 'hubble.sock'),
    podCidr,
    env: {CILIUM_SOCK: ciliumSock, CILIUM_HEALTH_SOCK: join(runDir, 'health.sock'), HUBBLE_SERVER: `unix://${join(runDir, 'hubble.sock')}`},
    get process() {
      return cur!.child;
    },
    logs: () => past + (cur?.log.text ?? ''),
    netConf: (extra = {}) => ({cniVersion: '1.0.0', name: 'axon-test', type: 'axon-cni', 'agent-socket': ciliumSock, ...extra}),
    addPod: (spec) => addPod(agent, spec),
    async stop() {
      cur!.child.kill('SIGTERM');
      return waitExit(cur!.child);
    },
    async kill() {
      cur!.child.kill('SIGKILL');
      await waitExit(cur!.child);
    },
    async restart() {
      past += cur!.log.text;
      cur = await spawnAgent(args, opts.env ?? {}, timeout);
    },
  };
  return agent;
}

/** A pod: a fresh netns (removal registered) attached by axon-cni ADD (DEL registered). */
export async function addPod(agent: StartedAgent, spec: PodSpec): Promise<Pod> {
  const netns = await createNetns();
  const netnsPath = `/run/netns/${netns}`;
  const namespace = spec.namespace ?? 'default';
  const containerId = `axtest${process.pid.toString(16)}${(++pods).toString(16).padStart(4, '0')}`.padEnd(64, '0');
  const env = {
    CNI_COMMAND: 'ADD',
    CNI_CONTAINERID: containerId,
    CNI_NETNS: netnsPath,
    CNI_IFNAME: 'eth0',
    CNI_PATH: '/opt/cni/bin',
    CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=${namespace};K8S_POD_NAME=${spec.name}`,
  };
  const conf = JSON.stringify(agent.netConf(spec.labels ? {labels: spec.labels} : {}));
  const del = () => runCni({...env, CNI_COMMAND: 'DEL'}, conf);
  cleanup.add(async () => {
    const r = await del();
    if (r.code !== 0) throw new Error(`CNI DEL of ${namespace}/${spec.name} failed: ${r.stdout}${r.stderr}`);
  });
  const r = await runCni(env, conf);
  if (r.code !== 0 || !r.json) throw new Error(`CNI ADD of ${namespace}/${spec.name} failed (exit ${r.code}): ${r.stdout}${r.stderr}`);
  const ips = r.json.ips as Array<{address: string}>;
  return {
    namespace,
    name: spec.name,
    containerId,
    netns,
    netnsPath,
    ip: ips[0].address.split('/')[0],
    result: r.json,
    exec: (cmd, args, timeout) => nsExec(netns, cmd, args, timeout),
    del,
  };
}

/** Host links named like axon-cni's host side (lxc + 11 hex digits). */
export async function lxcLinks(): Promise<string[]> {
  const r = await trySh('ip', ['-o', 'link', 'show']);
  return r.out
    .split('\n')
    .map((l) => /^\d+: (lxc[0-9a-f]{11})[@:]/.exec(l)?.[1])
    .filter((x): x is string => !!x);
}
