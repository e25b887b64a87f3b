// Label selectors (12.10 for Cilium selectors, 13.2.1 for NetworkPolicy): keys, values, and
// values per operator. Cilium keys may carry a source prefix ("k8s:app") which becomes "k8s.app".
import {arr, has, obj, quote, str, type Obj, type Path, type Report} from './report.js';

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const NAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Kubernetes IsQualifiedName; returns the problem or undefined. */
export function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') return 'prefix part must be non-empty';
    if (prefix.length > 253) return 'prefix part must be no more than 253 characters';
    if (!SUBDOMAIN.test(prefix)) return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  if (name === '') return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME.test(name)) return NAME_MSG;
  return undefined;
}

export function labelValueError(v: string): string | undefined {
  if (v.length > 63) return 'must be no more than 63 characters';
  if (!VALUE.test(v)) return VALUE_MSG;
  return undefined;
}

/** "k8s:io.kubernetes.pod.namespace" → "k8s.io.kubernetes.pod.namespace"; "app" → "any.app". */
export function ciliumKey(key: string): string {
  const i = key.indexOf(':');
  return i < 0 ? `any.${key}` : `${key.slice(0, i)}.${key.slice(i + 1)}`;
}

export function checkSelector(sel: unknown, path: Path, r: Report, flavour: 'cilium' | 'k8s'): void {
  const s = obj(sel);
  if (!s) return;
  const rule = flavour === 'cilium' ? '12.10' : '13.2.1';
  const prefix = flavour === 'cilium' ? 'invalid label selector: ' : '';
  const keyErr = (key: string, p: Path): void => {
    const e = qualifiedNameError(flavour === 'cilium' ? ciliumKey(key) : key);
    if (e) {
      const hint = flavour === 'k8s' && key.includes(':') ? 'NetworkPolicy label keys have no source prefix ("k8s:"): write the plain key' : 'label keys are [prefix/]name: a DNS subdomain prefix and a name of at most 63 alphanumerics, "-", "_", "."';
      r.error(p, rule, `${prefix}key: Invalid value: ${quote(key)}: ${e}`, {hint});
    }
  };
  const ml = obj(s.matchLabels);
  if (ml) {
    for (const [k, v] of Object.entries(ml)) {
      keyErr(k, [...path, 'matchLabels', k]);
      const vs = str(v);
      const e = vs !== undefined ? labelValueError(vs) : undefined;
      if (e) r.error([...path, 'matchLabels', k], rule, `${prefix}values: Invalid value: ${quote(vs)}: ${e}`, {hint: 'label values are at most 63 alphanumerics, "-", "_", "."; use matchExpressions with operator In for several values'});
    }
  }
  arr(s.matchExpressions).forEach((e, i) => {
    const ex = obj(e);
    if (!ex) return;
    const p = [...path, 'matchExpressions', i];
    const key = str(ex.key);
    if (key !== undefined) keyErr(key, [...p, 'key']);
    checkExpressionValues(ex, p, r, rule, prefix);
  });
}

function checkExpressionValues(ex: Obj, p: Path, r: Report, rule: string, prefix: string): void {
  const op = str(ex.operator);
  const values = arr(ex.values);
  if (op === 'In' || op === 'NotIn') {
    if (values.length === 0) r.error([...p, 'values'], rule, `${prefix}values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`, {hint: 'list at least one value, or use Exists/DoesNotExist'});
  } else if ((op === 'Exists' || op === 'DoesNotExist') && has(ex, 'values') && values.length > 0) {
    r.error([...p, 'values'], rule, `${prefix}values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`, {hint: 'remove values, or use In/NotIn'});
  }
  values.forEach((v, j) => {
    const e = typeof v === 'string' ? labelValueError(v) : undefined;
    if (e) r.error([...p, 'values', j], rule, `${prefix}values[${j}]: Invalid value: ${quote(v)}: ${e}`);
  });
}
