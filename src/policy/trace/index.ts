// `policy trace`: would this flow be allowed, and which rule decides (network-policy.md 14.1).
// Egress is evaluated at the source, then ingress at the destination; in each direction deny
// rules win (drop 181), then default-deny enablement, then allow rules (else drop 133), then L7.
import {isIPv4, isIPv6} from 'node:net';
import {UsageError} from '../../errors.js';
import {formatLabel} from '../selector.js';
import {isPolicyKind} from '../parse/kinds.js';
import {formatRef, type PolicyResource, type SourcedResource} from '../types.js';
import {compileResources, type Direction, type RuleRef, type Section, type SubjectRule} from './compile.js';
import {identityOf, worldIdentity, type Identity, type TraceEndpoint} from './identity.js';
import {dnsNameMatches, httpMismatch, type HttpRequest} from './l7.js';
import {defaultDenyEnabled, elementMatches, subjectRules, type ElementMatch, type FlowProtocol} from './match.js';

export {compileResources, type Direction, type PolicyElement, type RuleRef, type SubjectRule} from './compile.js';
export {identityOf, worldIdentity, type Identity, type TraceEndpoint} from './identity.js';
export {dnsNameMatches, httpMismatch, headerMap, type HttpRequest} from './l7.js';
export {defaultDenyEnabled, elementMatches, entityMatches, peerMatches, portMatches, subjectRules, type L4Flow} from './match.js';

export const DROP_POLICY_DENIED = 133;
export const DROP_POLICY_DENY = 181;
export const DROP_REASONS: Record<number, string> = {133: 'Policy denied', 181: 'Policy denied by denylist'};

export interface TraceFlowSpec {
  /** ns/pod (or an endpoint name) */
  from: string;
  /** ns/pod, an endpoint name, or an IP address */
  to: string;
  protocol: FlowProtocol;
  dport?: number;
  icmpType?: number;
  http?: HttpRequest;
  dnsQuery?: string;
}

/** A parser document (src/policy/parse ParsedDocument) is accepted as is. */
interface DocumentLike {
  file: string;
  kind: string;
  value: unknown;
  position(path: ReadonlyArray<string | number>): {line: number; column: number};
}

export interface TraceInput {
  policies: Array<PolicyResource | SourcedResource | DocumentLike>;
  endpoints: TraceEndpoint[];
  flow: TraceFlowSpec;
  /** Agent policy enforcement mode (default: default). */
  enforcement?: 'default' | 'always' | 'never';
  /** Namespace of namespaced policies without metadata.namespace. */
  defaultNamespace?: string;
}

export type StepResult = 'allowed' | 'denied' | 'skipped' | 'info';

export interface TraceStep {
  stage: 'identity' | 'egress' | 'ingress' | 'l7' | 'reply';
  /** The endpoint where the step is evaluated. */
  endpoint?: string;
  result: StepResult;
  message: string;
  rule?: RuleRef;
  /** Subject rules selecting the endpoint in this direction ("Kind/ns/name spec"). */
  subjects?: string[];
  defaultDeny?: boolean;
  dropReason?: number;
}

export interface L7Outcome {
  direction: Direction;
  type: 'http' | 'dns' | 'kafka' | 'l7proto';
  /** allowed/denied: the request was checked; wildcarded: another rule allows without L7;
   *  unchecked: L7 rules apply but the flow gave no request to check. */
  result: 'allowed' | 'denied' | 'wildcarded' | 'unchecked' | 'not-evaluated';
  rules: Array<{rule: RuleRef; l7: unknown}>;
  /** What the client sees on an L7 denial. */
  response?: string;
}

export interface TraceEndpointSummary {
  name: string;
  ip?: string;
  labels: string[];
  policyEndpoint: boolean;
}

export interface TraceResult {
  verdict: 'ALLOWED' | 'DENIED';
  flow: TraceFlowSpec;
  source: TraceEndpointSummary;
  destination: TraceEndpointSummary;
  steps: TraceStep[];
  decidedBy?: RuleRef;
  dropReason?: number;
  l7?: L7Outcome;
}

/** Resources of any accepted input shape, non-policy documents dropped. */
export function toSourced(policies: TraceInput['policies']): SourcedResource[] {
  const out: SourcedResource[] = [];
  for (const p of policies) {
    if (p && typeof p === 'object' && 'resource' in p) out.push(p);
    else if (p && typeof p === 'object' && 'position' in p && 'value' in p) {
      const d = p as DocumentLike;
      if (isPolicyKind((d.value as {kind?: unknown})?.kind)) out.push({resource: d.value as PolicyResource, file: d.file, position: (path) => d.position(path)});
    } else if (isPolicyKind((p as PolicyResource)?.kind)) out.push({resource: p as PolicyResource});
  }
  return out;
}

/** --from/--to: an endpoint by name, by IP, or (for --to) any other IP as a world peer. */
export function resolveEndpoint(spec: string, endpoints: readonly TraceEndpoint[], role: 'from' | 'to'): Identity {
  const ep = endpoints.find((e) => e.name === spec) ?? endpoints.find((e) => e.ip !== undefined && e.ip === spec);
  if (ep) return identityOf(ep);
  if (isIPv4(spec) || isIPv6(spec)) return worldIdentity(spec);
  const known = endpoints.map((e) => e.name).slice(0, 10);
  throw new UsageError(`--${role} ${spec}: no such endpoint`, {
    hint: known.length ? `known endpoints: ${known.join(', ')}${endpoints.length > 10 ? ', ...' : ''}; or give an IP address` : 'add it to the --endpoints file, or give an IP address',
  });
}

function summary(id: Identity): TraceEndpointSummary {
  return {name: id.name, ip: id.ip, labels: id.labels.map(formatLabel), policyEndpoint: id.isPod};
}

function subjectName(s: SubjectRule): string {
  return `${formatRef(s.resource)} ${s.specPath}`;
}

function describeRule(r: RuleRef): string {
  return `${r.resource} ${r.path}${r.file ? ` (${r.file}${r.line ? `:${r.line}` : ''})` : ''}`;
}

interface DirectionOutcome {
  steps: TraceStep[];
  denied?: {rule?: RuleRef; dropReason?: number};
  allowedBy?: RuleRef;
  l7?: L7Outcome;
}

const ALLOW: Record<Direction, Section> = {ingress: 'ingress', egress: 'egress'};
const DENY: Record<Direction, Section> = {ingress: 'ingressDeny', egress: 'egressDeny'};

function evaluateDirection(
  direction: Direction,
  rules: SubjectRule[],
  local: Identity,
  remote: Identity,
  destination: Identity,
  flow: TraceFlowSpec,
  mode: NonNullable<TraceInput['enforcement']>,
): DirectionOutcome {
  const at = local.name;
  const stage = direction;
  if (!local.isPod) {
    const what = local.reserved.length ? `reserved:${local.reserved.join(',reserved:')}` : 'not a Cilium endpoint';
    return {steps: [{stage, endpoint: at, result: 'skipped', message: `${direction} not evaluated: ${at} is ${what}, not a pod endpoint`}]};
  }
  if (mode === 'never') return {steps: [{stage, endpoint: at, result: 'allowed', message: `policy enforcement is "never": ${direction} is not enforced`}]};
  const subjects = subjectRules(rules, local);
  const enforced = defaultDenyEnabled(subjects, direction, mode);
  const base = {stage, endpoint: at, subjects: subjects.map(subjectName), defaultDeny: enforced};
  for (const s of subjects) {
    for (const el of s.elements[DENY[direction]]) {
      if (elementMatches(el, remote, flow, destination)) {
        return {
          steps: [{...base, result: 'denied', rule: el.ref, dropReason: DROP_POLICY_DENY, message: `denied by ${describeRule(el.ref)} (drop reason ${DROP_POLICY_DENY}: ${DROP_REASONS[DROP_POLICY_DENY]})`}],
          denied: {rule: el.ref, dropReason: DROP_POLICY_DENY},
        };
      }
    }
  }
  // allow-localhost: an allow entry for the host identity, which deny entries still beat.
  if (direction === 'ingress' && remote.reserved.includes('host')) {
    return {steps: [{...base, result: 'allowed', message: 'traffic from the local host is always allowed (allow-localhost)'}]};
  }
  const matches: ElementMatch[] = [];
  for (const s of subjects) for (const el of s.elements[ALLOW[direction]]) {
    const m = elementMatches(el, remote, flow, destination);
    if (m) matches.push(m);
  }
  if (!enforced) {
    const why = subjects.length === 0 ? `no policy selects ${at} for ${direction}` : `no rule selecting ${at} enables ${direction} default-deny`;
    const steps: TraceStep[] = [{...base, result: 'allowed', message: `${why}: ${direction} is allowed`}];
    // Without default-deny, L7 rules still filter the peers and ports they name (cilium#38841).
    const l7 = matches.length ? evaluateL7(direction, matches, flow) : undefined;
    if (!l7) return {steps};
    steps.push(l7.step);
    if (l7.outcome.result === 'denied') return {steps, denied: {rule: l7.rule}, l7: l7.outcome};
    return {steps, allowedBy: l7.rule, l7: l7.outcome};
  }
  if (matches.length === 0) {
    return {
      steps: [{...base, result: 'denied', dropReason: DROP_POLICY_DENIED, message: `default-deny: no ${direction} allow rule matches ${peerText(direction, remote)} on ${l4Text(flow)} (drop reason ${DROP_POLICY_DENIED}: ${DROP_REASONS[DROP_POLICY_DENIED]})`}],
      denied: {dropReason: DROP_POLICY_DENIED},
    };
  }
  const first = matches[0].element.ref;
  const steps: TraceStep[] = [{...base, result: 'allowed', rule: first, message: `allowed at L3/L4 by ${matches.map((m) => describeRule(m.element.ref)).join(', ')}`}];
  const l7 = evaluateL7(direction, matches, flow);
  if (!l7) return {steps, allowedBy: first};
  steps.push(l7.step);
  if (l7.outcome.result === 'denied') return {steps, denied: {rule: l7.rule}, l7: l7.outcome};
  return {steps, allowedBy: l7.rule ?? first, l7: l7.outcome};
}

function peerText(direction: Direction, remote: Identity): string {
  return `${direction === 'ingress' ? 'from' : 'to'} ${remote.name}`;
}

function l4Text(flow: TraceFlowSpec): string {
  if (flow.protocol === 'ICMP') return `ICMP type ${flow.icmpType ?? '?'}`;
  return `${flow.dport ?? '?'}/${flow.protocol}`;
}

function evaluateL7(
  direction: Direction,
  matches: ElementMatch[],
  flow: TraceFlowSpec,
): {step: TraceStep; outcome: L7Outcome; rule?: RuleRef} | undefined {
  const withL7: Array<{rule: RuleRef; pr: NonNullable<ElementMatch['portRules']>[number]}> = [];
  let plain: RuleRef | undefined;
  for (const m of matches) {
    if (!m.portRules) plain ??= m.element.ref;
    for (const pr of m.portRules ?? []) {
      const l7 = pr.l7;
      const enforcing = l7 && ((l7.http?.length ?? 0) > 0 || (l7.dns?.length ?? 0) > 0 || (l7.kafka?.length ?? 0) > 0 || l7.l7proto);
      if (enforcing) withL7.push({rule: m.element.ref, pr});
      else plain ??= m.element.ref;
    }
  }
  if (withL7.length === 0) return undefined;
  const type: L7Outcome['type'] = withL7.some((w) => w.pr.l7?.http?.length) ? 'http' : withL7.some((w) => w.pr.l7?.dns?.length) ? 'dns' : withL7.some((w) => w.pr.l7?.kafka?.length) ? 'kafka' : 'l7proto';
  const rules = withL7.flatMap((w) => {
    const l7 = w.pr.l7!;
    const list: unknown[] = type === 'http' ? (l7.http ?? []) : type === 'dns' ? (l7.dns ?? []) : type === 'kafka' ? (l7.kafka ?? []) : (l7.l7 ?? [{l7proto: l7.l7proto}]);
    return list.map((r) => ({rule: w.rule, l7: r}));
  });
  const stage = 'l7' as const;
  if (plain) {
    const outcome: L7Outcome = {direction, type, result: 'wildcarded', rules};
    return {
      outcome,
      rule: plain,
      step: {stage, result: 'allowed', rule: plain, message: `L7 ${type.toUpperCase()} rules of ${describeRule(withL7[0].rule)} have no effect: ${describeRule(plain)} allows the same peer and port without L7 rules`},
    };
  }
  if (type === 'http') {
    const req = flow.http;
    if (!req || (req.method === undefined && req.path === undefined)) {
      return {outcome: {direction, type, result: 'unchecked', rules}, step: {stage, result: 'info', message: `connection allowed; every HTTP request must match one of ${rules.length} HTTP rule(s), others get 403 "Access denied" (give --http-method/--http-path to check one)`}};
    }
    const reasons: string[] = [];
    for (const r of rules) {
      const why = httpMismatch(r.l7 as never, req);
      if (!why) return {outcome: {direction, type, result: 'allowed', rules}, rule: r.rule, step: {stage, result: 'allowed', rule: r.rule, message: `HTTP ${req.method ?? ''} ${req.path ?? ''} matches ${JSON.stringify(r.l7)} of ${describeRule(r.rule)}`}};
      reasons.push(why);
    }
    return {
      outcome: {direction, type, result: 'denied', rules, response: '403 Access denied'},
      rule: rules[0].rule,
      step: {stage, result: 'denied', rule: rules[0].rule, message: `HTTP ${req.method ?? ''} ${req.path ?? ''} matches no HTTP rule (${reasons.join('; ')}): the proxy answers 403 "Access denied"`},
    };
  }
  if (type === 'dns') {
    if (flow.dnsQuery === undefined) {
      return {outcome: {direction, type, result: 'unchecked', rules}, step: {stage, result: 'info', message: `connection allowed; DNS queries must match one of ${rules.length} DNS rule(s), others are REFUSED (give --dns-query to check one)`}};
    }
    const hit = rules.find((r) => dnsNameMatches(r.l7 as never, flow.dnsQuery!));
    if (hit) return {outcome: {direction, type, result: 'allowed', rules}, rule: hit.rule, step: {stage, result: 'allowed', rule: hit.rule, message: `DNS query ${flow.dnsQuery} matches ${JSON.stringify(hit.l7)} of ${describeRule(hit.rule)}`}};
    return {
      outcome: {direction, type, result: 'denied', rules, response: 'REFUSED'},
      rule: rules[0].rule,
      step: {stage, result: 'denied', rule: rules[0].rule, message: `DNS query ${flow.dnsQuery} matches no DNS rule: the DNS proxy answers REFUSED`},
    };
  }
  return {outcome: {direction, type, result: 'not-evaluated', rules}, step: {stage, result: 'info', message: `connection allowed; ${type} L7 rules are not evaluated by the tracer`}};
}

/** Trace one flow through the policies. */
export function traceFlow(input: TraceInput): TraceResult {
  const rules = compileResources(toSourced(input.policies), {defaultNamespace: input.defaultNamespace});
  return traceCompiled(rules, input);
}

/** The same as traceFlow on pre-compiled rules (for many flows against one policy set). */
export function traceCompiled(rules: SubjectRule[], input: Omit<TraceInput, 'policies'>): TraceResult {
  const flow = input.flow;
  const mode = input.enforcement ?? 'default';
  const src = resolveEndpoint(flow.from, input.endpoints, 'from');
  const dst = resolveEndpoint(flow.to, input.endpoints, 'to');
  const steps: TraceStep[] = [
    {stage: 'identity', result: 'info', message: `${src.name} → ${dst.name} ${l4Text(flow)}${dst.ip && dst.ip !== dst.name ? ` (${dst.ip})` : ''}`},
  ];
  const result = (verdict: TraceResult['verdict'], extra: Partial<TraceResult>): TraceResult => ({verdict, flow, source: summary(src), destination: summary(dst), steps, ...extra});

  const egress = evaluateDirection('egress', rules, src, dst, dst, flow, mode);
  steps.push(...egress.steps);
  if (egress.denied) {
    steps.push({stage: 'ingress', endpoint: dst.name, result: 'skipped', message: 'ingress not reached: dropped at the source'});
    return result('DENIED', {decidedBy: egress.denied.rule, dropReason: egress.denied.dropReason, l7: egress.l7});
  }
  const ingress = evaluateDirection('ingress', rules, dst, src, dst, flow, mode);
  steps.push(...ingress.steps);
  if (ingress.denied) return result('DENIED', {decidedBy: ingress.denied.rule, dropReason: ingress.denied.dropReason, l7: ingress.l7 ?? egress.l7});
  steps.push({stage: 'reply', result: 'info', message: 'replies of this connection are not evaluated again (connection tracking)'});
  return result('ALLOWED', {decidedBy: ingress.allowedBy ?? egress.allowedBy, l7: ingress.l7 ?? egress.l7});
}
