// Human output of `policy trace`: the flow, each step with its result, then the verdict and the
// deciding rule. Pure: data → string; colour only when asked.
import {Chalk} from 'chalk';
import {escapeTerminal} from '../../flows/escape.js';
import type {RuleRef} from '../trace/compile.js';
import {DROP_REASONS, type TraceResult, type TraceStep} from '../trace/index.js';

export interface TracePrintOptions {
  color: boolean;
}

export function formatRuleRef(r: RuleRef): string {
  const where = r.file ? ` (${r.file}${r.line ? `:${r.line}` : ''})` : '';
  return `${r.resource} ${r.path}${where}`;
}

function flowText(t: TraceResult): string {
  const f = t.flow;
  const l4 = f.protocol === 'ICMP' ? `ICMP type ${f.icmpType ?? '?'}` : `${f.dport ?? '?'}/${f.protocol}`;
  const http = f.http && (f.http.method || f.http.path) ? ` ${f.http.method ?? ''} ${f.http.path ?? ''}`.replace(/\s+$/, '') : '';
  const dns = f.dnsQuery ? ` DNS ${f.dnsQuery}` : '';
  return `${t.source.name} → ${t.destination.name} ${l4}${http}${dns}`;
}

function endpointLine(label: string, e: TraceResult['source']): string {
  const ip = e.ip && e.ip !== e.name ? ` ${e.ip}` : '';
  const kind = e.policyEndpoint ? '' : ' (not a pod endpoint)';
  return `${label}${e.name}${ip}${kind}\n${' '.repeat(label.length)}${e.labels.join(' ')}`;
}

export function formatTrace(t: TraceResult, o: TracePrintOptions): string {
  const c = new Chalk({level: o.color ? 1 : 0});
  const paint = (r: TraceStep['result'], s: string) => (r === 'allowed' ? c.green(s) : r === 'denied' ? c.red(s) : r === 'skipped' ? c.dim(s) : s);
  const lines: string[] = [];
  lines.push(`Flow:        ${escapeTerminal(flowText(t))}`);
  lines.push(escapeTerminal(endpointLine('Source:      ', t.source)));
  lines.push(escapeTerminal(endpointLine('Destination: ', t.destination)));
  lines.push('');
  const steps = t.steps.filter((s) => s.stage !== 'identity');
  steps.forEach((s, i) => {
    const head = `${String(i + 1).padStart(2)}. ${s.stage.padEnd(7)} ${paint(s.result, s.result.padEnd(7))}  `;
    lines.push(head + escapeTerminal(s.message));
    if (s.subjects?.length) {
      lines.push(`${' '.repeat(13)}selected by: ${escapeTerminal(s.subjects.join(', '))}; default-deny ${s.defaultDeny ? 'on' : 'off'}`);
    }
  });
  lines.push('');
  let verdict = t.verdict === 'ALLOWED' ? c.green.bold('ALLOWED') : c.red.bold('DENIED');
  if (t.dropReason) verdict += ` (dropped, reason ${t.dropReason}: ${DROP_REASONS[t.dropReason]})`;
  else if (t.verdict === 'DENIED' && t.l7?.response) verdict += ` (L7 ${t.l7.type.toUpperCase()}: ${t.l7.response})`;
  lines.push(`Verdict:     ${verdict}`);
  lines.push(`Decided by:  ${t.decidedBy ? escapeTerminal(formatRuleRef(t.decidedBy)) : t.verdict === 'DENIED' ? 'default-deny (no rule allows it)' : 'no policy restricts this flow'}`);
  return lines.join('\n') + '\n';
}
