// apiVersion/kind (12.1), metadata.name (12.4, 13.2.13) and spec/specs presence (12.5).
import {POLICY_KINDS, isPolicyKind, type PolicyKind} from '../parse/kinds.js';
import {DNS1123_SUBDOMAIN} from './constants.js';
import {arr, has, obj, quote, str, type Obj, type Report} from './report.js';

/** The kind a document means, even when misspelt, so the rest can still be validated. */
export function intendedKind(v: Obj): PolicyKind {
  const kind = str(v.kind) ?? '';
  if (isPolicyKind(kind)) return kind;
  const k = kind.toLowerCase();
  const found = (Object.keys(POLICY_KINDS) as PolicyKind[]).find((p) => k.startsWith(p.toLowerCase()));
  if (found) return found;
  if (k.includes('clusterwide')) return 'CiliumClusterwideNetworkPolicy';
  const api = str(v.apiVersion) ?? '';
  return k.includes('cilium') || api.startsWith('cilium.io') ? 'CiliumNetworkPolicy' : 'NetworkPolicy';
}

export function checkEnvelope(v: Obj, kind: PolicyKind, r: Report): void {
  const k = str(v.kind);
  const api = str(v.apiVersion);
  const want = POLICY_KINDS[kind];
  if (!k) r.error(has(v, 'kind') ? ['kind'] : [], '12.1', "Object 'Kind' is missing", {hint: `add kind: ${kind}`});
  else if (!api) r.error(has(v, 'apiVersion') ? ['apiVersion'] : [], '12.1', "Object 'apiVersion' is missing", {hint: `add apiVersion: ${want}`});
  else if (k !== kind || api !== want) {
    const hint =
      k !== kind
        ? `kind is case-sensitive and singular: kind: ${kind}`
        : api === 'extensions/v1beta1'
          ? `extensions/v1beta1 is no longer served: use apiVersion: ${want}`
          : `${kind} is served as apiVersion: ${want}`;
    r.error([k !== kind ? 'kind' : 'apiVersion'], '12.1', `no matches for kind ${quote(k)} in version ${quote(api)}`, {hint});
  }
  const meta = obj(v.metadata);
  const name = str(meta?.name);
  if (!meta || !has(meta, 'name') || name === '') {
    r.error(meta ? ['metadata', 'name'] : has(v, 'metadata') ? ['metadata'] : [], '12.4', kind === 'NetworkPolicy' ? 'Required value: name or generateName is required' : `${kind} must have name`, {hint: 'add metadata: {name: <name>}'});
  } else if (name !== undefined && (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))) {
    r.error(['metadata', 'name'], '13.2.13', `Invalid value: ${quote(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`, {
      hint: 'use lower-case letters, digits, "-" and "."',
    });
  }
  if (kind !== 'NetworkPolicy' && !obj(v.spec) && arr(v.specs).length === 0 && !(has(v, 'spec') && !obj(v.spec))) {
    r.error([], '12.5', `Invalid ${kind} spec(s): empty policy`, {hint: 'add spec: {endpointSelector: {...}, ingress: [...]} (or a specs list)'});
  }
}
