// The validation rules axon enforces: the rows of network-policy.md section 12 (Cilium: CRD
// schema and agent sanitiser) and section 13.2 (Kubernetes ValidateNetworkPolicySpec).
// Every error carries one of these ids; tests prove each has a failing and a passing case.
import type {Layer} from '../parse/diagnostic.js';

export interface RuleInfo {
  id: string;
  layer: Layer;
  summary: string;
}

const R = (id: string, layer: Layer, summary: string): RuleInfo => ({id, layer, summary});

export const RULES: readonly RuleInfo[] = [
  R('12.1', 'K8s', 'apiVersion/kind must be cilium.io/v2 CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (or networking.k8s.io/v1 NetworkPolicy)'),
  R('12.2', 'K8s', 'no unknown fields (strict field validation)'),
  R('12.3', 'K8s', 'every field has its JSON type'),
  R('12.4', 'K8s', 'metadata.name is required'),
  R('12.5', 'Agent', 'spec or specs is required'),
  R('12.6', 'K8s', 'a rule has at least one of ingress, ingressDeny, egress, egressDeny (non-empty)'),
  R('12.7', 'K8s', 'a rule has endpointSelector or nodeSelector'),
  R('12.8', 'K8s', 'a rule has not both endpointSelector and nodeSelector'),
  R('12.9', 'Agent', 'nodeSelector only in a CiliumClusterwideNetworkPolicy'),
  R('12.10', 'K8s', 'label selectors are valid (keys, values, operators, values per operator)'),
  R('12.11', 'Agent', 'one L3 peer kind per rule element'),
  R('12.12', 'Agent', 'fromNodes/toNodes need enable-node-selector-labels'),
  R('12.13', 'K8s', 'entities come from the supported list'),
  R('12.14', 'K8s', 'CIDRs parse'),
  R('12.15', 'K8s', 'a CIDRSet item has exactly one of cidr, cidrGroupRef, cidrGroupSelector'),
  R('12.16', 'Agent', 'except prefixes lie inside their cidr'),
  R('12.17', 'K8s', 'fromRequires/toRequires are removed (at most 0 items)'),
  R('12.18', 'K8s', 'at most 40 ports per port rule'),
  R('12.19', 'Agent', 'port must be specified'),
  R('12.20', 'Agent', 'port is a number 0-65535 or an IANA service name'),
  R('12.21', 'K8s', 'protocol is TCP, UDP, SCTP, VRRP, IGMP or ANY'),
  R('12.22', 'Agent', 'VRRP/IGMP only with port empty or 0'),
  R('12.23', 'Agent', 'L7 rules other than DNS only on TCP'),
  R('12.24', 'Agent', 'no L7 rules on port 0'),
  R('12.25', 'Agent', 'no DNS rules on ingress'),
  R('12.26', 'Agent', 'DNS rules need a port'),
  R('12.27', 'Agent', 'DNS rules do not take port ranges'),
  R('12.28', 'K8s', 'one L7 protocol per rules block'),
  R('12.29', 'Agent', "'l7' needs 'l7proto'; no empty keys in l7"),
  R('12.30', 'Agent', 'HTTP path/method are valid RE2 regexes'),
  R('12.31', 'K8s', 'headerMatches: name required, mismatch action valid, secret has a name'),
  R('12.32', 'Agent', 'host policies: no L7 on ingress, no HTTP/Kafka on egress'),
  R('12.33', 'Agent', 'L7 rules need the L7 proxy (enable-l7-proxy)'),
  R('12.34', 'Agent', 'serverNames: not empty, and with L7 rules only with terminatingTLS'),
  R('12.35', 'Agent', 'listener: egress only and not with L7 rules'),
  R('12.36', 'Agent', 'icmps and toPorts not in the same element'),
  R('12.37', 'K8s', 'at most 40 ICMP fields; family IPv4 or IPv6'),
  R('12.38', 'Decode', 'ICMP type is 0-255 or a name defined for its family'),
  R('12.39', 'Agent', 'icmps need enable-icmp-rules'),
  R('12.40', 'K8s', 'toFQDNs: exactly one of matchName/matchPattern, valid characters, at most 255'),
  R('12.41', 'K8s', 'DNS rules: exactly one of matchName/matchPattern, valid characters'),
  R('12.42', 'K8s', 'authentication.mode is disabled, required or test-always-fail'),
  R('12.43', 'K8s', 'log.value at most 32 printable characters'),
  R('12.44', 'K8s', 'listener priority 1-100, names not empty'),
  R('13.2.1', 'K8s', 'NetworkPolicy label selectors are valid'),
  R('13.2.2', 'K8s', 'NetworkPolicy protocol is TCP, UDP or SCTP'),
  R('13.2.3', 'K8s', 'numeric port is 1-65535'),
  R('13.2.4', 'K8s', 'named port is an IANA service name'),
  R('13.2.5', 'K8s', 'endPort is valid and not below port'),
  R('13.2.6', 'K8s', 'endPort only with a numeric port'),
  R('13.2.7', 'K8s', 'a peer specifies podSelector, namespaceSelector or ipBlock'),
  R('13.2.8', 'K8s', 'ipBlock is not combined with another peer selector'),
  R('13.2.9', 'K8s', 'ipBlock.cidr is required and valid; except entries valid'),
  R('13.2.10', 'K8s', 'except is a strict subset of cidr'),
  R('13.2.11', 'K8s', 'at most two policyTypes'),
  R('13.2.12', 'K8s', 'policyTypes are Ingress or Egress'),
  R('13.2.13', 'K8s', 'metadata.name is a DNS subdomain'),
];

export const RULE_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.id, r]));
