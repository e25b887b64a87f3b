// One document that triggers and one that does not, per lint id of section 15.
import {ccnp, client, cnp, dnsAllow, eg, http, ing, kubeDns, np, sel, tcp, type Case} from '../validate/cases-helpers.js';

const fqdn = {toFQDNs: [{matchName: 'api.example.com'}], toPorts: [tcp('443')]};
const npEgressDns = {to: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'kube-system'}}, podSelector: {matchLabels: {'k8s-app': 'kube-dns'}}}], ports: [{protocol: 'UDP', port: 53}]};
const longAlternation = `/(${Array.from({length: 30}, (_, i) => `path${i}`).join('|')})`;
const deployment = {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec: {}};

export const LINT_CASES: Case[] = [
  {id: 'egress-no-dns', name: 'CNP egress to backend only', bad: eg({toEndpoints: [client]}, false), good: eg({toEndpoints: [client]})},
  {id: 'egress-no-dns', name: 'CNP DNS allowed to kube-system on ANY 53 without L7', bad: eg({toEndpoints: [kubeDns], toPorts: [tcp('53')]}, false), good: eg({toEndpoints: [kubeDns], toPorts: [{ports: [{port: '53', protocol: 'ANY'}]}]}, false)},
  {id: 'egress-no-dns', name: 'CNP DNS through toServices kube-system/kube-dns', bad: eg({toServices: [{k8sService: {namespace: 'default', serviceName: 'backend'}}]}, false), good: cnp({endpointSelector: sel, egress: [{toServices: [{k8sService: {namespace: 'default', serviceName: 'backend'}}]}, {toServices: [{k8sService: {namespace: 'kube-system', serviceName: 'kube-dns'}}], toPorts: [{ports: [{port: '53', protocol: 'UDP'}]}]}]})},
  {id: 'egress-no-dns', name: 'NetworkPolicy egress without DNS', bad: np({podSelector: {}, policyTypes: ['Egress'], egress: [{to: [{podSelector: {matchLabels: {app: 'db'}}}]}]}), good: np({podSelector: {}, policyTypes: ['Egress'], egress: [{to: [{podSelector: {matchLabels: {app: 'db'}}}]}, npEgressDns]})},
  {id: 'fqdn-no-dns-proxy', name: 'toFQDNs without rules.dns', bad: cnp({endpointSelector: sel, egress: [fqdn, {toEndpoints: [kubeDns], toPorts: [{ports: [{port: '53', protocol: 'ANY'}]}]}]}), good: cnp({endpointSelector: sel, egress: [fqdn, dnsAllow]})},
  {id: 'empty-rule', name: 'ingress [{}]', bad: cnp({endpointSelector: sel, ingress: [{}]}), good: ing({fromEndpoints: [client]})},
  {id: 'empty-peer-list', name: 'fromEndpoints: []', bad: ing({fromEndpoints: [], toPorts: [tcp('80')]}), good: ing({toPorts: [tcp('80')]})},
  {id: 'empty-l7-rules', name: 'rules.http: []', bad: ing({fromEndpoints: [client], toPorts: [tcp('80', {rules: {http: []}})]}), good: ing({fromEndpoints: [client], toPorts: [http({method: 'GET'})]})},
  {id: 'http-path-no-leading-slash', name: 'api/.*', bad: ing({fromEndpoints: [client], toPorts: [http({path: 'api/.*'})]}), good: ing({fromEndpoints: [client], toPorts: [http({path: '/api/.*'})]})},
  {id: 'http-path-exact', name: '/employees (seed)', bad: ing({fromEndpoints: [client], toPorts: [http({method: 'GET', path: '/employees'})]}), good: ing({fromEndpoints: [client], toPorts: [http({method: 'GET', path: '/employees.*'})]})},
  {id: 'http-method-case', name: 'get', bad: ing({fromEndpoints: [client], toPorts: [http({method: 'get'})]}), good: ing({fromEndpoints: [client], toPorts: [http({method: '(?i)get'})]})},
  {id: 'http-regex-program-size', name: 'long alternation', bad: ing({fromEndpoints: [client], toPorts: [http({path: longAlternation})]}), good: ing({fromEndpoints: [client], toPorts: [http({path: '/(path1|path2)'})]})},
  {id: 'http-header-format', name: 'X-Env:prod', bad: ing({fromEndpoints: [client], toPorts: [http({headers: ['X-Env:prod']})]}), good: ing({fromEndpoints: [client], toPorts: [http({headers: ['X-Env: prod']})]})},
  {id: 'http-on-tls-port', name: 'HTTP on 443', bad: eg({toEntities: ['world'], toPorts: [http({method: 'GET'}, '443')]}), good: eg({toEntities: ['world'], toPorts: [http({method: 'GET'}, '443', {terminatingTLS: {secret: {name: 'tls'}}, originatingTLS: {secret: {name: 'ca'}}})]})},
  {
    id: 'l7-shadowed',
    name: 'L4 allow next to L7 for the same peer and port',
    bad: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client], toPorts: [http({method: 'GET'})]}, {fromEndpoints: [client], toPorts: [tcp('80')]}]}),
    good: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client], toPorts: [http({method: 'GET'})]}, {fromEndpoints: [{matchLabels: {app: 'other'}}], toPorts: [tcp('80')]}]}),
  },
  {id: 'l7-shadowed', name: 'L3-only allow of the same peer', bad: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client], toPorts: [http({method: 'GET'})]}, {fromEndpoints: [client]}]}), good: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client], toPorts: [http({method: 'GET'})]}, {fromEndpoints: [client], toPorts: [tcp('8080')]}]})},
  {id: 'endpoint-selector-namespace-ignored', name: 'other namespace', bad: cnp({endpointSelector: {matchLabels: {'k8s:io.kubernetes.pod.namespace': 'other'}}, ingress: [{fromEndpoints: [client]}]}), good: cnp({endpointSelector: {matchLabels: {'k8s:io.kubernetes.pod.namespace': 'default'}}, ingress: [{fromEndpoints: [client]}]})},
  {id: 'namespace-label-on-pod-selector', name: 'CNP fromEndpoints', bad: ing({fromEndpoints: [{matchLabels: {'kubernetes.io/metadata.name': 'test'}}]}), good: ing({fromEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': 'test'}}]})},
  {id: 'namespace-label-on-pod-selector', name: 'NetworkPolicy podSelector', bad: np({podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {'kubernetes.io/metadata.name': 'test'}}}]}]}), good: np({podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {'kubernetes.io/metadata.name': 'test'}}}]}]})},
  {id: 'ccnp-namespace-ignored', name: 'CCNP with a namespace', bad: ccnp({endpointSelector: sel, ingress: [{fromEndpoints: [client]}]}, {name: 'p', namespace: 'default'}), good: ccnp({endpointSelector: sel, ingress: [{fromEndpoints: [client]}]})},
  {id: 'endport-ignored', name: 'endPort below port', bad: ing({toPorts: [{ports: [{port: '8080', endPort: 80, protocol: 'TCP'}]}]}), good: ing({toPorts: [{ports: [{port: '8080', endPort: 8090, protocol: 'TCP'}]}]})},
  {id: 'endport-ignored', name: 'endPort with a named port', bad: ing({toPorts: [{ports: [{port: 'http', endPort: 90, protocol: 'TCP'}]}]}), good: ing({toPorts: [{ports: [{port: 'http', protocol: 'TCP'}]}]})},
  {id: 'port-hex-is-name', name: '0x50', bad: ing({toPorts: [tcp('0x50')]}), good: ing({toPorts: [tcp('80')]})},
  {id: 'allow-all', name: 'fromEntities all', bad: ing({fromEntities: ['all']}), good: cnp({endpointSelector: sel, ingress: [{fromEntities: ['all']}], ingressDeny: [{fromEntities: ['world']}]})},
  {id: 'allow-all', name: 'NetworkPolicy rule {}', bad: np({podSelector: {}, ingress: [{}]}), good: np({podSelector: {}, ingress: [{ports: [{port: 80}]}]})},
  {id: 'deny-all', name: 'ingressDeny entity all', bad: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client]}], ingressDeny: [{fromEntities: ['all']}]}), good: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client]}], ingressDeny: [{fromEntities: ['world']}]})},
  {id: 'deny-only-default-deny', name: 'ingressDeny only', bad: cnp({endpointSelector: sel, ingressDeny: [{fromEntities: ['world']}]}), good: cnp({endpointSelector: sel, ingressDeny: [{fromEntities: ['world']}], enableDefaultDeny: {ingress: false}})},
  {id: 'deprecated-kafka', name: 'rules.kafka', bad: ing({fromEndpoints: [client], toPorts: [tcp('9092', {rules: {kafka: [{topic: 'orders'}]}})]}), good: ing({fromEndpoints: [client], toPorts: [tcp('9092')]})},
  {id: 'policytypes-ignores-rules', name: 'Ingress only with egress rules', bad: np({podSelector: {}, policyTypes: ['Ingress'], ingress: [{}], egress: [npEgressDns]}), good: np({podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ports: [{port: 80}]}], egress: [npEgressDns]})},
  {id: 'implicit-ingress-isolation', name: 'egress only without policyTypes', bad: np({podSelector: {}, egress: [npEgressDns]}), good: np({podSelector: {}, policyTypes: ['Egress'], egress: [npEgressDns]})},
  {id: 'cidr-host-bits', name: 'toCIDR 10.0.0.1/8', bad: eg({toCIDR: ['10.0.0.1/8']}), good: eg({toCIDR: ['10.0.0.0/8']})},
  {id: 'cidr-host-bits', name: 'ipBlock 192.168.1.1/16', bad: np({podSelector: {}, ingress: [{from: [{ipBlock: {cidr: '192.168.1.1/16'}}]}]}), good: np({podSelector: {}, ingress: [{from: [{ipBlock: {cidr: '192.168.0.0/16'}}]}]})},
  {id: 'requires-agent-flag', name: 'authentication required', bad: ing({fromEndpoints: [client], authentication: {mode: 'required'}}), good: ing({fromEndpoints: [client]})},
  {id: 'apiserver-via-service', name: 'toServices default/kubernetes', bad: eg({toServices: [{k8sService: {namespace: 'default', serviceName: 'kubernetes'}}]}), good: eg({toEntities: ['kube-apiserver']})},
  {id: 'dns-port-not-53', name: 'DNS rules on 5353', bad: eg({toEndpoints: [kubeDns], toPorts: [{ports: [{port: '5353', protocol: 'UDP'}], rules: {dns: [{matchPattern: '*'}]}}]}), good: eg({toEndpoints: [kubeDns], toPorts: [{ports: [{port: '53', protocol: 'UDP'}], rules: {dns: [{matchPattern: '*'}]}}]})},
  {id: 'duplicate-resource', name: 'same name twice', bad: [ing({fromEndpoints: [client]}), ing({fromEntities: ['world']})], good: [ing({fromEndpoints: [client]}), cnp({endpointSelector: sel, ingress: [{fromEntities: ['world']}]}, {name: 'q', namespace: 'default'})]},
  {id: 'skipped-non-policy', name: 'a Deployment next to a policy', bad: [ing({fromEndpoints: [client]}), deployment], good: [ing({fromEndpoints: [client]})]},
  {id: 'peer-namespace-local', name: 'fromEndpoints [{}]', bad: ing({fromEndpoints: [{}]}), good: ing({fromEndpoints: [client]})},
  {id: 'no-namespace', name: 'CNP without a namespace', bad: cnp({endpointSelector: sel, ingress: [{fromEndpoints: [client]}]}, {name: 'p'}), good: ing({fromEndpoints: [client]})},
  {id: 'http-host-unescaped-dot', name: 'api.example.com', bad: eg({toEntities: ['world'], toPorts: [http({host: 'api.example.com(:[0-9]+)?'})]}), good: eg({toEntities: ['world'], toPorts: [http({host: 'api\\.example\\.com(:[0-9]+)?'})]})},
  {id: 'http-regex-anchor', name: '^/api$', bad: ing({fromEndpoints: [client], toPorts: [http({path: '^/api/.*$'})]}), good: ing({fromEndpoints: [client], toPorts: [http({path: '/api/.*'})]})},
  {id: 'toservices-version', name: 'toServices', bad: eg({toServices: [{k8sService: {namespace: 'default', serviceName: 'backend'}}]}), good: eg({toEndpoints: [{matchLabels: {app: 'backend'}}]})},
  {id: 'http-host-port', name: 'host without :port', bad: eg({toEntities: ['world'], toPorts: [http({host: 'api\\.example\\.com'})]}), good: eg({toEntities: ['world'], toPorts: [http({host: 'api\\.example\\.com(:[0-9]+)?'})]})},
];
