// Every line format of reference 3.3 that the complete examples do not exercise, as the
// tab-separated text fed to the tabwriter (so the column breaks are checked too).
import assert from 'node:assert/strict';
import {detailsFromFlags, NO_DETAILS, statusLines, type StatusDetails} from '../../../src/cilium/print/status.js';
import type {StatusResponse} from '../../../src/cilium/types.js';

const NOW = Date.parse('2026-06-01T10:16:00Z');
const ALWAYS = ['NodeMonitor:\tDisabled\n', 'Proxy Status:\tNo managed proxy redirect\n', 'Global Identity Range:\tUnknown\n'];

interface Case {
  name: string;
  sr: StatusResponse;
  details?: StatusDetails;
  want: string;
}

const kpr = {mode: 'True', devices: ['eth0', 'eth1'], deviceList: [{name: 'eth0', ip: ['', '10.0.0.1']}, {name: 'eth1', ip: ['', '10.1.0.1']}], directRoutingDevice: 'eth1'};

const cases: Case[] = [
  {name: 'container runtime', sr: {'container-runtime': {state: 'Ok', msg: 'containerd'}}, want: 'ContainerRuntime:\tOk\tcontainerd\n'},
  {name: 'Kubernetes with no API versions prints [""]', sr: {kubernetes: {state: 'Ok', msg: 'v'}}, want: 'Kubernetes:\tOk\tv\nKubernetes APIs:\t[""]\n'},
  {
    name: 'KPR devices, direct routing on the second, ", " between',
    sr: {'kube-proxy-replacement': kpr},
    want: 'KubeProxyReplacement:\tTrue\t[eth0  10.0.0.1, eth1  10.1.0.1 (Direct Routing)]\n',
  },
  {
    name: 'KPR separator quirk: counts `devices`, not `deviceList`',
    sr: {'kube-proxy-replacement': {...kpr, devices: ['eth0']}},
    want: 'KubeProxyReplacement:\tTrue\t[eth0  10.0.0.1eth1  10.1.0.1 (Direct Routing), ]\n',
  },
  {name: 'KPR mode False hides devices', sr: {'kube-proxy-replacement': {...kpr, mode: 'False'}}, want: 'KubeProxyReplacement:\tFalse\t\n'},
  {name: 'host firewall enabled lists devices', sr: {'host-firewall': {mode: 'Enabled', devices: ['eth0', 'eth1']}}, want: 'Host firewall:\tEnabled\t[eth0, eth1]\n'},
  {name: 'SRv6 enabled', sr: {srv6: {enabled: true, srv6EncapMode: 'SRH'}}, want: 'SRv6:\tEnabled\t[encap-mode: SRH]\n'},
  {name: 'NodeMonitor with lost events', sr: {nodeMonitor: {cpus: 2, npages: 64, pagesize: 4096, lost: 5, unknown: 1}}, want: 'NodeMonitor:\tListening for events on 2 CPUs with 64x4096 of shared memory\n\t5 events lost, 1 unknown notifications\n'},
  {
    name: 'ClusterMesh: a not-ready cluster with its detail lines',
    sr: {
      'cluster-mesh': {
        clusters: [
          {name: 'c1', ready: true, 'num-nodes': 3},
          {
            name: 'c2', ready: false, 'num-nodes': 2, 'num-endpoints': 10, 'num-identities': 4, 'num-shared-services': 1, 'num-service-exports': 0,
            'num-failures': 2, 'last-failure': '2026-06-01T10:15:00Z', status: 'Waiting for initial connection to be established',
            config: {required: true, retrieved: true, 'cluster-id': 2, kvstoremesh: true, 'sync-canaries': true, 'service-exports-enabled': null},
            synced: {nodes: true, endpoints: false, identities: true, services: false},
          },
        ],
      },
    },
    want:
      'ClusterMesh:\t1/2 remote clusters ready\n' +
      '   c2: not-ready, 2 nodes, 10 endpoints, 4 identities, 1 services, 0 MCS-API service exports, 2 reconnections (last: 1m0s ago)\n' +
      '   └  Waiting for initial connection to be established\n' +
      '   └  remote configuration: expected=true, retrieved=true, cluster-id=2, kvstoremesh=true, sync-canaries=true, service-exports=unsupported\n' +
      '   └  synchronization status: nodes=true, endpoints=false, identities=true, services=false\n',
  },
  {
    name: 'ClusterMesh --all-clusters: ready ones too; no config = unknown',
    sr: {'cluster-mesh': {clusters: [{name: 'c1', ready: true}]}},
    details: {...NO_DETAILS, allClusters: true},
    want:
      'ClusterMesh:\t1/1 remote clusters ready\n' +
      '   c1: ready, 0 nodes, 0 endpoints, 0 identities, 0 services, 0 MCS-API service exports, 0 reconnections (last: never)\n' +
      '   └  \n   └  remote configuration: expected=unknown, retrieved=unknown\n',
  },
  {
    name: 'BIG TCP enabled, same and different GRO/GSO',
    sr: {'ipv4-big-tcp': {enabled: true, maxGRO: 196608, maxGSO: 196608}, 'ipv6-big-tcp': {enabled: true, maxGRO: 196608, maxGSO: 65536}},
    want: 'IPv4 BIG TCP:\tEnabled\t[196608]\nIPv6 BIG TCP:\tEnabled\t[196608, 65536]\n',
  },
  {name: 'bandwidth manager with BBR', sr: {'bandwidth-manager': {enabled: true, congestionControl: 'bbr', devices: ['eth0', 'eth1']}}, want: 'BandwidthManager:\tEDT with BPF [BBR] [eth0, eth1]\n'},
  {name: 'tunnel routing', sr: {routing: {'inter-host-routing-mode': 'Tunnel', 'intra-host-routing-mode': 'BPF', 'tunnel-protocol': 'geneve'}}, want: 'Routing:\tNetwork: Tunnel [geneve]\tHost: BPF\n'},
  {name: 'attach mode tc', sr: {'attach-mode': 'tc'}, want: 'Attach Mode:\tLegacy TC\n'},
  {name: 'unknown device mode prints ?', sr: {'datapath-mode': 'ipvlan'}, want: 'Device Mode:\t?\n'},
  {name: 'netkit-l2', sr: {'datapath-mode': 'netkit-l2'}, want: 'Device Mode:\tnetkit-l2\n'},
  {name: 'masquerading without protocol info', sr: {masquerading: {enabled: true}}, want: 'Masquerading:\tEnabled\n'},
  {name: 'masquerading with neither family', sr: {masquerading: {enabled: true, enabledProtocols: {}}}, want: 'Masquerading:\tDisabled\n'},
  {
    name: 'BPF masquerading with ip-masq-agent and both CIDRs',
    sr: {masquerading: {enabled: true, enabledProtocols: {ipv4: true, ipv6: true}, mode: 'BPF', 'ip-masq-agent': true, 'snat-exclusion-cidr-v4': '10.0.0.0/8', 'snat-exclusion-cidr-v6': 'fd00::/64'}, 'kube-proxy-replacement': kpr},
    want: 'KubeProxyReplacement:\tTrue\t[eth0  10.0.0.1, eth1  10.1.0.1 (Direct Routing)]\nMasquerading:\tBPF (ip-masq-agent)\t[eth0, eth1]\t10.0.0.0/8 fd00::/64 [IPv4: Enabled, IPv6: Enabled]\n',
  },
  {name: 'BPF masquerading without KPR has no device/CIDR columns', sr: {masquerading: {enabled: true, enabledProtocols: {ipv4: true}, mode: 'BPF'}}, want: 'Masquerading:\tBPF [IPv4: Enabled, IPv6: Disabled]\n'},
  {name: 'clock source only with --verbose', sr: {'clock-source': {mode: 'jiffies', hertz: 250}}, want: ''},
  {name: 'jiffies clock source', sr: {'clock-source': {mode: 'jiffies', hertz: 250}}, details: detailsFromFlags({verbose: true}), want: 'Clock Source for BPF:\tjiffies\t[250 Hz]\n'},
  {name: 'empty controller list', sr: {controllers: []}, want: 'Controller Status:\t0/0 healthy\n'},
  {name: 'proxy with empty Envoy mode keeps the trailing space', sr: {proxy: {ip: '10.0.0.9', 'port-range': '10000-20000', 'total-redirects': 0}}, want: 'Proxy Status:\tOK, ip 10.0.0.9, 0 redirects active on ports 10000-20000, Envoy: \n'},
  {
    name: 'hubble with message, no observer counts, metrics with message',
    sr: {hubble: {state: 'Warning', msg: 'ring buffer full', observer: {'max-flows': 0, uptime: '0s'}}, 'hubble-metrics': {state: 'Failure', msg: 'bind: address in use'}},
    want: 'Hubble:\tWarning ring buffer full\t\tMetrics: Failure (bind: address in use)\n',
  },
  {name: 'encryption with a message', sr: {encryption: {mode: 'IPsec', msg: 'keys: 3, decrypt-interface: eth0'}}, want: 'Encryption:\tIPsec\tkeys: 3, decrypt-interface: eth0\n'},
  {name: 'stale status sorted by probe name', sr: {stale: {b: '2026-06-01T10:00:00Z', a: '2026-06-01T09:00:00.5Z'}}, want: 'Stale status:\t"a" since 2026-06-01T09:00:00.500Z, "b" since 2026-06-01T10:00:00.000Z\n'},
];

function only(out: string): string {
  let s = out;
  for (const l of ALWAYS) s = s.replace(l, '');
  return s;
}

describe('cilium/print/status line formats (3.3)', () => {
  for (const c of cases) it(c.name, () => assert.equal(only(statusLines(c.sr, c.details ?? NO_DETAILS, NOW)), c.want));

  it('NAT46/64 enabled: sub-lines in the KPR details', () => {
    const sr: StatusResponse = {kubernetes: {state: 'Disabled'}, 'kube-proxy-replacement': {mode: 'True', features: {nat46X64: {enabled: true, gateway: {enabled: true, prefixes: ['64:ff9b::/96']}, service: {enabled: false}}}}};
    const out = statusLines(sr, detailsFromFlags({verbose: true}), NOW);
    assert.ok(out.includes('  NAT46/64 Support:\n  - Services:   Disabled\n  - Gateway:    Enabled\n    Prefixes:   64:ff9b::/96\n'), out);
  });
});
