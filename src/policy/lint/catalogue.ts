// The lint catalogue of network-policy.md section 15, with stable ids (they appear in
// `policy validate -o json`). resource = sees every element, even those that failed validation.
import type {Severity} from '../parse/diagnostic.js';

export interface LintInfo {
  id: string;
  severity: Severity;
  resource: boolean;
  summary: string;
}

const W = (id: string, summary: string, resource = false): LintInfo => ({id, severity: 'warning', resource, summary});
const I = (id: string, summary: string): LintInfo => ({id, severity: 'info', resource: false, summary});

export const LINTS: readonly LintInfo[] = [
  W('egress-no-dns', 'egress default-deny without an allow to DNS (UDP/ANY 53 of a resolver)', true),
  W('fqdn-no-dns-proxy', 'toFQDNs without an egress rule carrying rules.dns', true),
  W('empty-rule', 'a Cilium rule element {} allows nothing'),
  W('empty-peer-list', 'a peer field given as [] matches nothing'),
  W('empty-l7-rules', 'rules.http: [] / rules.dns: [] enforce nothing'),
  W('http-path-no-leading-slash', 'HTTP path does not start with /'),
  W('http-path-exact', 'HTTP path without regex metacharacters is a full match'),
  W('http-method-case', 'HTTP method regex in lower case'),
  W('http-regex-program-size', 'HTTP regex longer than 100 characters (Envoy program size limit)'),
  W('http-header-format', 'headers entry "Name:value" without a space is taken as a header name'),
  W('http-on-tls-port', 'HTTP rules on 443/8443 without terminatingTLS'),
  W('l7-shadowed', 'an allow without L7 for the same peer and port makes the L7 rules ineffective'),
  W('endpoint-selector-namespace-ignored', 'CNP endpointSelector names another namespace (overwritten)'),
  W('namespace-label-on-pod-selector', 'kubernetes.io/metadata.name in a pod selector never matches'),
  W('ccnp-namespace-ignored', 'a CiliumClusterwideNetworkPolicy has metadata.namespace'),
  W('endport-ignored', 'endPort below port or with a named port is ignored'),
  W('port-hex-is-name', 'a port like "0x50" is a named port, not a number'),
  W('allow-all', 'entity all / NetworkPolicy rule {} opens the direction completely'),
  W('deny-all', 'a deny rule with entity all blocks everything'),
  W('deny-only-default-deny', 'deny rules without allows switch the direction to default-deny', true),
  W('deprecated-kafka', 'rules.kafka is a deprecated beta'),
  W('policytypes-ignores-rules', 'NetworkPolicy policyTypes omits a direction that has rules'),
  W('implicit-ingress-isolation', 'NetworkPolicy without policyTypes and with egress rules isolates ingress too'),
  W('cidr-host-bits', 'a CIDR with host bits set'),
  W('requires-agent-flag', 'a feature that needs a non-default agent setting'),
  W('apiserver-via-service', 'toServices default/kubernetes instead of the kube-apiserver entity'),
  W('dns-port-not-53', 'DNS rules on a port other than 53'),
  W('duplicate-resource', 'two documents with the same kind, namespace and name'),
  W('skipped-non-policy', 'a document of another kind is not validated'),
  I('peer-namespace-local', 'fromEndpoints/toEndpoints [{}] in a CNP means the policy namespace only'),
  I('no-namespace', 'a namespaced policy without metadata.namespace lands in the current context namespace'),
  I('http-host-unescaped-dot', 'unescaped dots in an HTTP host regex match any character'),
  I('http-regex-anchor', '^ and $ are redundant in HTTP regexes (always a full match)'),
  I('toservices-version', 'toServices for services with selectors needs Cilium 1.17+'),
  I('http-host-port', 'the Host header may carry :port'),
];

export const LINT_BY_ID: ReadonlyMap<string, LintInfo> = new Map(LINTS.map((l) => [l.id, l]));
