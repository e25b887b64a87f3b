// The CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy CRD schema (cilium.io/v2, 1.19) as data.
import {AUTH_MODES, ENTITIES, AGENT_ONLY_ENTITIES, HEADER_MISMATCH, MAX_ICMP_FIELDS, MAX_PORTS, PROTOCOLS, SELECTOR_OPERATORS, MATCH_NAME, MATCH_PATTERN, DNS1123_SUBDOMAIN} from './constants.js';
import {ICMP_TYPE_PATTERN} from './icmp.js';
import {metadataSchema} from './schema-meta.js';
import type {Schema} from './schema.js';
import {isObj, type Path} from './report.js';
import {formatPath} from '../parse/diagnostic.js';

const string = (o: Partial<Extract<Schema, {type: 'string'}>> = {}): Schema => ({type: 'string', ...o});
const int = (o: Partial<Extract<Schema, {type: 'integer'}>> = {}): Schema => ({type: 'integer', ...o});
const bool: Schema = {type: 'boolean'};
const list = (items: Schema, o: Partial<Extract<Schema, {type: 'array'}>> = {}): Schema => ({type: 'array', items, ...o});
const object = (props: Record<string, Schema>, o: Partial<Extract<Schema, {type: 'object'}>> = {}): Schema => ({type: 'object', props, ...o});
const map = (values: Schema): Schema => ({type: 'map', values});

export function labelSelectorSchema(rule: string): Schema {
  return object({
    matchLabels: map(string()),
    matchExpressions: list(
      object(
        {key: string(), operator: string({enum: SELECTOR_OPERATORS, rule, hint: caseHint(SELECTOR_OPERATORS)}), values: list(string())},
        {required: ['key', 'operator'], requiredRule: rule},
      ),
    ),
  });
}

function caseHint(values: readonly string[]) {
  return (v: unknown): string | undefined => {
    const hit = typeof v === 'string' ? values.find((x) => x.toLowerCase() === v.toLowerCase()) : undefined;
    return hit ? `values are case-sensitive: write "${hit}"` : undefined;
  };
}

const selector = labelSelectorSchema('12.10');
const requires = list(selector, {maxItems: 0, rule: '12.17', hint: () => 'fromRequires/toRequires were removed in Cilium 1.19: add the required labels to the selectors themselves'});
const cidr = string({format: 'cidr', rule: '12.14', hint: (v) => (typeof v === 'string' && !v.includes('/') ? `write a prefix, e.g. "${v}/32"` : 'write an address prefix such as 10.0.0.0/8 or 2001:db8::/32')});
const cidrRule = object({
  cidr,
  cidrGroupRef: string({maxLength: 253, pattern: DNS1123_SUBDOMAIN, rule: '12.15'}),
  cidrGroupSelector: selector,
  except: list(cidr),
});
const entity = string({
  enum: ENTITIES,
  rule: '12.13',
  hint: (v) =>
    typeof v === 'string' && AGENT_ONLY_ENTITIES.includes(v)
      ? `the agent knows "${v}" but the CRD enum does not list it, so kubectl apply rejects it; use "world"`
      : caseHint(ENTITIES)(v),
});
const groups = object({aws: object({labels: map(string()), region: string(), securityGroupsIds: list(string()), securityGroupsNames: list(string())})});
const service = object({
  k8sService: object({namespace: string(), serviceName: string()}),
  k8sServiceSelector: object({namespace: string(), selector}, {required: ['selector']}),
});
const dnsNames = (rule: string): Record<string, Schema> => ({
  matchName: string({maxLength: 255, pattern: MATCH_NAME, patternMessage: 'Invalid characters in MatchName', rule, hint: () => 'a DNS name: letters, digits, "-", "_" and "." (use matchPattern for "*")'}),
  matchPattern: string({maxLength: 255, pattern: MATCH_PATTERN, patternMessage: 'Invalid characters in MatchPattern', rule, hint: () => 'a DNS name with "*" wildcards: letters, digits, "-", "_", "." and "*"'}),
});
const fqdn = object(dnsNames('12.40'));
const portProtocol = object(
  {
    port: string({hint: (v) => (typeof v === 'number' ? `quote the port: port: "${v}"` : undefined)}),
    endPort: int({min: 0, max: 65535, rule: '12.20'}),
    protocol: string({
      enum: PROTOCOLS,
      rule: '12.21',
      hint: (v) => (typeof v === 'string' && /^icmp/i.test(v) ? 'ICMP is matched with an icmps block (icmps: [{fields: [{family: IPv4, type: 8}]}]), not toPorts' : caseHint(PROTOCOLS)(v)),
    }),
  },
  {unknownHints: {rules: 'rules belongs next to ports (toPorts[N].rules), not inside a ports[] entry'}},
);
const ports = list(portProtocol, {maxItems: MAX_PORTS, rule: '12.18', hint: () => 'split the ports over several toPorts entries'});
const tls = object({secret: object({name: string(), namespace: string()}, {required: ['name']}), trustedCA: string(), certificate: string(), privateKey: string()}, {required: ['secret']});
const dnsRule = object(dnsNames('12.41'));
const http = object({
  path: string(),
  method: string(),
  host: string(),
  headers: list(string()),
  headerMatches: list(
    object(
      {
        name: string({minLength: 1, rule: '12.31'}),
        value: string(),
        secret: object({name: string(), namespace: string()}, {required: ['name'], requiredRule: '12.31'}),
        mismatch: string({enum: HEADER_MISMATCH, rule: '12.31'}),
      },
      {required: ['name'], requiredRule: '12.31'},
    ),
  ),
});
const kafka = object({role: string({enum: ['produce', 'consume'], rule: '12.3'}), apiKey: string(), apiVersion: string(), clientID: string(), topic: string({maxLength: 255, rule: '12.3'})});
const l7Rules = object({http: list(http), kafka: list(kafka), dns: list(dnsRule), l7proto: string(), l7: list(map(string()))});
const listener = object(
  {
    envoyConfig: object({kind: string({enum: ['CiliumEnvoyConfig', 'CiliumClusterwideEnvoyConfig'], rule: '12.44'}), name: string({minLength: 1, rule: '12.44'})}, {required: ['name'], requiredRule: '12.44'}),
    name: string({minLength: 1, rule: '12.44'}),
    priority: int({min: 1, max: 100, rule: '12.44'}),
  },
  {required: ['envoyConfig', 'name'], requiredRule: '12.44'},
);
const portRule = object(
  {ports, terminatingTLS: tls, originatingTLS: tls, serverNames: list(string({maxLength: 255, rule: '12.34'}), {minItems: 1, rule: '12.34'}), listener, rules: l7Rules},
  {unknownHints: {http: 'HTTP rules go under rules: toPorts[N].rules.http', dns: 'DNS rules go under rules: toPorts[N].rules.dns'}},
);
const denyNoL7 = 'deny rules have no L7 part: only ports are allowed in a deny rule\'s toPorts';
const portDenyRule = object({ports}, {unknownHints: {rules: denyNoL7, serverNames: denyNoL7, terminatingTLS: denyNoL7, originatingTLS: denyNoL7, listener: denyNoL7}});
const icmps = list(
  object({
    fields: list(
      object(
        {
          family: string({enum: ['IPv4', 'IPv6'], rule: '12.37', hint: caseHint(['IPv4', 'IPv6'])}),
          type: {type: 'int-or-string', pattern: ICMP_TYPE_PATTERN, patternMessage: 'must be 0-255 or an ICMP type name (EchoRequest, DestinationUnreachable, ...)', rule: '12.38', layer: 'K8s'},
        },
        {required: ['type']},
      ),
      {maxItems: MAX_ICMP_FIELDS, rule: '12.37'},
    ),
  }),
);
const authentication = object({mode: string({enum: AUTH_MODES, rule: '12.42'})}, {required: ['mode'], requiredRule: '12.42'});

const mirror = (dir: 'ingress' | 'egress'): Record<string, string> => {
  const [own, other, ownWord, otherWord] = dir === 'ingress' ? ['from', 'to', 'ingress', 'egress'] : ['to', 'from', 'egress', 'ingress'];
  const hints: Record<string, string> = {};
  for (const f of ['Endpoints', 'CIDR', 'CIDRSet', 'Entities', 'Nodes', 'Groups', 'Requires']) hints[other + f] = `${ownWord} peers are ${own}${f} (${other}${f} is for ${otherWord})`;
  hints.rules = 'L7 rules go under toPorts[N].rules';
  if (dir === 'ingress') {
    hints.toFQDNs = 'toFQDNs is only allowed in egress rules';
    hints.toServices = 'toServices is only allowed in egress rules';
  }
  return hints;
};
const ingressPeers = {fromEndpoints: list(selector), fromRequires: requires, fromCIDR: list(cidr), fromCIDRSet: list(cidrRule), fromEntities: list(entity), fromGroups: list(groups), fromNodes: list(selector), icmps};
const egressPeers = {toEndpoints: list(selector), toRequires: requires, toCIDR: list(cidr), toCIDRSet: list(cidrRule), toEntities: list(entity), toServices: list(service), toGroups: list(groups), toNodes: list(selector), icmps};
const ingress = object({...ingressPeers, toPorts: list(portRule), authentication}, {unknownHints: mirror('ingress')});
const ingressDeny = object({...ingressPeers, toPorts: list(portDenyRule)}, {unknownHints: {...mirror('ingress'), authentication: 'authentication is not available on deny rules', rules: denyNoL7}});
const egress = object({...egressPeers, toFQDNs: list(fqdn), toPorts: list(portRule), authentication}, {unknownHints: mirror('egress')});
const egressDeny = object(
  {...egressPeers, toPorts: list(portDenyRule)},
  {unknownHints: {...mirror('egress'), toFQDNs: 'deny by DNS name is not supported: toFQDNs is only allowed in egress (allow) rules', authentication: 'authentication is not available on deny rules', rules: denyNoL7}},
);

/** Where the misplaced L7 rules should go, naming this rule's own first port rule when it has one. */
function l7Hint(rule: Record<string, unknown>, path: Path): string {
  const at = (dir: string): string | undefined => {
    const els = Array.isArray(rule[dir]) ? (rule[dir] as unknown[]) : [];
    const i = els.findIndex((e) => isObj(e) && Array.isArray(e.toPorts) && e.toPorts.length > 0);
    return i < 0 ? undefined : formatPath([...path, dir, i, 'toPorts', 0, 'rules', 'http']);
  };
  const generic = (dir: string): string => `${formatPath([...path, dir])}[N].toPorts[M].rules.http`;
  const ing = at('ingress') ?? generic('ingress');
  const egr = at('egress') ?? generic('egress');
  return `L7 rules belong inside a port rule: ${ing} (or, for traffic the selected pods send, ${egr}); the port entry must say protocol: TCP`;
}
const misplacedPeer = (f: string) => `${f} belongs inside an ${f.startsWith('from') ? 'ingress (or ingressDeny)' : 'egress (or egressDeny)'} element, e.g. ${f.startsWith('from') ? 'ingress' : 'egress'}: [{${f}: ...}]`;
export const ruleSchema: Schema = object(
  {
    endpointSelector: selector,
    nodeSelector: selector,
    ingress: list(ingress),
    ingressDeny: list(ingressDeny),
    egress: list(egress),
    egressDeny: list(egressDeny),
    labels: list(object({key: string(), value: string(), source: string()}, {required: ['key']}), {hint: (v) => (v !== null && typeof v === 'object' ? 'labels is a list of {key, value, source} objects, e.g. labels: [{key: team, value: web}]' : undefined)}),
    description: string(),
    enableDefaultDeny: object({ingress: bool, egress: bool}),
    log: object({value: string({maxLength: 32, pattern: /^[\x20-\x7e]*$/, rule: '12.43'})}),
  },
  {
    unknownHints: {
      l7Rules: l7Hint,
      rules: l7Hint,
      podSelector: 'a Cilium rule selects its subjects with endpointSelector (podSelector is the NetworkPolicy field)',
      policyTypes: 'Cilium rules have no policyTypes: the presence of ingress/egress sections (and enableDefaultDeny) decides',
      toPorts: 'toPorts belongs inside an ingress or egress element',
      toFQDNs: 'toFQDNs belongs inside an egress element',
      ...Object.fromEntries(['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices'].map((f) => [f, misplacedPeer(f)])),
    },
  },
);

export const cnpSchema: Schema = object(
  {apiVersion: string(), kind: string(), metadata: metadataSchema, spec: ruleSchema, specs: list(ruleSchema), status: {type: 'any'}},
  {unknownHints: {ingress: 'ingress belongs under spec', egress: 'egress belongs under spec', endpointSelector: 'endpointSelector belongs under spec'}},
);
