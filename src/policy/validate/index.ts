// validateDocuments: the CRD schema, Cilium's agent sanitiser (1.19) and Kubernetes'
// ValidateNetworkPolicySpec, then the lint catalogue. Pure and synchronous (RE2 loads on first use).
import {parseSources, type ParsedDocument} from '../parse/documents.js';
import type {Diagnostic} from '../parse/diagnostic.js';
import type {PolicyKind} from '../parse/kinds.js';
import type {Source} from '../parse/read.js';
import {lintDocuments} from '../lint/index.js';
import {parseCidr} from './cidr.js';
import {checkCiliumRule, ciliumRules} from './cilium.js';
import {DEFAULT_AGENT_CONFIG, type AgentConfig} from './config.js';
import {checkEnvelope, intendedKind} from './envelope.js';
import {checkNetworkPolicy, netpolSchema} from './netpol.js';
import {Report, isObj} from './report.js';
import {walk, type SchemaContext} from './schema.js';
import {cnpSchema} from './schema-cilium.js';

export type {Diagnostic} from '../parse/diagnostic.js';
export type {AgentConfig} from './config.js';
export {RULES, type RuleInfo} from './rules.js';
export {compileRE2, fullMatch} from './regex.js';

export interface ValidateOptions {
  /** Documents of other kinds, reported as `skipped-non-policy`. */
  skipped?: ParsedDocument[];
  /** Parse errors to include in the result (they make it invalid). */
  parseErrors?: Diagnostic[];
  agent?: Partial<AgentConfig>;
  /** Run the lint catalogue (default true). */
  lint?: boolean;
}

export interface ValidationResult {
  valid: boolean;
  errors: Diagnostic[];
  warnings: Diagnostic[];
  infos: Diagnostic[];
  /** Policy documents looked at. */
  documents: number;
}

/** What validation learnt about one document (the lints build on it). */
export interface Validated {
  doc: ParsedDocument;
  kind: PolicyKind;
  report: Report;
}

export function validateDocuments(docs: ParsedDocument[], opts: ValidateOptions = {}): ValidationResult {
  const cfg: AgentConfig = {...DEFAULT_AGENT_CONFIG, ...opts.agent};
  const validated = docs.map((doc) => validateOne(doc, cfg));
  const errors = [...(opts.parseErrors ?? []), ...validated.flatMap((v) => v.report.errors)];
  const lints = opts.lint === false ? [] : lintDocuments(validated, opts.skipped ?? []);
  const warnings = lints.filter((d) => d.severity === 'warning');
  const infos = lints.filter((d) => d.severity === 'info');
  const order = (a: Diagnostic, b: Diagnostic): number => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1);
  return {valid: errors.length === 0, errors: errors.sort(order), warnings: warnings.sort(order), infos: infos.sort(order), documents: docs.length};
}

/** Parse and validate in one step (what `policy validate` and the policy store do). */
export function validateSources(sources: Source[], opts: Omit<ValidateOptions, 'skipped' | 'parseErrors'> = {}): ValidationResult & {parsed: ParsedDocument[]} {
  const p = parseSources(sources);
  return {...validateDocuments(p.documents, {...opts, skipped: p.skipped, parseErrors: p.errors}), parsed: p.documents};
}

function validateOne(doc: ParsedDocument, cfg: AgentConfig): Validated {
  const report = new Report(doc);
  const v = isObj(doc.value) ? doc.value : {};
  const kind = intendedKind(v);
  checkEnvelope(v, kind, report);
  const ctx: SchemaContext = {report, typeRule: '12.3', unknownRule: '12.2', isCidr: (s) => parseCidr(s) !== undefined};
  if (kind === 'NetworkPolicy') {
    walk(netpolSchema, v, [], ctx);
    checkNetworkPolicy(v, report);
  } else {
    walk(cnpSchema, v, [], ctx);
    for (const {rule, path} of ciliumRules(v)) checkCiliumRule(rule, path, report, kind === 'CiliumClusterwideNetworkPolicy', cfg);
  }
  return {doc, kind, report};
}
