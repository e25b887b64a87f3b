// Every default in one place: socket paths, addresses, timeouts, counts.
// Environment overrides follow upstream's names (CILIUM_SOCK, CILIUM_HEALTH_SOCK, HUBBLE_SERVER).
import {existsSync} from 'node:fs';

export const RUN_DIR = '/var/run/cilium';
export const CILIUM_SOCK = `${RUN_DIR}/cilium.sock`;
export const HEALTH_SOCK = `${RUN_DIR}/health.sock`;
export const HUBBLE_SOCK = `${RUN_DIR}/hubble.sock`;
export const RELAY_ADDRESS = 'localhost:4245';
export const BPFFS_ROOT = '/sys/fs/bpf/axon';
export const STATE_DIR = '/var/lib/axon';
export const POD_CIDR = '10.200.0.0/16';
export const FLOW_BUFFER = 4095;

export const STATUS_TIMEOUT_MS = 30_000; // cilium-dbg status --timeout
export const HEALTH_TIMEOUT_MS = 30_000; // go-openapi default
export const API_TIMEOUT_MS = 90_000; // api.ClientTimeout
export const HUBBLE_DIAL_TIMEOUT_MS = 5_000;
export const HUBBLE_REQUEST_TIMEOUT_MS = 12_000;
export const FLOW_PRINT_COUNT = 20;
export const COMPLETE_TIMEOUT_MS = 300;

type Env = NodeJS.ProcessEnv;

export function ciliumSock(env: Env = process.env): string {
  return env.CILIUM_SOCK || CILIUM_SOCK;
}

export function healthSock(env: Env = process.env): string {
  return env.CILIUM_HEALTH_SOCK || HEALTH_SOCK;
}

/** HUBBLE_SERVER, else the local agent's socket when it exists, else Relay. */
export function hubbleServer(env: Env = process.env, exists: (p: string) => boolean = existsSync): string {
  if (env.HUBBLE_SERVER) return env.HUBBLE_SERVER;
  return exists(HUBBLE_SOCK) ? `unix://${HUBBLE_SOCK}` : RELAY_ADDRESS;
}

export function bpffsRoot(env: Env = process.env): string {
  return env.AXON_BPFFS_ROOT || BPFFS_ROOT;
}

export function completeTimeoutMs(env: Env = process.env): number {
  const n = Number(env.AXON_COMPLETE_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : COMPLETE_TIMEOUT_MS;
}

/** Network config key of axon-cni naming the agent's socket (else CILIUM_SOCK's default path). */
export const CNI_SOCKET_KEY = 'agent-socket';
/** Namespace of pods whose runtime sends no K8S_POD_NAMESPACE (podman). */
export const CNI_DEFAULT_NAMESPACE = 'default';
