// Hubble label filters: Kubernetes selector strings whose keys may carry a Cilium source
// (`k8s:app=web`, `reserved:world`, `app in (a,b)`, `!k8s:tier`). A key without a source matches
// labels of any source. Matching reuses the policy selector semantics.
import {parseLabel, parseLabelKey, selectorMatches, type Label, type Requirement, type Selector} from '../../policy/selector.js';

/** Split on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const KEY_RE = /^[A-Za-z0-9_.\-/:$]+$/;

function checkKey(key: string, selector: string): void {
  if (!KEY_RE.test(key)) throw new Error(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
}

function parseValues(list: string, selector: string): string[] {
  const m = /^\((.*)\)$/.exec(list.trim());
  if (!m) throw new Error(`found '${list.trim()}', expected: '(' in selector "${selector}"`);
  return m[1].split(',').map((v) => v.trim());
}

/** Parse one selector string into AND-ed requirements; throws with a reason on bad syntax. */
export function parseSelector(selector: string): Selector {
  const reqs: Requirement[] = [];
  if (selector.trim() === '') return reqs;
  for (const raw of splitTopLevel(selector)) {
    const part = raw.trim();
    if (part === '') throw new Error(`found '', expected: identifier in selector "${selector}"`);
    let m: RegExpExecArray | null;
    if (part.startsWith('!')) {
      const key = part.slice(1).trim();
      checkKey(key, selector);
      reqs.push({...parseLabelKey(key), operator: 'DoesNotExist', values: []});
    } else if ((m = /^([^\s=!]+)\s*(==|!=|=)\s*(.*)$/.exec(part))) {
      const [, key, op, value] = m;
      checkKey(key, selector);
      reqs.push({...parseLabelKey(key), operator: op === '!=' ? 'NotIn' : 'In', values: [value.trim()]});
    } else if ((m = /^(\S+)\s+(in|notin)\s*(\(.*\))$/.exec(part))) {
      const [, key, op, list] = m;
      checkKey(key, selector);
      reqs.push({...parseLabelKey(key), operator: op === 'in' ? 'In' : 'NotIn', values: parseValues(list, selector)});
    } else {
      checkKey(part, selector);
      reqs.push({...parseLabelKey(part), operator: 'Exists', values: []});
    }
  }
  return reqs;
}

/** Flow endpoint labels (`k8s:app=web`); a label without a source is "unspec". */
export function parseFlowLabels(labels: readonly string[]): Label[] {
  return labels.map((l) => parseLabel(l, 'unspec'));
}

/** A matcher over label lists: any of the selectors may match. */
export function labelMatcher(selectors: readonly string[]): (labels: readonly string[]) => boolean {
  const parsed = selectors.map(parseSelector);
  return (labels) => {
    const ls = parseFlowLabels(labels);
    return parsed.some((sel) => selectorMatches(sel, ls));
  };
}
