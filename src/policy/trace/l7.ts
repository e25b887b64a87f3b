// L7 matching (network-policy.md 6.1, 6.2): HTTP rules are RE2 regexes that must match the
// whole header value (Envoy safe_regex; RE2 via the validator's lazily loaded engine); DNS names/patterns use Cilium's matchpattern rules.
import type {FQDNSelector, PortRuleDNS, PortRuleHTTP} from '../types.js';
import {fullMatch} from '../validate/regex.js';

export interface HttpRequest {
  method?: string;
  path?: string;
  /** :authority; defaults to the Host header. */
  host?: string;
  /** `Name: value` lines as given on the command line. */
  headers?: string[];
}

/** Header lines → lower-cased name → values. */
export function headerMap(lines: readonly string[] = []): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = (i < 0 ? line : line.slice(0, i)).trim().toLowerCase();
    const value = i < 0 ? '' : line.slice(i + 1).trim();
    m.set(name, [...(m.get(name) ?? []), value]);
  }
  return m;
}

/** Why an HTTP rule does not match a request, or undefined when it matches. */
export function httpMismatch(rule: PortRuleHTTP, req: HttpRequest): string | undefined {
  const headers = headerMap(req.headers);
  if (rule.method && !fullMatch(rule.method, req.method ?? '')) return `method ${req.method ?? '(none)'} does not fully match "${rule.method}"`;
  if (rule.path && !fullMatch(rule.path, req.path ?? '')) return `path ${req.path ?? '(none)'} does not fully match "${rule.path}"`;
  if (rule.host) {
    const host = req.host ?? headers.get('host')?.[0];
    if (host === undefined || !fullMatch(rule.host, host)) return `host ${host ?? '(none)'} does not fully match "${rule.host}"`;
  }
  for (const h of rule.headers ?? []) {
    // "Name: value" splits at the first space (trailing colon dropped); "Name:value" is a name.
    const sp = h.indexOf(' ');
    const name = (sp < 0 ? h : h.slice(0, sp).replace(/:$/, '')).toLowerCase();
    const value = sp < 0 ? undefined : h.slice(sp + 1);
    const got = headers.get(name);
    if (!got) return `header ${name} is missing`;
    if (value !== undefined && !got.includes(value)) return `header ${name} is not "${value}"`;
  }
  for (const hm of rule.headerMatches ?? []) {
    if (hm.mismatch) continue; // a mismatch action logs or rewrites instead of denying
    const got = headers.get(String(hm.name).toLowerCase());
    if (!got) return `header ${hm.name} is missing`;
    if (hm.secret) return `header ${hm.name} is compared with secret ${hm.secret.name}, which cannot be read offline`;
    if (hm.value !== undefined && !got.includes(hm.value)) return `header ${hm.name} is not "${hm.value}"`;
  }
  return undefined;
}

const DNS_CHARS = '[-a-z0-9_]';

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Cilium's matchPattern as a regex: `*` = DNS characters within a label, `**.` prefix = one or more labels. */
function patternRegex(pattern: string): RegExp {
  const p = normalizeName(pattern);
  if (p === '*') return /^.+$/;
  let prefix = '';
  let rest = p;
  if (rest.startsWith('**.')) {
    prefix = `(?:${DNS_CHARS}+\\.)+`;
    rest = rest.slice(3);
  }
  const body = rest
    .split('')
    .map((c) => (c === '*' ? `${DNS_CHARS}*` : c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${prefix}${body}$`);
}

/** A DNS rule or toFQDNs selector against a name (case-insensitive, trailing dot implied). */
export function dnsNameMatches(sel: PortRuleDNS | FQDNSelector, name: string): boolean {
  const n = normalizeName(name);
  if (sel.matchName !== undefined) return normalizeName(sel.matchName) === n;
  if (sel.matchPattern !== undefined) return patternRegex(sel.matchPattern).test(n);
  return false;
}
