// Live values from kubeconfig: context names ($KUBECONFIG, a ':'-separated list, else
// ~/.kube/config), read with the yaml package only (no Kubernetes client).
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import type {Candidate} from '../protocol.js';
import type {ProviderContext} from '../sources.js';

interface KubeConfig {
  'current-context'?: string;
  contexts?: Array<{name?: string; context?: {cluster?: string; namespace?: string; user?: string}}>;
}

export async function contexts(ctx: ProviderContext): Promise<Candidate[]> {
  const {parse} = await import('yaml');
  const files = ctx.env.KUBECONFIG ? ctx.env.KUBECONFIG.split(':').filter(Boolean) : [join(ctx.env.HOME || homedir(), '.kube', 'config')];
  const out = new Map<string, string>();
  let current: string | undefined;
  for (const file of files) {
    let cfg: KubeConfig;
    try {
      cfg = (parse(readFileSync(file, 'utf8')) ?? {}) as KubeConfig;
    } catch {
      continue; // a missing or broken file in the list is skipped, as kubectl merges the rest
    }
    // kubectl's merge rule: the first file that sets a value wins.
    current ??= cfg['current-context'];
    for (const c of cfg.contexts ?? []) {
      if (!c.name || out.has(c.name)) continue;
      const x = c.context ?? {};
      out.set(c.name, [x.cluster && `cluster ${x.cluster}`, x.namespace && `namespace ${x.namespace}`].filter(Boolean).join(', '));
    }
  }
  return [...out].map(([value, d]) => ({value, description: value === current ? `${d} (current)`.trim() : d}));
}
