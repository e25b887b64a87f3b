// Resources → normalized subject rules: effective (namespace-scoped) selectors, default-deny
// enablement per direction and rule elements with their peers, ports, ICMP types and L7 rules.
// CNP/CCNP follow network-policy.md 2-11; NetworkPolicy is converted the way Cilium does (13.3).
import {
  fromLabelSelector,
  namespaceLabelSelector,
  podNamespaceIs,
  scopeClusterPeer,
  scopeNamespacedPeer,
  scopeSubject,
  POD_NAMESPACE_LABEL,
  type Selector,
} from '../selector.js';
import {
  CCNP_KIND,
  CNP_KIND,
  NP_KIND,
  type CIDRRule,
  type Entity,
  type FQDNSelector,
  type ICMPRule,
  type L7Rules,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type PolicyKind,
  type PortProtocol,
  type ResourceRef,
  type Rule,
  type SourcedResource,
} from '../types.js';

export type Direction = 'ingress' | 'egress';
export type Section = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

/** Where a rule element lives: resource, kubectl-style path, and file:line when parsed from a file. */
export interface RuleRef extends ResourceRef {
  /** "CiliumNetworkPolicy/python-app/python-app". */
  resource: string;
  section: Section;
  /** Index of the element in its section list. */
  ruleIndex: number;
  /** spec.ingress[0], specs[1].egressDeny[2] */
  path: string;
  file?: string;
  line?: number;
}

export type Peer =
  | {kind: 'endpoints'; selector: Selector}
  | {kind: 'cidr'; cidr: string; except: string[]}
  | {kind: 'entity'; entity: Entity | string}
  | {kind: 'fqdn'; fqdn: FQDNSelector}
  /** Peers the tracer cannot resolve offline (toServices, fromNodes, groups, CIDR groups): match nothing. */
  | {kind: 'unresolved'; field: string; text: string};

export interface PortEntry {
  /** TCP, UDP, SCTP, ANY (omitted), or another protocol that no traced flow uses. */
  protocol: string;
  /** Port number (0 = all) or a lower-cased named port. */
  port: number | string;
  endPort?: number;
}

export interface PortRuleSpec {
  index: number;
  ports: PortEntry[];
  /** Present only when the port rule carries L7 rules. */
  l7?: L7Rules;
}

export interface PolicyElement {
  ref: RuleRef;
  deny: boolean;
  /** 'any' when the element names no L3 peer field; [] (a present, empty list) matches nothing. */
  peers: Peer[] | 'any';
  /** undefined = every port and protocol (no toPorts/ports). */
  portRules?: PortRuleSpec[];
  /** ICMP types allowed/denied ({family, type}); set when the element has icmps. */
  icmps?: Array<{family: 'IPv4' | 'IPv6'; type: number | string}>;
  /** A Cilium element with neither peer, ports nor icmps ({}): selects nothing. */
  empty: boolean;
}

export interface SubjectRule {
  resource: ResourceRef & {resource: string};
  /** spec, specs[1] */
  specPath: string;
  file?: string;
  subject: Selector;
  /** Whether this rule switches its subjects to default-deny per direction. */
  defaultDeny: Record<Direction, boolean>;
  elements: Record<Section, PolicyElement[]>;
}

export interface CompileOptions {
  /** Namespace of namespaced resources without metadata.namespace (the kube context's). */
  defaultNamespace?: string;
}

export const DEFAULT_NAMESPACE = 'default';

/** Every rule of every resource; host policies (nodeSelector) are left out: they select nodes. */
export function compileResources(resources: SourcedResource[], opts: CompileOptions = {}): SubjectRule[] {
  const out: SubjectRule[] = [];
  for (const src of resources) {
    const r = src.resource;
    if (r.kind === NP_KIND) out.push(compileNetworkPolicy(src, r, opts));
    else if (r.kind === CNP_KIND || r.kind === CCNP_KIND) {
      const rules: Array<[string, Array<string | number>, Rule]> = [];
      if (r.spec) rules.push(['spec', ['spec'], r.spec]);
      (r.specs ?? []).forEach((rule, i) => rules.push([`specs[${i}]`, ['specs', i], rule]));
      for (const [specPath, at, rule] of rules) {
        if (rule.nodeSelector && !rule.endpointSelector) continue;
        out.push(compileCiliumRule(src, r.kind, rule, specPath, at, opts));
      }
    }
  }
  return out;
}

function refOf(src: SourcedResource, opts: CompileOptions): ResourceRef & {resource: string} {
  const {kind, metadata} = src.resource;
  const namespace = kind === CCNP_KIND ? undefined : (metadata?.namespace ?? opts.defaultNamespace ?? DEFAULT_NAMESPACE);
  const name = metadata?.name ?? '';
  return {kind: kind as PolicyKind, namespace, name, resource: namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`};
}

function lineOf(src: SourcedResource, at: Array<string | number>): number | undefined {
  try {
    return src.position?.(at)?.line;
  } catch {
    return undefined;
  }
}

/** A rule reference whose `line` is looked up in the source only when read (positions are costly). */
function ruleRef(src: SourcedResource, base: Omit<RuleRef, 'line'>, at: Array<string | number>): RuleRef {
  let line: number | null | undefined;
  return Object.defineProperty(base, 'line', {
    enumerable: true,
    get: () => (line === undefined ? (line = lineOf(src, at) ?? null) : line) ?? undefined,
  }) as RuleRef;
}

function pathText(at: Array<string | number>): string {
  return at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const SECTIONS: Section[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

function compileCiliumRule(src: SourcedResource, kind: PolicyKind, rule: Rule, specPath: string, at: Array<string | number>, opts: CompileOptions): SubjectRule {
  const resource = refOf(src, opts);
  const ns = resource.namespace;
  const base = fromLabelSelector(rule.endpointSelector);
  const subject = kind === CNP_KIND && ns !== undefined ? scopeSubject(base, ns) : base;
  const scopePeer = (sel: Selector) => (kind === CNP_KIND && ns !== undefined ? scopeNamespacedPeer(sel, ns) : scopeClusterPeer(sel));
  const len = (s: Section) => (Array.isArray(rule[s]) ? (rule[s] as unknown[]).length : 0);
  const defaultDeny: Record<Direction, boolean> = {
    ingress: rule.enableDefaultDeny?.ingress ?? len('ingress') + len('ingressDeny') > 0,
    egress: rule.enableDefaultDeny?.egress ?? len('egress') + len('egressDeny') > 0,
  };
  const elements = {} as Record<Section, PolicyElement[]>;
  for (const section of SECTIONS) {
    const list = (Array.isArray(rule[section]) ? rule[section] : []) as Array<Record<string, unknown>>;
    elements[section] = list.map((el, i) => {
      const elAt = [...at, section, i];
      const ref = ruleRef(src, {...resource, section, ruleIndex: i, path: pathText(elAt), file: src.file}, elAt);
      return ciliumElement(el ?? {}, ref, section.endsWith('Deny'), section.startsWith('ingress') ? 'ingress' : 'egress', scopePeer);
    });
  }
  return {resource, specPath, file: src.file, subject, defaultDeny, elements};
}

const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups', 'fromRequires'];
const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toFQDNs', 'toNodes', 'toGroups', 'toRequires'];

function ciliumElement(el: Record<string, unknown>, ref: RuleRef, deny: boolean, dir: Direction, scopePeer: (s: Selector) => Selector): PolicyElement {
  const fields = (dir === 'ingress' ? INGRESS_PEERS : EGRESS_PEERS).filter((f) => el[f] !== undefined && el[f] !== null);
  let peers: Peer[] | 'any' = 'any';
  if (fields.length > 0) {
    peers = [];
    for (const f of fields) {
      const items = Array.isArray(el[f]) ? (el[f] as unknown[]) : [];
      for (const item of items) peers.push(...ciliumPeer(f, item, scopePeer));
    }
  }
  const toPorts = Array.isArray(el.toPorts) ? (el.toPorts as Array<{ports?: PortProtocol[]; rules?: L7Rules}>) : undefined;
  const icmpRules = Array.isArray(el.icmps) ? (el.icmps as ICMPRule[]) : undefined;
  const portRules = toPorts?.length
    ? toPorts.map((pr, index) => ({
        index,
        ports: (pr?.ports?.length ? pr.ports : [{port: '0'}]).map(ciliumPort),
        l7: !deny && pr?.rules && Object.keys(pr.rules).length > 0 ? pr.rules : undefined,
      }))
    : undefined;
  const icmps = icmpRules?.length
    ? icmpRules.flatMap((r) => (r?.fields ?? []).map((f) => ({family: f.family === 'IPv6' ? ('IPv6' as const) : ('IPv4' as const), type: f.type})))
    : undefined;
  return {ref, deny, peers, portRules, icmps, empty: fields.length === 0 && !portRules && !icmps};
}

function ciliumPeer(field: string, item: unknown, scopePeer: (s: Selector) => Selector): Peer[] {
  switch (field) {
    case 'fromEndpoints':
    case 'toEndpoints':
      return [{kind: 'endpoints', selector: scopePeer(fromLabelSelector(item as never))}];
    case 'fromCIDR':
    case 'toCIDR':
      return [{kind: 'cidr', cidr: String(item), except: []}];
    case 'fromCIDRSet':
    case 'toCIDRSet': {
      const c = item as CIDRRule;
      if (typeof c?.cidr === 'string') return [{kind: 'cidr', cidr: c.cidr, except: c.except ?? []}];
      return [{kind: 'unresolved', field, text: c?.cidrGroupRef ? `cidrGroupRef ${c.cidrGroupRef}` : 'cidrGroupSelector'}];
    }
    case 'fromEntities':
    case 'toEntities':
      return [{kind: 'entity', entity: String(item)}];
    case 'toFQDNs':
      return [{kind: 'fqdn', fqdn: item as FQDNSelector}];
    case 'toServices': {
      const s = item as {k8sService?: {serviceName?: string; namespace?: string}};
      const text = s?.k8sService ? `service ${s.k8sService.namespace ?? ''}/${s.k8sService.serviceName ?? ''}` : 'service selector';
      return [{kind: 'unresolved', field, text}];
    }
    default:
      return [{kind: 'unresolved', field, text: field}];
  }
}

/** A Cilium port entry: numeric string → number (0 = all ports), anything else is a named port. */
function ciliumPort(p: PortProtocol): PortEntry {
  const text = String(p?.port ?? '0');
  const port = /^\d+$/.test(text) ? Number(text) : text.toLowerCase();
  return {protocol: p?.protocol ?? 'ANY', port, endPort: typeof port === 'number' && typeof p?.endPort === 'number' ? p.endPort : undefined};
}

// ---- NetworkPolicy ---------------------------------------------------------------------------

function compileNetworkPolicy(src: SourcedResource, np: NetworkPolicy, opts: CompileOptions): SubjectRule {
  const resource = refOf(src, opts);
  const ns = resource.namespace ?? DEFAULT_NAMESPACE;
  const spec = np.spec ?? ({} as NetworkPolicy['spec']);
  const ingress = Array.isArray(spec.ingress) ? spec.ingress : [];
  const egress = Array.isArray(spec.egress) ? spec.egress : [];
  // API-server defaulting of policyTypes; Cilium (<= 1.20) also enforces rules of unlisted directions.
  const types = spec.policyTypes ?? (egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
  const defaultDeny = {ingress: types.includes('Ingress') || ingress.length > 0, egress: types.includes('Egress') || egress.length > 0};
  const element = (section: 'ingress' | 'egress', i: number, peerList: NetworkPolicyPeer[] | undefined, ports: NetworkPolicyPort[] | undefined): PolicyElement => {
    const at = ['spec', section, i];
    const ref = ruleRef(src, {...resource, section, ruleIndex: i, path: pathText(at), file: src.file}, at);
    const peers: Peer[] | 'any' = peerList?.length ? peerList.flatMap((p) => npPeer(p, ns)) : 'any';
    const portRules = ports?.length ? [{index: 0, ports: ports.map(npPort)}] : undefined;
    return {ref, deny: false, peers, portRules, empty: false};
  };
  return {
    resource,
    specPath: 'spec',
    file: src.file,
    subject: scopeSubject(fromLabelSelector(spec.podSelector), ns),
    defaultDeny,
    elements: {
      ingress: ingress.map((r, i) => element('ingress', i, r?.from, r?.ports)),
      egress: egress.map((r, i) => element('egress', i, r?.to, r?.ports)),
      ingressDeny: [],
      egressDeny: [],
    },
  };
}

function npPeer(p: NetworkPolicyPeer, ns: string): Peer[] {
  if (p?.ipBlock) return [{kind: 'cidr', cidr: p.ipBlock.cidr, except: p.ipBlock.except ?? []}];
  if (p?.namespaceSelector) {
    const podNsExists = {source: 'k8s', key: POD_NAMESPACE_LABEL, operator: 'Exists' as const, values: []};
    return [{kind: 'endpoints', selector: [...fromLabelSelector(p.podSelector), ...namespaceLabelSelector(p.namespaceSelector), podNsExists]}];
  }
  if (p?.podSelector) return [{kind: 'endpoints', selector: [...fromLabelSelector(p.podSelector), podNamespaceIs(ns)]}];
  return [];
}

function npPort(p: NetworkPolicyPort): PortEntry {
  const protocol = p?.protocol ?? 'TCP';
  if (p?.port === undefined || p?.port === null) return {protocol, port: 0};
  if (typeof p.port === 'number') return {protocol, port: p.port, endPort: p.endPort};
  return {protocol, port: String(p.port).toLowerCase()};
}
