// TypeScript shapes of the policy resources axon reads: CiliumNetworkPolicy (cilium.io/v2),
// CiliumClusterwideNetworkPolicy and Kubernetes NetworkPolicy (networking.k8s.io/v1).
// Field names follow the CRDs (network-policy.md sections 1-10, 13). Everything is optional
// where the schema allows omission; validation lives in src/policy/validate.

import type {PolicyKind} from './parse/kinds.js';

export type {PolicyKind};
export const CNP_KIND = 'CiliumNetworkPolicy';
export const CCNP_KIND = 'CiliumClusterwideNetworkPolicy';
export const NP_KIND = 'NetworkPolicy';

export const CILIUM_API_VERSION = 'cilium.io/v2';
export const NP_API_VERSION = 'networking.k8s.io/v1';

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  [k: string]: unknown;
}

// ---- Cilium rules -------------------------------------------------------------------------

export type L4Proto = 'TCP' | 'UDP' | 'SCTP' | 'VRRP' | 'IGMP' | 'ANY';

export interface PortProtocol {
  /** A number 0-65535 as a string, or an IANA service name (named container port). "0" = all. */
  port?: string;
  endPort?: number;
  protocol?: L4Proto;
}

export interface HeaderMatch {
  name: string;
  value?: string;
  secret?: {name: string; namespace?: string};
  mismatch?: 'LOG' | 'ADD' | 'DELETE' | 'REPLACE';
}

export interface PortRuleHTTP {
  path?: string;
  method?: string;
  host?: string;
  headers?: string[];
  headerMatches?: HeaderMatch[];
}

export interface PortRuleDNS {
  matchName?: string;
  matchPattern?: string;
}

export interface PortRuleKafka {
  role?: string;
  apiKey?: string;
  apiVersion?: string;
  clientID?: string;
  topic?: string;
}

export interface L7Rules {
  http?: PortRuleHTTP[];
  dns?: PortRuleDNS[];
  kafka?: PortRuleKafka[];
  l7proto?: string;
  l7?: Array<Record<string, string>>;
}

export interface TLSContext {
  secret: {name: string; namespace?: string};
  trustedCA?: string;
  certificate?: string;
  privateKey?: string;
}

export interface PortRule {
  ports?: PortProtocol[];
  rules?: L7Rules;
  terminatingTLS?: TLSContext;
  originatingTLS?: TLSContext;
  serverNames?: string[];
  listener?: {envoyConfig: {kind?: string; name: string}; name: string; priority?: number};
}

export interface PortDenyRule {
  ports?: PortProtocol[];
}

export interface ICMPField {
  family?: 'IPv4' | 'IPv6';
  /** A number 0-255 or a type name for the family (e.g. EchoRequest). */
  type: number | string;
}

export interface ICMPRule {
  fields?: ICMPField[];
}

export interface CIDRRule {
  cidr?: string;
  cidrGroupRef?: string;
  cidrGroupSelector?: LabelSelector;
  except?: string[];
}

export const ENTITIES = [
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'ingress',
  'health',
  'init',
  'unmanaged',
  'none',
] as const;
export type Entity = (typeof ENTITIES)[number];

export interface FQDNSelector {
  matchName?: string;
  matchPattern?: string;
}

export interface Service {
  k8sService?: {serviceName?: string; namespace?: string};
  k8sServiceSelector?: {selector: LabelSelector; namespace?: string};
}

export interface GroupsRef {
  aws?: {securityGroupsIds?: string[]; securityGroupsNames?: string[]; labels?: Record<string, string>; region?: string};
}

interface IngressPeers {
  fromEndpoints?: LabelSelector[];
  fromCIDR?: string[];
  fromCIDRSet?: CIDRRule[];
  fromEntities?: Entity[];
  fromNodes?: LabelSelector[];
  fromGroups?: GroupsRef[];
  fromRequires?: LabelSelector[];
  icmps?: ICMPRule[];
}

export interface IngressRule extends IngressPeers {
  toPorts?: PortRule[];
  authentication?: {mode: 'disabled' | 'required' | 'test-always-fail'};
}

export interface IngressDenyRule extends IngressPeers {
  toPorts?: PortDenyRule[];
}

interface EgressPeers {
  toEndpoints?: LabelSelector[];
  toCIDR?: string[];
  toCIDRSet?: CIDRRule[];
  toEntities?: Entity[];
  toServices?: Service[];
  toNodes?: LabelSelector[];
  toGroups?: GroupsRef[];
  toRequires?: LabelSelector[];
  icmps?: ICMPRule[];
}

export interface EgressRule extends EgressPeers {
  toFQDNs?: FQDNSelector[];
  toPorts?: PortRule[];
  authentication?: {mode: 'disabled' | 'required' | 'test-always-fail'};
}

export interface EgressDenyRule extends EgressPeers {
  toPorts?: PortDenyRule[];
}

export interface Rule {
  endpointSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  ingress?: IngressRule[];
  ingressDeny?: IngressDenyRule[];
  egress?: EgressRule[];
  egressDeny?: EgressDenyRule[];
  labels?: Array<{key: string; value?: string; source?: string} | string>;
  description?: string;
  enableDefaultDeny?: {ingress?: boolean; egress?: boolean};
  log?: {value: string};
}

export interface PolicyCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface CiliumPolicyStatus {
  conditions?: PolicyCondition[];
  [k: string]: unknown;
}

export interface CiliumNetworkPolicy {
  apiVersion: typeof CILIUM_API_VERSION;
  kind: typeof CNP_KIND;
  metadata: ObjectMeta;
  spec?: Rule;
  specs?: Rule[];
  status?: CiliumPolicyStatus;
}

export interface CiliumClusterwideNetworkPolicy {
  apiVersion: typeof CILIUM_API_VERSION;
  kind: typeof CCNP_KIND;
  metadata: ObjectMeta;
  spec?: Rule;
  specs?: Rule[];
  status?: CiliumPolicyStatus;
}

// ---- Kubernetes NetworkPolicy ------------------------------------------------------------

export interface NetworkPolicyPort {
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  /** A number 1-65535 or a named container port. */
  port?: number | string;
  endPort?: number;
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: Array<'Ingress' | 'Egress'>;
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

export interface NetworkPolicy {
  apiVersion: typeof NP_API_VERSION;
  kind: typeof NP_KIND;
  metadata: ObjectMeta;
  spec: NetworkPolicySpec;
}

export type CiliumPolicy = CiliumNetworkPolicy | CiliumClusterwideNetworkPolicy;
export type PolicyResource = CiliumNetworkPolicy | CiliumClusterwideNetworkPolicy | NetworkPolicy;

/** Where a resource came from, so trace results and errors can say file:line. */
export interface SourcedResource {
  resource: PolicyResource;
  file?: string;
  /** Line/column of a kubectl-style path inside the resource (from the parser), if known. */
  position?: (path: Array<string | number>) => {line: number; column: number} | undefined;
}

/** kind/namespace/name; namespace omitted for cluster-scoped kinds. */
export interface ResourceRef {
  kind: PolicyKind;
  namespace?: string;
  name: string;
}

export function isNamespaced(kind: PolicyKind): boolean {
  return kind !== CCNP_KIND;
}

/** "CiliumNetworkPolicy/ns/name", "CiliumClusterwideNetworkPolicy/name". */
export function formatRef(ref: ResourceRef): string {
  return ref.namespace !== undefined && isNamespaced(ref.kind) ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
