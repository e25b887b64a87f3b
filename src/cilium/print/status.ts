// `cilium-dbg status` text for a StatusResponse, line for line (reference section 3.3).
// statusLines() returns tab-separated text for the status tabwriter (minwidth 2, padding 3);
// nested tables (controllers, redirects, KPR details, BPF maps) are aligned by their own
// tabwriter (minwidth 0, padding 3) first and fed in as tab-free lines, as upstream does.
import {escapeTerminal} from '../../flows/escape.js';
import {formatTabwriter, NESTED_TABWRITER, STATUS_TABWRITER} from '../../render/tabwriter.js';
import type {HealthStatusResponse, ModuleHealth, RemoteCluster, StatusResponse} from '../types.js';
import {formatDateTime, goCompare, goQuote, parseGoDuration, timeSince} from './go.js';
import {healthTable} from './health.js';
import {modulesSummary, modulesTree} from './modules.js';

export interface StatusDetails {
  allAddresses: boolean;
  allControllers: boolean;
  allNodes: boolean;
  allRedirects: boolean;
  allClusters: boolean;
  allHealth: boolean;
  /** --verbose only: KPR details, BPF map sizes, clock source. */
  verbose: boolean;
}

export const NO_DETAILS: StatusDetails = {
  allAddresses: false, allControllers: false, allNodes: false, allRedirects: false, allClusters: false, allHealth: false, verbose: false,
};

/** --verbose = every --all-* flag plus the three verbose-only sections. */
export function detailsFromFlags(f: Partial<StatusDetails> & {verbose?: boolean}): StatusDetails {
  const v = Boolean(f.verbose);
  return {
    allAddresses: v || Boolean(f.allAddresses),
    allControllers: v || Boolean(f.allControllers),
    allNodes: v || Boolean(f.allNodes),
    allRedirects: v || Boolean(f.allRedirects),
    allClusters: v || Boolean(f.allClusters),
    allHealth: v || Boolean(f.allHealth),
    verbose: v,
  };
}

/** Only Warning and Failure are unhealthy for the sub-status printers. */
function unhealthy(state: string | undefined): boolean {
  return state === 'Warning' || state === 'Failure';
}

/** The exit-code rule of `cilium-dbg status`: cilium.state other than Ok/Disabled (even empty) fails; no key passes. */
export function ciliumUnhealthy(sr: StatusResponse): boolean {
  if (!sr.cilium) return false;
  return sr.cilium.state !== 'Ok' && sr.cilium.state !== 'Disabled';
}

/** `--brief`: `OK` or `error in <what>: <msg>` (reference 3.5). */
export function formatBrief(sr: StatusResponse): string {
  let msg = '';
  if (sr.kvstore && unhealthy(sr.kvstore.state)) msg = `kvstore: ${sr.kvstore.msg ?? ''}`;
  else if (sr['container-runtime'] && unhealthy(sr['container-runtime'].state)) msg = `container runtime: ${sr['container-runtime'].msg ?? ''}`;
  else if (sr.kubernetes && unhealthy(sr.kubernetes.state)) msg = `kubernetes: ${sr.kubernetes.msg ?? ''}`;
  else if (sr.cilium && unhealthy(sr.cilium.state)) msg = `cilium: ${sr.cilium.msg ?? ''}`;
  else if (sr.cluster?.ciliumHealth && unhealthy(sr.cluster.ciliumHealth.state)) msg = `cilium-health: ${sr.cluster.ciliumHealth.msg ?? ''}`;
  if (!msg) {
    for (const c of sr.controllers ?? []) {
      if (c.status?.['last-failure-msg']) {
        msg = `controller ${c.name ?? ''}: ${c.status['last-failure-msg']}`;
        break;
      }
    }
  }
  return msg ? `error in ${escapeTerminal(msg)}\n` : 'OK\n';
}

const enabled = (b: boolean | undefined) => (b ? 'Enabled' : 'Disabled');

function nested(text: string): string {
  return formatTabwriter(text, NESTED_TABWRITER);
}

function kprDevices(sr: StatusResponse): string {
  const kpr = sr['kube-proxy-replacement'];
  if (!kpr || kpr.mode === 'False') return '';
  let s = '';
  const list = kpr.deviceList ?? [];
  list.forEach((dev, i) => {
    s += `${dev.name ?? ''} ${(dev.ip ?? []).join(' ')}`;
    if (dev.name === kpr.directRoutingDevice) s += ' (Direct Routing)';
    // upstream compares against `devices`, not `deviceList` (quirk kept)
    if (i + 1 !== (kpr.devices ?? []).length) s += ', ';
  });
  return s;
}

function bigTcp(label: string, b: StatusResponse['ipv4-big-tcp']): string {
  if (!b) return '';
  let status = 'Disabled';
  if (b.enabled) {
    const max = b.maxGRO !== b.maxGSO ? `[${b.maxGRO ?? 0}, ${b.maxGSO ?? 0}]` : `[${b.maxGSO ?? 0}]`;
    status = `Enabled\t${max}`;
  }
  return `${label}:\t${status}\n`;
}

function remoteClusters(clusters: RemoteCluster[], all: boolean, now: number): string {
  let s = '';
  for (const c of clusters) {
    if (!all && c.ready) continue;
    s += `   ${c.name ?? ''}: ${c.ready ? 'ready' : 'not-ready'}, ${c['num-nodes'] ?? 0} nodes, ${c['num-endpoints'] ?? 0} endpoints, ` +
      `${c['num-identities'] ?? 0} identities, ${c['num-shared-services'] ?? 0} services, ${c['num-service-exports'] ?? 0} MCS-API service exports, ` +
      `${c['num-failures'] ?? 0} reconnections (last: ${timeSince(c['last-failure'], now)})\n`;
    s += `   └  ${c.status ?? ''}\n`;
    s += '   └  remote configuration: ';
    if (c.config) {
      s += `expected=${Boolean(c.config.required)}, retrieved=${Boolean(c.config.retrieved)}`;
      if (c.config.retrieved) {
        const se = c.config['service-exports-enabled'];
        s += `, cluster-id=${c.config['cluster-id'] ?? 0}, kvstoremesh=${Boolean(c.config.kvstoremesh)}, sync-canaries=${Boolean(c.config['sync-canaries'])}` +
          `, service-exports=${se === true ? 'enabled' : se === false ? 'disabled' : 'unsupported'}`;
      }
    } else {
      s += 'expected=unknown, retrieved=unknown';
    }
    s += '\n';
    if (c.synced) {
      const y = c.synced;
      s += `   └  synchronization status: nodes=${Boolean(y.nodes)}, endpoints=${Boolean(y.endpoints)}, identities=${Boolean(y.identities)}, services=${Boolean(y.services)}`;
      if (y['service-exports'] !== undefined && y['service-exports'] !== null) s += `, service-exports=${y['service-exports']}`;
      s += '\n';
    }
  }
  return s;
}

function masquerading(sr: StatusResponse): string {
  const m = sr.masquerading!;
  let status: string;
  if (!m.enabledProtocols) status = enabled(m.enabled);
  else if (!m.enabledProtocols.ipv4 && !m.enabledProtocols.ipv6) status = 'Disabled';
  else {
    status = '';
    if (m.mode === 'BPF') {
      status = m['ip-masq-agent'] ? 'BPF (ip-masq-agent)' : 'BPF';
      const kpr = sr['kube-proxy-replacement'];
      if (kpr) {
        const devs = (kpr.deviceList ?? []).map((d) => d.name ?? '').join(', ');
        status += `\t[${devs}]\t${m['snat-exclusion-cidr-v4'] ?? ''} ${m['snat-exclusion-cidr-v6'] ?? ''}`;
      }
    } else if (m.mode === 'iptables') {
      status = 'IPTables';
    }
    status = `${status} [IPv4: ${enabled(m.enabledProtocols.ipv4)}, IPv6: ${enabled(m.enabledProtocols.ipv6)}]`;
  }
  return `Masquerading:\t${status}\n`;
}

function controllers(sr: StatusResponse, d: StatusDetails, now: number): string {
  const list = sr.controllers!;
  let failing = 0;
  const out = ['  Name\tLast success\tLast error\tCount\tMessage\n'];
  for (const c of list) {
    const st = c.status;
    if (!st) continue;
    const fails = st['consecutive-failure-count'] ?? 0;
    if (fails > 0) failing++;
    else if (!d.allControllers) continue;
    out.push(`  ${c.name ?? ''}\t${timeSince(st['last-success-timestamp'], now)}\t${timeSince(st['last-failure-timestamp'], now)}\t${fails}\t${st['last-failure-msg'] || 'no error'}\t\n`);
  }
  let s = `Controller Status:\t${list.length - failing}/${list.length} healthy\n`;
  if (out.length > 1) s += nested(out.sort(goCompare).join(''));
  return s;
}

function proxy(sr: StatusResponse, d: StatusDetails): string {
  const p = sr.proxy;
  if (!p) return 'Proxy Status:\tNo managed proxy redirect\n';
  const total = p['total-redirects'] ?? 0;
  let s = `Proxy Status:\tOK, ip ${p.ip ?? ''}, ${total} redirects active on ports ${p['port-range'] ?? ''}, Envoy: ${p['envoy-deployment-mode'] ?? ''}\n`;
  if (d.allRedirects && total > 0) {
    const rows = (p.redirects ?? []).map((r) => `  ${r.proxy ?? ''}\t${r.name ?? ''}\t${r['proxy-port'] ?? 0}\n`).sort(goCompare);
    s += nested('  Protocol\tRedirect\tProxy Port\n' + rows.join(''));
  }
  return s;
}

function hubble(sr: StatusResponse): string {
  const h = sr.hubble!;
  const fields = [h.msg ? `${h.state ?? ''} ${h.msg}` : (h.state ?? '')];
  const o = h.observer;
  if (o) {
    const obs: string[] = [];
    const max = o['max-flows'] ?? 0;
    const cur = o['current-flows'] ?? 0;
    if (max > 0) obs.push(`Current/Max Flows: ${cur}/${max} (${((cur / max) * 100).toFixed(2)}%)`);
    const uptimeNs = parseGoDuration(o.uptime ?? '');
    if (uptimeNs > 0) obs.push(`Flows/s: ${((o['seen-flows'] ?? 0) / (uptimeNs / 1e9)).toFixed(2)}`);
    fields.push(obs.join(', '));
  }
  const m = sr['hubble-metrics'];
  if (m) fields.push(`Metrics: ${m.state ?? ''}${m.msg ? ` (${m.msg})` : ''}`);
  return `Hubble:\t${fields.join('\t')}\n`;
}

function kprDetails(sr: StatusResponse, devices: string): string {
  const kpr = sr['kube-proxy-replacement']!;
  const f = kpr.features ?? {};
  const np = f.nodePort ?? {};
  let selection = '';
  let mode = '';
  let dsrMode = '';
  let xdp = '';
  let lb = 'Disabled';
  let nPort = 'Disabled';
  if (np.enabled) {
    selection = np.algorithm === 'Maglev' ? `${np.algorithm} (Table Size: ${np.lutSize ?? 0})` : (np.algorithm ?? '');
    xdp = np.acceleration ?? '';
    mode = np.mode ?? '';
    if (mode === 'DSR' || mode === 'Hybrid') dsrMode = np.dsrMode ?? '';
    nPort = `Enabled (Range: ${np.portMin ?? 0}-${np.portMax ?? 0})`;
    lb = 'Enabled';
  }
  let t = `  Status:\t${kpr.mode ?? ''}\n`;
  t += `  Socket LB:\t${enabled(f.socketLB?.enabled)}\n`;
  t += `  Socket LB Tracing:\t${enabled(f.socketLBTracing?.enabled)}\n`;
  t += `  Socket LB Coverage:\t${f.bpfSocketLBHostnsOnly ? 'Hostns-only' : 'Full'}\n`;
  if (devices) t += `  Devices:\t${devices}\n`;
  if (mode) t += `  Mode:\t${mode}\n`;
  if (dsrMode) t += `    DSR Dispatch Mode:\t${dsrMode}\n`;
  if (selection) t += `  Backend Selection:\t${selection}\n`;
  t += `  Session Affinity:\t${enabled(f.sessionAffinity?.enabled)}\n`;
  const nat = f.nat46X64 ?? {};
  if (!nat.enabled) t += '  NAT46/64 Support:\tDisabled\n';
  else {
    t += '  NAT46/64 Support:\n';
    t += `  - Services:\t${enabled(nat.service?.enabled)}\n`;
    t += `  - Gateway:\t${enabled(nat.gateway?.enabled)}\n`;
    const prefixes = (nat.gateway?.prefixes ?? []).join(', ');
    if (nat.gateway?.enabled && prefixes) t += `    Prefixes:\t${prefixes}\n`;
  }
  if (xdp) t += `  XDP Acceleration:\t${xdp}\n`;
  t += '  Services:\n';
  t += '  - ClusterIP:\tEnabled\n';
  t += `  - NodePort:\t${nPort} \n`;
  t += `  - LoadBalancer:\t${lb} \n`;
  t += `  - externalIPs:\t${enabled(f.externalIPs?.enabled)} \n`;
  t += `  - HostPort:\t${enabled(f.hostPort?.enabled)}\n`;
  const ann = f.annotations ?? [];
  if (ann.length) t += '  Annotations:\n' + ann.map((a) => `  - ${a}\n`).join('');
  else t += '  Annotations:\t(n/a)\n';
  return 'KubeProxyReplacement Details:\n' + nested(t);
}

function encryption(sr: StatusResponse): string {
  const e = sr.encryption!;
  const fields: string[] = [];
  if (e.msg) fields.push(e.msg);
  else if (e.wireguard) {
    fields.push(`[NodeEncryption: ${e.wireguard['node-encryption'] ?? ''}`);
    const ifaces = (e.wireguard.interfaces ?? []).map(
      (i) => `${i.name ?? ''} (Pubkey: ${i['public-key'] ?? ''}, Port: ${i['listen-port'] ?? 0}, Peers: ${i['peer-count'] ?? 0})`,
    );
    fields.push(`${ifaces.join(', ')}]`);
  }
  return `Encryption:\t${e.mode ?? ''}\t${fields.join(', ')}\n`;
}

/** Lines 1-29 of reference 3.3 (everything before cluster health), tab-separated. */
export function statusLines(sr: StatusResponse, d: StatusDetails, now: number = Date.now()): string {
  let s = '';
  if (sr.kvstore) s += `KVStore:\t${sr.kvstore.state ?? ''}\t${sr.kvstore.msg ?? ''}\n`;
  const cr = sr['container-runtime'];
  if (cr) s += `ContainerRuntime:\t${cr.state ?? ''}\t${cr.msg ?? ''}\n`;
  if (sr.kubernetes) {
    const k = sr.kubernetes;
    s += `Kubernetes:\t${k.state ?? ''}\t${k.msg ?? ''}\n`;
    if (k.state !== 'Disabled') s += `Kubernetes APIs:\t["${[...(k['k8s-api-versions'] ?? [])].sort(goCompare).join('", "')}"]\n`;
  }
  const devices = kprDevices(sr);
  const kpr = sr['kube-proxy-replacement'];
  if (kpr) s += `KubeProxyReplacement:\t${kpr.mode ?? ''}\t${devices && (kpr.deviceList ?? []).length ? `[${devices}]` : ''}\n`;
  const hf = sr['host-firewall'];
  if (hf) s += `Host firewall:\t${hf.mode ?? ''}${hf.mode !== 'Disabled' ? `\t[${(hf.devices ?? []).join(', ')}]` : ''}\n`;
  if (sr.srv6) s += `SRv6:\t${sr.srv6.enabled ? `Enabled\t[encap-mode: ${sr.srv6.srv6EncapMode ?? ''}]` : 'Disabled'}\n`;
  if (sr['cni-chaining']) s += `CNI Chaining:\t${sr['cni-chaining'].mode ?? ''}\n`;
  if (sr['cni-file']) s += `CNI Config file:\t${sr['cni-file'].msg ?? ''}\n`;
  if (sr.cilium) s += `Cilium:\t${sr.cilium.state ?? ''}   ${sr.cilium.msg ?? ''}\n`;
  if (sr.stale) {
    const stale = sr.stale;
    const probes = Object.keys(stale).sort(goCompare);
    s += `Stale status:\t${probes.map((p) => `${goQuote(p)} since ${formatDateTime(stale[p])}`).join(', ')}\n`;
  }
  const nm = sr.nodeMonitor;
  if (nm) {
    s += `NodeMonitor:\tListening for events on ${nm.cpus ?? 0} CPUs with ${nm.npages ?? 0}x${nm.pagesize ?? 0} of shared memory\n`;
    if (nm.lost || nm.unknown) s += `\t${nm.lost ?? 0} events lost, ${nm.unknown ?? 0} unknown notifications\n`;
  } else s += 'NodeMonitor:\tDisabled\n';
  const ch = sr.cluster?.ciliumHealth;
  if (ch) s += `Cilium health daemon:\t${ch.state ?? ''}\t${ch.msg ?? ''}\n`;
  if (sr.ipam) {
    s += `IPAM:\t${sr.ipam.status ?? ''}\n`;
    if (d.allAddresses) {
      s += 'Allocated addresses:\n';
      const alloc = sr.ipam.allocations ?? {};
      s += Object.entries(alloc).map(([ip, owner]) => `  ${ip} (${owner})\n`).sort(goCompare).join('');
    }
  }
  if (sr['cluster-mesh']) {
    const clusters = sr['cluster-mesh'].clusters ?? [];
    s += `ClusterMesh:\t${clusters.filter((c) => c.ready).length}/${clusters.length} remote clusters ready\n`;
    s += remoteClusters(clusters, d.allClusters, now);
  }
  s += bigTcp('IPv4 BIG TCP', sr['ipv4-big-tcp']);
  s += bigTcp('IPv6 BIG TCP', sr['ipv6-big-tcp']);
  const bw = sr['bandwidth-manager'];
  if (bw) {
    const st = bw.enabled ? `EDT with BPF [${(bw.congestionControl ?? '').toUpperCase()}] [${(bw.devices ?? []).join(', ')}]` : 'Disabled';
    s += `BandwidthManager:\t${st}\n`;
  }
  const r = sr.routing;
  if (r) {
    let st = `Network: ${r['inter-host-routing-mode'] ?? ''}`;
    if (r['inter-host-routing-mode'] === 'Tunnel') st += ` [${r['tunnel-protocol'] ?? ''}]`;
    s += `Routing:\t${st}\tHost: ${r['intra-host-routing-mode'] ?? ''}\n`;
  }
  if (sr['attach-mode']) s += `Attach Mode:\t${sr['attach-mode'] === 'tcx' ? 'TCX' : 'Legacy TC'}\n`;
  const dm = sr['datapath-mode'];
  if (dm) s += `Device Mode:\t${dm === 'veth' || dm === 'netkit' || dm === 'netkit-l2' ? dm : '?'}\n`;
  if (sr.masquerading) s += masquerading(sr);
  if (d.verbose && sr['clock-source']) {
    const c = sr['clock-source'];
    s += `Clock Source for BPF:\t${c.mode === 'jiffies' ? `${c.mode}\t[${c.hertz ?? 0} Hz]` : (c.mode ?? '')}\n`;
  }
  if (sr.controllers) s += controllers(sr, d, now);
  s += proxy(sr, d);
  const ir = sr['identity-range'];
  s += ir ? `Global Identity Range:\tmin ${ir['min-identity'] ?? 0}, max ${ir['max-identity'] ?? 0}\n` : 'Global Identity Range:\tUnknown\n';
  if (sr.hubble) s += hubble(sr);
  if (d.verbose && sr.kubernetes && kpr) s += kprDetails(sr, devices);
  if (d.verbose && sr['bpf-maps']) {
    const b = sr['bpf-maps'];
    const ratio = b['dynamic-size-ratio'] ?? 0;
    s += `BPF Maps:\tdynamic sizing: ${ratio > 0 && ratio <= 1 ? `on (ratio: ${ratio.toFixed(6)})` : 'off'}\n`;
    s += nested('  Name\tSize\n' + (b.maps ?? []).map((m) => `  ${m.name ?? ''}\t${m.size ?? 0}\n`).join(''));
  }
  if (sr.encryption) s += encryption(sr);
  return s;
}

/** Whether the agent runs the health prober (a controller named cilium-health-ep exists). */
export function healthEnabled(sr: StatusResponse): boolean {
  return (sr.controllers ?? []).some((c) => c.name === 'cilium-health-ep');
}

export interface StatusExtras {
  /** health.sock answer; null = unreachable; undefined = probe disabled (no cilium-health-ep). */
  clusterHealth?: HealthStatusResponse | null;
  /** StateDB health rows (only printed when health is enabled). */
  modules?: ModuleHealth[];
}

/** The whole `status` text, aligned: lines 1-29, then (cilium healthy only) cluster and module health. */
export function formatStatus(sr: StatusResponse, d: StatusDetails, extras: StatusExtras, now: number = Date.now()): string {
  let s = statusLines(sr, d, now);
  if (!ciliumUnhealthy(sr)) {
    if (extras.clusterHealth === undefined) s += 'Cluster health:\t\tProbe disabled\n';
    else if (extras.clusterHealth === null) s += 'Cluster health:\t\t\tWarning\tcilium-health daemon unreachable\n';
    else {
      const allNodes = d.allNodes;
      s += healthTable(extras.clusterHealth, {allNodes, verbose: d.verbose, maxLines: allNodes || d.allHealth ? 0 : 10});
    }
    if (extras.clusterHealth !== undefined && extras.modules) s += d.allHealth ? modulesTree(extras.modules, now) : modulesSummary(extras.modules);
  }
  // wire strings are made terminal-safe (ESC → ^[, CR → \r); ordinary text is unchanged
  return formatTabwriter(escapeTerminal(s), STATUS_TABWRITER);
}
