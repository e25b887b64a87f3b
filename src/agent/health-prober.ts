// cilium-health for one node: every probe round measures ICMP (the system `ping`, RTT parsed from
// its reply) and TCP (a connect to the health port; a RST proves the path as much as an accept)
// to the host's router address and to every endpoint, and reports HealthStatusResponse.
import {execFile} from 'node:child_process';
import {connect} from 'node:net';
import {goDuration} from './controllers.js';

export const HEALTH_PORT = 4240;
export const PROBE_TIMEOUT_MS = 1000;

export interface ConnectivityStatus {
  latency: number;
  status: string;
  lastProbed: string;
}
export interface PathStatus {
  ip: string;
  icmp: ConnectivityStatus;
  http: ConnectivityStatus;
}

export function pingOnce(ip: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ConnectivityStatus> {
  const lastProbed = new Date().toISOString();
  return new Promise((resolve) => {
    execFile('ping', ['-n', '-c', '1', '-W', String(Math.max(1, Math.round(timeoutMs / 1000))), ip], {timeout: timeoutMs + 2000}, (err, stdout) => {
      const m = /time[=<]([\d.]+) ms/.exec(stdout);
      if (!err && m) resolve({latency: Math.round(Number(m[1]) * 1e6), status: '', lastProbed});
      else resolve({latency: 0, status: /100% packet loss/.test(stdout) || !stdout ? 'Connection timed out' : stdout.trim().split('\n').pop() ?? 'ping failed', lastProbed});
    });
  });
}

export function tcpProbe(ip: string, port = HEALTH_PORT, timeoutMs = PROBE_TIMEOUT_MS): Promise<ConnectivityStatus> {
  const lastProbed = new Date().toISOString();
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    const s = connect({host: ip, port});
    const done = (status: string) => {
      clearTimeout(t);
      s.destroy();
      resolve({latency: status ? 0 : Number(process.hrtime.bigint() - start), status, lastProbed});
    };
    const t = setTimeout(() => done(`dial tcp ${ip}:${port}: i/o timeout`), timeoutMs);
    s.once('connect', () => done(''));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? '' : `dial tcp ${ip}:${port}: connect: ${e.message.replace(/^connect \w+ /, '')}`));
  });
}

/** All ICMP probes first, then all TCP probes: spawning ping must not inflate the TCP timings. */
export async function probePaths(ips: string[]): Promise<PathStatus[]> {
  const icmp = await Promise.all(ips.map((ip) => pingOnce(ip)));
  const http = await Promise.all(ips.map((ip) => tcpProbe(ip)));
  return ips.map((ip, i) => ({ip, icmp: icmp[i], http: http[i]}));
}

export interface HealthStatusResponse {
  timestamp: string;
  probeInterval: string;
  local: {name: string};
  nodes: Array<Record<string, unknown>>;
}

export class HealthProber {
  last?: HealthStatusResponse;

  constructor(
    private readonly opts: {nodeName: string; intervalMs: number; hostIp: () => string; endpointIps: () => string[]},
  ) {}

  async probe(): Promise<HealthStatusResponse> {
    const timestamp = new Date().toISOString();
    const ips = this.opts.endpointIps();
    const [host, ...eps] = await probePaths([this.opts.hostIp(), ...ips]);
    const node: Record<string, unknown> = {name: this.opts.nodeName, host: {'primary-address': host}};
    if (eps.length) {
      node['health-endpoint'] = {'primary-address': eps[0], 'secondary-addresses': eps.slice(1)};
      node.endpoint = eps[0];
    }
    this.last = {timestamp, probeInterval: goDuration(this.opts.intervalMs), local: {name: this.opts.nodeName}, nodes: [node]};
    return this.last;
  }
}
