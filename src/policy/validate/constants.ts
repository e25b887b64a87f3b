// Enumerations of the Cilium 1.19 CRD and agent (network-policy.md sections 4, 5, 9).
export const ENTITIES = ['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver'] as const;
/** Known to the agent, absent from the CRD enum: kubectl apply rejects them. */
export const AGENT_ONLY_ENTITIES = ['world-ipv4', 'world-ipv6'];
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'VRRP', 'IGMP', 'ANY'] as const;
export const NP_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export const AUTH_MODES = ['disabled', 'required', 'test-always-fail'] as const;
export const HEADER_MISMATCH = ['LOG', 'ADD', 'DELETE', 'REPLACE'] as const;
export const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export const POLICY_TYPES = ['Ingress', 'Egress'] as const;
export const MAX_PORTS = 40;
export const MAX_ICMP_FIELDS = 40;

/** Peer fields per direction; each is one "L3 member" (two in one element are rejected). */
export const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'] as const;
export const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toGroups', 'toNodes', 'toFQDNs'] as const;

/** DNS names in toFQDNs and rules.dns (CRD patterns). */
export const MATCH_NAME = /^([-a-zA-Z0-9_]+[.]?)+$/;
export const MATCH_PATTERN = /^([-a-zA-Z0-9_*]+[.]?)+$/;
/** Kubernetes DNS-1123 subdomain (metadata.name, cidrGroupRef). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
