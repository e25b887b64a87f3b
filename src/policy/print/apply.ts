// Output of `policy apply|delete`: kubectl-style "kind.group/name action" lines, the operator's
// Valid condition per object, and the agent's revision. Pure.
import {Chalk} from 'chalk';
import {escapeTerminal} from '../../flows/escape.js';
import type {K8sApplyItem, K8sApplyResult} from '../apply/k8s.js';
import type {ApplyItem} from '../store.js';
import type {PolicyKind} from '../types.js';

const GROUP: Record<PolicyKind, string> = {CiliumNetworkPolicy: 'cilium.io', CiliumClusterwideNetworkPolicy: 'cilium.io', NetworkPolicy: 'networking.k8s.io'};

export function kubectlName(kind: PolicyKind, name: string): string {
  return `${kind.toLowerCase()}.${GROUP[kind]}/${name}`;
}

export interface AgentApplyOutput {
  target: 'agent';
  revision: number;
  dryRun?: 'client';
  items: ApplyItem[];
}

export type ApplyOutput = K8sApplyResult | AgentApplyOutput;

function validLine(it: K8sApplyItem, c: InstanceType<typeof Chalk>, waitedMs: number): string | undefined {
  if (it.valid === undefined) return undefined;
  const name = escapeTerminal(it.resource);
  if (it.valid === 'timeout') return `${name} ${c.yellow('Valid=Unknown')}: no Valid condition after ${Math.round(waitedMs / 1000)}s (is cilium-operator 1.16+ running?)`;
  const text = `Valid=${it.valid.status}`;
  const colored = it.valid.status === 'True' ? c.green(text) : c.red(text);
  return `${name} ${colored}${it.valid.message ? `: ${escapeTerminal(it.valid.message)}` : ''}`;
}

export function formatApply(r: ApplyOutput, o: {color: boolean; waitedMs?: number}): string {
  const c = new Chalk({level: o.color ? 1 : 0});
  const lines: string[] = [];
  for (const it of r.items) {
    const name = r.target === 'kubernetes' ? (it as K8sApplyItem).resource : kubectlName(it.kind, it.name);
    const dry = r.target === 'kubernetes' ? (it as K8sApplyItem).dryRun : r.dryRun;
    lines.push(`${escapeTerminal(name)} ${it.action}${dry ? ` (${dry} dry run)` : ''}`);
  }
  if (r.target === 'kubernetes') {
    for (const it of r.items) {
      const l = validLine(it, c, o.waitedMs ?? 0);
      if (l) lines.push(l);
    }
  } else if (!r.dryRun) lines.push(`agent policy revision ${r.revision}`);
  return lines.join('\n') + '\n';
}

export function formatDelete(kind: PolicyKind, name: string, revision: number): string {
  return `${escapeTerminal(kubectlName(kind, name))} deleted\nagent policy revision ${revision}\n`;
}
