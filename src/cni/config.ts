// What a runtime hands axon-cni: the network configuration on stdin and CNI_* variables
// (CNI spec 1.0, "Parameters" and "Section 1: Network configuration format").
import {statSync} from 'node:fs';
import {CILIUM_SOCK, CNI_DEFAULT_NAMESPACE, CNI_SOCKET_KEY} from '../defaults.js';
import {CniCode, CniError} from './errors.js';

export const SUPPORTED_VERSIONS = ['0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'];
export const COMMANDS = ['ADD', 'DEL', 'CHECK', 'VERSION'] as const;
export type Command = (typeof COMMANDS)[number];

export interface NetConf {
  cniVersion: string;
  name: string;
  type: string;
  /** the agent's cilium.sock: the config key, else the fixed default (DEL may come with no env) */
  socket: string;
  /** network-wide pod labels, "key=value" */
  labels: string[];
  prevResult?: CniResult;
  raw: Record<string, unknown>;
}

export interface CniResult {
  cniVersion: string;
  interfaces?: Array<{name: string; mac?: string; sandbox?: string}>;
  ips?: Array<{address: string; gateway?: string; interface?: number; version?: string}>;
  routes?: Array<{dst: string; gw?: string}>;
  dns?: Record<string, unknown>;
}

export interface Invocation {
  command: Command;
  containerId: string;
  netns: string;
  ifName: string;
  args: Record<string, string>;
  namespace: string;
  podName: string;
}

export function parseConfig(stdin: string): NetConf {
  let raw: unknown;
  try {
    raw = JSON.parse(stdin);
  } catch (e) {
    throw new CniError(CniCode.DECODE_FAILURE, 'failed to decode the network configuration on stdin', (e as Error).message);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CniError(CniCode.DECODE_FAILURE, 'the network configuration on stdin must be a JSON object');
  const c = raw as Record<string, unknown>;
  const cniVersion = typeof c.cniVersion === 'string' ? c.cniVersion : '';
  if (!cniVersion) throw new CniError(CniCode.INVALID_CONFIG, 'network configuration has no "cniVersion"');
  if (!SUPPORTED_VERSIONS.includes(cniVersion))
    throw new CniError(CniCode.INCOMPATIBLE_VERSION, `incompatible CNI versions; config is "${cniVersion}", plugin supports [${SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(' ')}]`);
  for (const k of ['name', 'type']) if (typeof c[k] !== 'string' || !c[k]) throw new CniError(CniCode.INVALID_CONFIG, `network configuration has no "${k}"`);
  const sock = c[CNI_SOCKET_KEY];
  if (sock !== undefined && (typeof sock !== 'string' || !sock.startsWith('/')))
    throw new CniError(CniCode.INVALID_CONFIG, `"${CNI_SOCKET_KEY}" must be an absolute path to the agent's cilium.sock`);
  return {
    cniVersion,
    name: c.name as string,
    type: c.type as string,
    socket: (sock as string | undefined) ?? CILIUM_SOCK,
    labels: parseLabels(c.labels),
    prevResult: c.prevResult as CniResult | undefined,
    raw: c,
  };
}

function parseLabels(v: unknown): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x.includes('='))) return v as string[];
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'))
    return Object.entries(v as Record<string, string>).map(([k, x]) => `${k}=${x}`);
  throw new CniError(CniCode.INVALID_CONFIG, '"labels" must be an object of strings ({"app": "web"}) or an array of "key=value"');
}

/** CNI_ARGS "IgnoreUnknown=1;K8S_POD_NAMESPACE=ns;K8S_POD_NAME=name" → a map. */
export function parseCniArgs(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(';')) {
    if (!part) continue;
    const i = part.indexOf('=');
    if (i <= 0) throw new CniError(CniCode.INVALID_ENV, `invalid CNI_ARGS pair "${part}": want KEY=VALUE`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function parseInvocation(env: NodeJS.ProcessEnv): Invocation {
  const command = env.CNI_COMMAND as Command;
  if (!COMMANDS.includes(command)) throw new CniError(CniCode.INVALID_ENV, `CNI_COMMAND must be one of ${COMMANDS.join(', ')}; got "${env.CNI_COMMAND ?? ''}"`);
  const args = parseCniArgs(env.CNI_ARGS);
  const inv: Invocation = {
    command,
    containerId: env.CNI_CONTAINERID ?? '',
    netns: env.CNI_NETNS ?? '',
    ifName: env.CNI_IFNAME ?? '',
    args,
    namespace: args.K8S_POD_NAMESPACE || CNI_DEFAULT_NAMESPACE,
    podName: args.K8S_POD_NAME || '',
  };
  if (command === 'VERSION') return inv;
  const need: Array<[string, string]> = [['CNI_CONTAINERID', inv.containerId], ['CNI_IFNAME', inv.ifName]];
  if (command !== 'DEL') need.push(['CNI_NETNS', inv.netns]);
  for (const [k, v] of need) if (!v) throw new CniError(CniCode.INVALID_ENV, `${k} is not set`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(inv.containerId)) throw new CniError(CniCode.INVALID_ENV, `invalid CNI_CONTAINERID "${inv.containerId}"`);
  if (!/^[^\s/:]{1,15}$/.test(inv.ifName) || inv.ifName === '.' || inv.ifName === '..') throw new CniError(CniCode.INVALID_ENV, `invalid CNI_IFNAME "${inv.ifName}"`);
  if (command === 'ADD' && isHostNetns(inv.netns))
    throw new CniError(CniCode.INVALID_ENV, `CNI_NETNS ${inv.netns} is the host's network namespace`, 'axon-cni only wires pod namespaces; the host must never get a pod interface');
  if (!inv.podName) inv.podName = inv.containerId.slice(0, 12);
  return inv;
}

/** True when path names the namespace the plugin runs in: the host's (runtimes run plugins there). */
export function isHostNetns(path: string): boolean {
  try {
    const a = statSync(path);
    const b = statSync('/proc/self/ns/net');
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}
