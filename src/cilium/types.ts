// Models of the Cilium agent REST API (/v1) and the cilium-health API (/v1beta), as JSON on the
// wire (keys exactly as upstream 1.19). Optional keys are omitted by the agent when nil.
// Key order of StatusResponse matters for -o json: STATUS_KEYS lists it (Go struct order).

/** `Ok`, `Warning`, `Failure`, `Disabled` (anything else is treated as unhealthy by the agent CLI). */
export type StatusState = 'Ok' | 'Warning' | 'Failure' | 'Disabled' | (string & {});

export interface Status {
  msg?: string;
  state?: StatusState;
}

export interface K8sStatus extends Status {
  'k8s-api-versions'?: string[] | null;
}

export interface BandwidthManager {
  congestionControl?: 'cubic' | 'bbr' | (string & {});
  devices?: string[] | null;
  enabled?: boolean;
}

export interface BPFMapStatus {
  'dynamic-size-ratio'?: number;
  maps?: Array<{name?: string; size?: number}> | null;
}

export interface ClockSource {
  hertz?: number;
  mode?: 'ktime' | 'jiffies' | (string & {});
}

export interface NodeAddressingElement {
  'address-type'?: string;
  'alloc-range'?: string;
  enabled?: boolean;
  ip?: string;
}

export interface NodeElement {
  'health-endpoint-address'?: {ipv4?: NodeAddressingElement; ipv6?: NodeAddressingElement} | null;
  'ingress-address'?: {ipv4?: NodeAddressingElement; ipv6?: NodeAddressingElement} | null;
  name?: string;
  'primary-address'?: {ipv4?: NodeAddressingElement; ipv6?: NodeAddressingElement} | null;
  'secondary-addresses'?: NodeAddressingElement[] | null;
  source?: string;
}

export interface ClusterStatus {
  ciliumHealth?: Status;
  nodes?: NodeElement[] | null;
  self?: string;
}

export interface RemoteCluster {
  config?: {
    'cluster-id'?: number;
    kvstoremesh?: boolean;
    required?: boolean;
    retrieved?: boolean;
    'service-exports-enabled'?: boolean | null;
    'sync-canaries'?: boolean;
  };
  connected?: boolean;
  'last-failure'?: string;
  name?: string;
  'num-endpoints'?: number;
  'num-failures'?: number;
  'num-identities'?: number;
  'num-nodes'?: number;
  'num-service-exports'?: number;
  'num-shared-services'?: number;
  ready?: boolean;
  status?: string;
  synced?: {endpoints?: boolean; identities?: boolean; nodes?: boolean; services?: boolean; 'service-exports'?: boolean | null};
}

export interface ClusterMeshStatus {
  clusters?: RemoteCluster[] | null;
}

export interface ControllerStatus {
  configuration?: {'error-retry'?: boolean; 'error-retry-base'?: string; interval?: string};
  name?: string;
  status?: {
    'consecutive-failure-count'?: number;
    'failure-count'?: number;
    'last-failure-msg'?: string;
    'last-failure-timestamp'?: string;
    'last-success-timestamp'?: string;
    'success-count'?: number;
  };
  uuid?: string;
}

export interface WireguardInterface {
  'listen-port'?: number;
  name?: string;
  'peer-count'?: number;
  peers?: unknown[] | null;
  'public-key'?: string;
}

export interface EncryptionStatus {
  ipsec?: Record<string, unknown>;
  mode?: 'Disabled' | 'IPsec' | 'Wireguard' | 'Ztunnel' | (string & {});
  msg?: string;
  wireguard?: {interfaces?: WireguardInterface[] | null; 'node-encryption'?: string; 'node-encrypt-opt-out-labels'?: string};
}

export interface HostFirewall {
  devices?: string[] | null;
  mode?: 'Disabled' | 'Enabled' | (string & {});
}

export interface HubbleStatus extends Status {
  observer?: {'current-flows'?: number; 'max-flows'?: number; 'seen-flows'?: number; uptime?: string};
}

export interface IdentityRange {
  'max-identity'?: number;
  'min-identity'?: number;
}

export interface IPAMStatus {
  allocations?: Record<string, string> | null;
  ipv4?: string[] | null;
  ipv6?: string[] | null;
  status?: string;
}

export interface BigTCP {
  enabled?: boolean;
  maxGRO?: number;
  maxGSO?: number;
}

export interface KPRFeatures {
  annotations?: string[] | null;
  bpfSocketLBHostnsOnly?: boolean;
  externalIPs?: {enabled?: boolean};
  gracefulTermination?: {enabled?: boolean};
  hostPort?: {enabled?: boolean};
  hostReachableServices?: {enabled?: boolean; protocols?: string[]};
  nat46X64?: {enabled?: boolean; gateway?: {enabled?: boolean; prefixes?: string[] | null}; service?: {enabled?: boolean}};
  nodePort?: {
    acceleration?: string;
    algorithm?: string;
    dsrMode?: string;
    enabled?: boolean;
    lutSize?: number;
    mode?: string;
    portMax?: number;
    portMin?: number;
  };
  sessionAffinity?: {enabled?: boolean};
  socketLB?: {enabled?: boolean};
  socketLBTracing?: {enabled?: boolean};
}

export interface KubeProxyReplacement {
  deviceList?: Array<{ip?: string[] | null; name?: string}> | null;
  devices?: string[] | null;
  directRoutingDevice?: string;
  features?: KPRFeatures;
  mode?: 'True' | 'False' | (string & {});
}

export interface Masquerading {
  enabled?: boolean;
  enabledProtocols?: {ipv4?: boolean; ipv6?: boolean};
  'ip-masq-agent'?: boolean;
  mode?: 'BPF' | 'iptables' | (string & {});
  'snat-exclusion-cidr'?: string;
  'snat-exclusion-cidr-v4'?: string;
  'snat-exclusion-cidr-v6'?: string;
}

export interface MonitorStatus {
  cpus?: number;
  lost?: number;
  npages?: number;
  pagesize?: number;
  unknown?: number;
}

export interface ProxyRedirect {
  name?: string;
  proxy?: string;
  'proxy-port'?: number;
}

export interface ProxyStatus {
  'envoy-deployment-mode'?: string;
  ip?: string;
  'port-range'?: string;
  redirects?: ProxyRedirect[] | null;
  'total-ports'?: number;
  'total-redirects'?: number;
}

export interface Routing {
  'inter-host-routing-mode'?: 'Native' | 'Tunnel' | (string & {});
  'intra-host-routing-mode'?: 'BPF' | 'Legacy' | (string & {});
  'tunnel-protocol'?: string;
}

export interface Srv6 {
  enabled?: boolean;
  srv6EncapMode?: string;
}

/** GET /v1/healthz. Every key of the 1.19 model, in the agent's (Go struct) order. */
export interface StatusResponse {
  'attach-mode'?: 'tc' | 'tcx' | (string & {});
  'auth-certificate-provider'?: Status;
  'bandwidth-manager'?: BandwidthManager;
  'bpf-maps'?: BPFMapStatus;
  cilium?: Status;
  'client-id'?: number;
  'clock-source'?: ClockSource;
  cluster?: ClusterStatus;
  'cluster-mesh'?: ClusterMeshStatus;
  'cni-chaining'?: {mode?: string};
  'cni-file'?: Status;
  'container-runtime'?: Status;
  controllers?: ControllerStatus[] | null;
  'datapath-mode'?: 'veth' | 'netkit' | 'netkit-l2' | (string & {});
  encryption?: EncryptionStatus;
  'host-firewall'?: HostFirewall;
  hubble?: HubbleStatus;
  'hubble-metrics'?: Status;
  'identity-range'?: IdentityRange;
  ipam?: IPAMStatus;
  'ipv4-big-tcp'?: BigTCP;
  'ipv6-big-tcp'?: BigTCP;
  'kube-proxy-replacement'?: KubeProxyReplacement;
  kubernetes?: K8sStatus;
  kvstore?: Status;
  masquerading?: Masquerading;
  nodeMonitor?: MonitorStatus;
  proxy?: ProxyStatus;
  routing?: Routing;
  srv6?: Srv6;
  stale?: Record<string, string> | null;
}

export const STATUS_KEYS: ReadonlyArray<keyof StatusResponse> = [
  'attach-mode', 'auth-certificate-provider', 'bandwidth-manager', 'bpf-maps', 'cilium', 'client-id',
  'clock-source', 'cluster', 'cluster-mesh', 'cni-chaining', 'cni-file', 'container-runtime', 'controllers',
  'datapath-mode', 'encryption', 'host-firewall', 'hubble', 'hubble-metrics', 'identity-range', 'ipam',
  'ipv4-big-tcp', 'ipv6-big-tcp', 'kube-proxy-replacement', 'kubernetes', 'kvstore', 'masquerading',
  'nodeMonitor', 'proxy', 'routing', 'srv6', 'stale',
];

// ---- cilium-health (/v1beta on health.sock) ----

export interface ConnectivityStatus {
  lastProbed?: string;
  /** nanoseconds */
  latency?: number;
  /** empty = success, else the error text */
  status?: string;
}

export interface PathStatus {
  http?: ConnectivityStatus | null;
  icmp?: ConnectivityStatus | null;
  ip?: string;
}

export interface HostStatus {
  'primary-address'?: PathStatus | null;
  'secondary-addresses'?: Array<PathStatus | null> | null;
}

export interface EndpointStatus {
  'primary-address'?: PathStatus | null;
  'secondary-addresses'?: Array<PathStatus | null> | null;
}

export interface NodeStatus {
  endpoint?: PathStatus | null;
  'health-endpoint'?: EndpointStatus | null;
  host?: HostStatus | null;
  name?: string;
}

/** GET /v1beta/status, PUT /v1beta/status/probe. */
export interface HealthStatusResponse {
  local?: {name?: string};
  nodes?: NodeStatus[] | null;
  probeInterval?: string;
  timestamp?: string;
}

/** GET /v1beta/healthz. */
export interface HealthResponse {
  cilium?: StatusResponse;
  'system-load'?: {last15min?: string; last1min?: string; last5min?: string};
  uptime?: string;
}

// ---- module health (GET /statedb/query, table "health") ----

export interface ModuleHealth {
  ID?: {Module?: string[]; Component?: string[]};
  Level?: 'OK' | 'Degraded' | 'Stopped' | (string & {});
  Message?: string;
  Error?: string;
  LastOK?: string;
  Updated?: string;
  Stopped?: string;
  Final?: string;
  Count?: number;
}

// ---- endpoints (GET /v1/endpoint) ----

export type PolicyEnabled = 'none' | 'ingress' | 'egress' | 'both' | 'audit-ingress' | 'audit-egress' | 'audit-both';
export type EndpointState =
  | 'waiting-for-identity' | 'not-ready' | 'waiting-to-regenerate' | 'regenerating' | 'restoring'
  | 'ready' | 'disconnecting' | 'disconnected' | 'invalid';

export interface AddressPair {
  ipv4?: string;
  'ipv4-pool-name'?: string;
  ipv6?: string;
  'ipv6-pool-name'?: string;
}

export interface Endpoint {
  id: number;
  spec?: {'label-configuration'?: {user?: string[]}; options?: Record<string, string>};
  status?: {
    'external-identifiers'?: {
      'cni-attachment-id'?: string;
      'container-id'?: string;
      'container-name'?: string;
      'k8s-namespace'?: string;
      'k8s-pod-name'?: string;
      'pod-name'?: string;
    };
    health?: {bpf?: string; connected?: boolean; overallHealth?: string; policy?: string};
    identity?: {id?: number; labels?: string[]; labelsSHA256?: string};
    labels?: {
      derived?: string[];
      disabled?: string[];
      realized?: {user?: string[]};
      'security-relevant'?: string[];
    };
    networking?: {
      addressing?: AddressPair[];
      'container-interface-name'?: string;
      'host-mac'?: string;
      'interface-index'?: number;
      'interface-name'?: string;
      mac?: string;
    };
    policy?: {
      realized?: {
        'allowed-egress-identities'?: number[];
        'allowed-ingress-identities'?: number[];
        'policy-enabled'?: PolicyEnabled;
        'policy-revision'?: number;
      };
      spec?: unknown;
    };
    state?: EndpointState;
  };
}

// ---- GET /v1/config ----

export interface DaemonConfiguration {
  spec?: {options?: Record<string, string>; 'policy-enforcement'?: 'default' | 'always' | 'never'};
  status?: {
    addressing?: {ipv4?: {'address-type'?: string; 'alloc-range'?: string; enabled?: boolean; ip?: string}; ipv6?: {'address-type'?: string; 'alloc-range'?: string; enabled?: boolean; ip?: string}};
    daemonConfigurationMap?: Record<string, unknown>;
    datapathMode?: string;
    deviceMTU?: number;
    immutable?: Record<string, string>;
    'ipam-mode'?: string;
    'k8s-configuration'?: string;
    'k8s-endpoint'?: string;
    kvstoreConfiguration?: {options?: Record<string, string>; type?: string};
    masquerade?: boolean;
    nodeMonitor?: MonitorStatus;
    realized?: {options?: Record<string, string>; 'policy-enforcement'?: string};
    routeMTU?: number;
  };
}

/** GET /v1/policy */
export interface Policy {
  policy?: string;
  revision?: number;
}
