// L7 placement and content of allow port rules (12.23-12.35) and DNS/HTTP rule content.
import {compileRE2} from './regex.js';
import {arr, has, obj, quote, str, type Obj, type Path, type Report} from './report.js';
import {classifyPort} from './ports.js';
import type {AgentConfig} from './config.js';

export type Direction = 'ingress' | 'egress';

const nonEmpty = (v: unknown): boolean => Array.isArray(v) && v.length > 0;

/** L7 kinds present in a rules block (present = key set, even to an empty list). */
export function l7Kinds(rules: Obj | undefined): string[] {
  if (!rules) return [];
  const k: string[] = [];
  for (const key of ['http', 'kafka', 'dns']) if (has(rules, key)) k.push(key);
  if (has(rules, 'l7proto') && rules.l7proto !== '') k.push('l7proto');
  return k;
}

/** Does the rules block actually restrict anything (non-empty lists / a parser)? */
export function hasL7(rules: Obj | undefined): boolean {
  return !!rules && (nonEmpty(rules.http) || nonEmpty(rules.kafka) || nonEmpty(rules.dns) || (typeof rules.l7proto === 'string' && rules.l7proto !== ''));
}

export interface PortRuleContext {
  dir: Direction;
  host: boolean;
  cfg: AgentConfig;
}

export function checkL7(pr: Obj, path: Path, r: Report, ctx: PortRuleContext): void {
  const rules = obj(pr.rules);
  const rp = [...path, 'rules'];
  const ports = arr(pr.ports).map((p) => obj(p) ?? {});
  const kinds = l7Kinds(rules);
  if (kinds.length > 1) r.error(rp, '12.28', 'multiple L7 protocol rule types specified in single rule', {hint: `found ${kinds.join(', ')}: write one port rule (toPorts entry) per L7 protocol`});
  if (rules && has(rules, 'l7') && !(typeof rules.l7proto === 'string' && rules.l7proto !== '')) {
    r.error([...rp, 'l7'], '12.29', "'l7' may only be specified when a 'l7proto' is also specified", {hint: 'add l7proto: <parser name>'});
  }
  arr(rules?.l7).forEach((m, i) => {
    for (const k of Object.keys(obj(m) ?? {})) if (k === '') r.error([...rp, 'l7', i], '12.29', 'Empty key not allowed');
  });
  const l7 = hasL7(rules);
  const dns = has(rules, 'dns');
  const nonDns = nonEmpty(rules?.http) || nonEmpty(rules?.kafka) || (typeof rules?.l7proto === 'string' && rules.l7proto !== '');
  if (nonDns) {
    ports.forEach((p, i) => {
      const proto = str(p.protocol) ?? 'ANY';
      if (proto !== 'TCP') {
        r.error(has(p, 'protocol') ? [...path, 'ports', i, 'protocol'] : [...path, 'ports', i], '12.23', `L7 rules can only apply to TCP (not ${proto}) except for DNS rules`, {
          hint: has(p, 'protocol') ? 'HTTP/Kafka rules need protocol: TCP' : 'an omitted protocol means ANY: add protocol: TCP',
        });
      }
    });
  }
  if (l7 || dns) {
    ports.forEach((p, i) => {
      if (typeof p.port === 'string' && classifyPort(p.port).port === 0) r.error([...path, 'ports', i, 'port'], '12.24', 'L7 rules can not be used when a port is 0', {hint: 'name the port the L7 protocol runs on'});
    });
  }
  if (dns) {
    if (ctx.dir === 'ingress') r.error([...rp, 'dns'], '12.25', 'L7 protocol DNS is not supported on ingress yet', {hint: 'DNS rules belong in egress port rules (to the resolver, port 53)'});
    if (ports.length === 0) r.error([...rp, 'dns'], '12.26', 'port 53 must be specified for DNS rules', {hint: 'add ports: [{port: "53", protocol: ANY}]'});
    ports.forEach((p, i) => {
      if (typeof p.endPort === 'number' && p.endPort !== 0) r.error([...path, 'ports', i, 'endPort'], '12.27', 'DNS rules do not support port ranges', {hint: 'remove endPort'});
    });
    checkDnsSelectors(arr(rules?.dns), [...rp, 'dns'], r, '12.41');
  }
  arr(rules?.http).forEach((h, i) => checkHttp(obj(h), [...rp, 'http', i], r));
  if (ctx.host && (l7 || dns)) {
    if (ctx.dir === 'ingress') r.error(rp, '12.32', 'L7 policy is not supported on host ingress yet', {hint: 'host policies (nodeSelector) cannot carry L7 rules on ingress'});
    else if (nonEmpty(rules?.http) || nonEmpty(rules?.kafka)) {
      r.error(rp, '12.32', `L7 protocol ${nonEmpty(rules?.http) ? 'HTTP' : 'Kafka'} is not supported on host egress yet`, {hint: 'host egress supports DNS rules only'});
    }
  }
  if (l7 && !ctx.cfg.enableL7Proxy) r.error(rp, '12.33', 'L7 policy is not supported since L7 proxy is not enabled', {hint: 'the agent runs with enable-l7-proxy=false'});
  const names = arr(pr.serverNames);
  names.forEach((n, i) => {
    if (n === '') r.error([...path, 'serverNames', i], '12.34', 'empty server name is not allowed', {hint: 'remove the empty entry'});
  });
  if (names.length > 0 && l7 && !has(pr, 'terminatingTLS')) {
    r.error([...path, 'serverNames'], '12.34', 'ServerNames are not allowed with L7 rules without TLS termination', {hint: 'add terminatingTLS, or drop serverNames'});
  }
  if (has(pr, 'listener')) {
    if (ctx.dir === 'ingress') r.error([...path, 'listener'], '12.35', 'Listener is not allowed on ingress', {hint: 'listeners redirect egress traffic only'});
    if (l7 || dns) r.error([...path, 'listener'], '12.35', 'Listener is not allowed with L7 rules', {hint: 'use either a listener or rules in one port rule'});
  }
}

function checkHttp(h: Obj | undefined, path: Path, r: Report): void {
  if (!h) return;
  for (const f of ['path', 'method'] as const) {
    const v = str(h[f]);
    if (v === undefined || v === '') continue;
    const {error} = compileRE2(v);
    if (error) r.error([...path, f], '12.30', `error parsing regexp: ${error}`, {hint: `HTTP ${f} is an RE2 regex (no look-around, no back-references) matched against the whole value; ${quote(v)} does not compile`});
  }
}

/** Exactly one of matchName/matchPattern per DNS selector (toFQDNs: 12.40, rules.dns: 12.41). */
export function checkDnsSelectors(items: unknown[], path: Path, r: Report, rule: '12.40' | '12.41'): void {
  items.forEach((it, i) => {
    const o = obj(it);
    if (!o) return;
    const n = Number(has(o, 'matchName')) + Number(has(o, 'matchPattern'));
    const where = rule === '12.40' ? 'an FQDNSelector' : 'a DNS rule';
    if (n === 2) r.error([...path, i], rule, `only one of MatchName or MatchPattern is allowed in ${where}`, {hint: 'split it into two entries'});
    else if (n === 0) r.error([...path, i], rule, `one of MatchName or MatchPattern is required in ${where}`, {hint: 'add matchName: example.com or matchPattern: "*.example.com"'});
  });
}
