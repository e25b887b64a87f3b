// Kubernetes NetworkPolicy (networking.k8s.io/v1): schema and ValidateNetworkPolicySpec (13.2).
import {NP_PROTOCOLS, POLICY_TYPES} from './constants.js';
import {contains, parseCidr} from './cidr.js';
import {labelSelectorSchema} from './schema-cilium.js';
import {metadataSchema} from './schema-meta.js';
import {arr, has, obj, quote, str, type Obj, type Path, type Report} from './report.js';
import {checkSelector} from './selectors.js';
import type {Schema} from './schema.js';

const sel = labelSelectorSchema('13.2.1');
const peer: Schema = {type: 'object', props: {podSelector: sel, namespaceSelector: sel, ipBlock: {type: 'object', props: {cidr: {type: 'string'}, except: {type: 'array', items: {type: 'string'}}}}}};
const port: Schema = {type: 'object', props: {protocol: {type: 'string'}, port: {type: 'int-or-string'}, endPort: {type: 'integer'}}};
const rule = (peers: 'from' | 'to'): Schema => ({
  type: 'object',
  props: {[peers]: {type: 'array', items: peer}, ports: {type: 'array', items: port}},
  unknownHints: {[peers === 'from' ? 'to' : 'from']: `${peers === 'from' ? 'ingress' : 'egress'} peers are listed under "${peers}"`, toPorts: 'NetworkPolicy ports are listed under "ports"'},
});
export const netpolSchema: Schema = {
  type: 'object',
  props: {
    apiVersion: {type: 'string'},
    kind: {type: 'string'},
    metadata: metadataSchema,
    spec: {
      type: 'object',
      props: {
        podSelector: sel,
        policyTypes: {type: 'array', items: {type: 'string', enum: POLICY_TYPES, rule: '13.2.12'}},
        ingress: {type: 'array', items: rule('from')},
        egress: {type: 'array', items: rule('to')},
      },
      required: ['podSelector'],
      requiredRule: '13.2.1',
      unknownHints: {
        endpointSelector: 'a NetworkPolicy selects pods with podSelector (endpointSelector is the Cilium field)',
        ingressDeny: 'NetworkPolicy has no deny rules: use a CiliumNetworkPolicy',
        egressDeny: 'NetworkPolicy has no deny rules: use a CiliumNetworkPolicy',
      },
    },
    status: {type: 'any'},
  },
};

const CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** Kubernetes IsValidPortName; the first problem or undefined. */
export function portNameError(s: string): string | undefined {
  if (s.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(s)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!/[a-z]/.test(s)) return 'must contain at least one letter (a-z)';
  if (s.includes('--')) return 'must not contain consecutive hyphens';
  if (s.startsWith('-') || s.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

export function checkNetworkPolicy(value: Obj, r: Report): void {
  const spec = obj(value.spec);
  if (!spec) {
    if (!has(value, 'spec')) r.error(['spec'], '13.2.1', 'Required value', {hint: 'add spec: {podSelector: {}, ...}'});
    return;
  }
  checkSelector(spec.podSelector, ['spec', 'podSelector'], r, 'k8s');
  const types = arr(spec.policyTypes);
  if (types.length > 2) r.error(['spec', 'policyTypes'], '13.2.11', 'may not specify more than two policyTypes', {hint: 'list each of Ingress and Egress at most once'});
  for (const dir of ['ingress', 'egress'] as const) {
    const peersKey = dir === 'ingress' ? 'from' : 'to';
    arr(spec[dir]).forEach((e, i) => {
      const el = obj(e);
      if (!el) return;
      const p = ['spec', dir, i];
      arr(el.ports).forEach((pp, j) => checkPort(obj(pp), [...p, 'ports', j], r));
      arr(el[peersKey]).forEach((pe, j) => checkPeer(obj(pe), [...p, peersKey, j], r));
    });
  }
}

function checkPort(p: Obj | undefined, path: Path, r: Report): void {
  if (!p) return;
  const proto = p.protocol;
  if (typeof proto === 'string' && !(NP_PROTOCOLS as readonly string[]).includes(proto)) {
    r.error([...path, 'protocol'], '13.2.2', `Unsupported value: ${quote(proto)}: supported values: ${NP_PROTOCOLS.map((x) => quote(x)).join(', ')}`, {
      hint: NP_PROTOCOLS.find((x) => x === proto.toUpperCase()) ? `protocols are upper-case: ${proto.toUpperCase()}` : 'NetworkPolicy matches TCP, UDP or SCTP only',
    });
  }
  const port = p.port;
  const range = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;
  if (typeof port === 'number' && !range(port)) r.error([...path, 'port'], '13.2.3', `Invalid value: ${port}: must be between 1 and 65535, inclusive`, {hint: port === 0 ? 'omit port to match all ports' : undefined});
  if (typeof port === 'string') {
    const e = portNameError(port);
    if (e) r.error([...path, 'port'], '13.2.4', `Invalid value: ${quote(port)}: ${e}`, {hint: /^\d+$/.test(port) ? `a quoted number is a port name: write port: ${port} without quotes` : 'a named port is an IANA service name: at most 15 lower-case letters, digits and inner hyphens'});
  }
  if (has(p, 'endPort') && typeof p.endPort === 'number') {
    const end = p.endPort;
    if (port === undefined || port === null) r.error([...path, 'endPort'], '13.2.6', 'Invalid value: may not be specified when `port` is not specified', {hint: 'add port: <first port of the range>'});
    else if (typeof port === 'string') r.error([...path, 'endPort'], '13.2.6', 'Invalid value: may not be specified when `port` is non-numeric', {hint: 'ranges need a numeric port'});
    else if (!range(end)) r.error([...path, 'endPort'], '13.2.5', `Invalid value: ${end}: must be between 1 and 65535, inclusive`);
    else if (typeof port === 'number' && end < port) r.error([...path, 'endPort'], '13.2.5', `Invalid value: ${end}: must be greater than or equal to \`port\``, {hint: `endPort is the last port of the range ${port}-...`});
  }
}

function checkPeer(pe: Obj | undefined, path: Path, r: Report): void {
  if (!pe) return;
  const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => has(pe, k)).length;
  if (n === 0) r.error(path, '13.2.7', 'Required value: must specify a peer', {hint: 'a peer is a podSelector, a namespaceSelector (or both), or an ipBlock'});
  if (has(pe, 'ipBlock') && n > 1) r.error(path, '13.2.8', 'Forbidden: may not specify both ipBlock and another peer', {hint: 'write the ipBlock as a separate list item'});
  if (has(pe, 'podSelector')) checkSelector(pe.podSelector, [...path, 'podSelector'], r, 'k8s');
  if (has(pe, 'namespaceSelector')) checkSelector(pe.namespaceSelector, [...path, 'namespaceSelector'], r, 'k8s');
  const ib = obj(pe.ipBlock);
  if (!ib) return;
  const cidr = str(ib.cidr);
  const outer = cidr !== undefined ? parseCidr(cidr) : undefined;
  if (cidr === undefined || cidr === '') r.error([...path, 'ipBlock', 'cidr'], '13.2.9', 'Required value', {hint: 'add cidr: 10.0.0.0/8'});
  else if (!outer) r.error([...path, 'ipBlock', 'cidr'], '13.2.9', `Invalid value: ${quote(cidr)}: ${CIDR_MSG}`);
  arr(ib.except).forEach((e, i) => {
    if (typeof e !== 'string') return;
    const inner = parseCidr(e);
    const at = [...path, 'ipBlock', 'except', i];
    if (!inner) r.error(at, '13.2.9', `Invalid value: ${quote(e)}: ${CIDR_MSG}`);
    else if (outer && (!contains(outer, inner) || inner.bits <= outer.bits)) r.error(at, '13.2.10', `Invalid value: ${quote(e)}: must be a strict subset of \`cidr\``, {hint: `except entries must be smaller prefixes inside ${cidr}`});
  });
}
