// Completion latency: medians of `axon __complete observe --from-pod ''` without an agent
// (CILIUM_SOCK points at nothing) and with a running `axon agent` that has pods, vs `node -e 0`,
// all in the same run (interleaved). → bench/results/completion.json
// The agent case raises AXON_COMPLETE_TIMEOUT_MS so that every run really waits for the pods
// (the default 300 ms counts from process start: on a loaded machine it can expire before the
// request is sent, and the bench would time an empty answer).
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {BIN, ROOT, compare, writeResult} from './lib.mjs';

const node = process.execPath;
const tmp = mkdtempSync(join(tmpdir(), 'axon-bench-completion-'));
const bpffs = `/sys/fs/bpf/axon-bench-${process.pid}`;
const runDir = join(tmp, 'run');
const env = (extra) => ({...process.env, AXON_BPFFS_ROOT: bpffs, ...extra});
const pods = [];
let agent;

async function startAgent() {
  agent = spawn(node, [BIN, 'agent', '--run-dir', runDir, '--state-dir', join(tmp, 'state'), '--pod-cidr', '10.252.250.0/26'], {
    env: env({}),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`agent not ready:\n${log}`)), 30_000);
    agent.stderr.setEncoding('utf8').on('data', (d) => {
      log += d;
      if (log.includes('msg="Agent ready"')) {
        clearTimeout(t);
        resolve();
      }
    });
    agent.on('exit', (code) => reject(new Error(`agent exited ${code}:\n${log}`)));
  });
}

// Pods join as a runtime adds them: a netns and a CNI ADD through the real axon-cni.
function cni(command, pod) {
  const conf = JSON.stringify({cniVersion: '1.0.0', name: 'axon-bench', type: 'axon-cni', 'agent-socket': join(runDir, 'cilium.sock')});
  return execFileSync(node, [join(ROOT, 'bin/cni.js')], {
    input: conf,
    env: {
      PATH: process.env.PATH,
      CNI_COMMAND: command,
      CNI_CONTAINERID: pod.id,
      CNI_NETNS: `/run/netns/${pod.netns}`,
      CNI_IFNAME: 'eth0',
      CNI_PATH: '/opt/cni/bin',
      CNI_ARGS: `IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME=${pod.name}`,
    },
  });
}

function addPod(i) {
  const pod = {name: `web-${i}`, netns: `axbench${process.pid}-${i}`, id: `axbench${process.pid}${i}`.padEnd(64, '0')};
  execFileSync('ip', ['netns', 'add', pod.netns]);
  pods.push(pod);
  cni('ADD', pod);
  pod.added = true;
}

function teardown() {
  for (const pod of pods.reverse()) {
    try {
      if (pod.added) cni('DEL', pod);
    } catch {
      // the netns removal below still runs
    }
    execFileSync('ip', ['netns', 'del', pod.netns], {stdio: 'ignore'});
  }
  if (!agent || agent.exitCode !== null) return Promise.resolve();
  agent.kill('SIGTERM');
  return new Promise((resolve) => agent.once('exit', resolve));
}

const args = [BIN, '__complete', 'observe', '--from-pod', ''];
try {
  const without = compare({'node -e 0': [node, ['-e', '0']], 'no agent': [node, args, {env: env({CILIUM_SOCK: join(tmp, 'absent.sock')})}]}, Number(process.env.RUNS ?? 25));
  await startAgent();
  for (let i = 0; i < 3; i++) addPod(i);
  const agentEnv = env({CILIUM_SOCK: join(runDir, 'cilium.sock'), AXON_COMPLETE_TIMEOUT_MS: '10000'});
  const answer = execFileSync(node, args, {env: agentEnv, encoding: 'utf8'});
  if (!answer.includes('bench/web-0')) throw new Error(`the agent's pods are not in the answer:\n${answer}`);
  const withAgent = compare({'node -e 0': [node, ['-e', '0']], 'with agent': [node, args, {env: agentEnv}]}, Number(process.env.RUNS ?? 25));
  const ratio = (r, k) => +(r[k].median_ms / r['node -e 0'].median_ms).toFixed(3);
  writeResult('completion', {
    command: "axon __complete observe --from-pod ''",
    results: {'without agent': without, 'with agent': withAgent},
    ratio_vs_node: {'without agent': ratio(without, 'no agent'), 'with agent': ratio(withAgent, 'with agent')},
    goals: {'without agent': '<= 1.4x node -e 0', 'with agent': '<= 1.6x node -e 0'},
    pods: pods.length,
    load_average_1m: +loadavg()[0].toFixed(2),
    answer_with_agent: answer.trim().split('\n'),
  });
} finally {
  await teardown();
  rmSync(tmp, {recursive: true, force: true});
  rmSync(bpffs, {recursive: true, force: true});
}
