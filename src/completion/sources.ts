// Where the values of a flag or argument come from, decided by its name (the same name means the
// same kind of value in every command, so new commands are covered without listing them here).
// Dynamic sources are loaded lazily: a static completion imports none of them.
import {Directive, type Candidate} from './protocol.js';
import type {ManifestArg, ManifestFlag} from './manifest.js';

export interface ProviderContext {
  commandId: string;
  args: string[];
  flags: Map<string, string[]>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted when the time budget is spent: providers stop their I/O. */
  signal: AbortSignal;
}

export interface ValueSource {
  directive: number;
  /** Fixed candidates (enum options, or the extensions for FilterFileExt). */
  values?: Candidate[];
  /** Live candidates; raced against the budget, failures and late answers give nothing. */
  load?: (ctx: ProviderContext) => Promise<Candidate[]>;
}

const live = (load: ValueSource['load']): ValueSource => ({directive: Directive.NoFileComp, load});
const endpoints = (pick: 'pods' | 'namespaces' | 'labels' | 'identities' | 'ips') =>
  live(async (ctx) => (await import('./providers/endpoints.js'))[pick](ctx));

const FILES: ValueSource = {directive: Directive.Default};
const DIRS: ValueSource = {directive: Directive.FilterDirs};
const OBJECTS: ValueSource = {directive: Directive.FilterFileExt, values: [{value: 'o'}]};
const NONE: ValueSource = {directive: Directive.NoFileComp};

const BY_NAME: Record<string, ValueSource> = {
  pod: endpoints('pods'),
  'from-pod': endpoints('pods'),
  'to-pod': endpoints('pods'),
  namespace: endpoints('namespaces'),
  'from-namespace': endpoints('namespaces'),
  'to-namespace': endpoints('namespaces'),
  label: endpoints('labels'),
  'from-label': endpoints('labels'),
  'to-label': endpoints('labels'),
  identity: endpoints('identities'),
  'from-identity': endpoints('identities'),
  'to-identity': endpoints('identities'),
  ip: endpoints('ips'),
  'from-ip': endpoints('ips'),
  'to-ip': endpoints('ips'),
  iface: live(async (ctx) => (await import('./providers/host.js')).interfaces(ctx)),
  interface: live(async (ctx) => (await import('./providers/host.js')).interfaces(ctx)),
  netns: live(async () => (await import('./providers/host.js')).netnsNames()),
  context: live(async (ctx) => (await import('./providers/kubeconfig.js')).contexts(ctx)),
  'kube-context': live(async (ctx) => (await import('./providers/kubeconfig.js')).contexts(ctx)),
  kubeconfig: FILES,
  object: OBJECTS,
  obj: OBJECTS,
  file: FILES,
  files: FILES,
  path: FILES,
  paths: FILES,
};

/** Values of `--name` (or of the argument `name`) in command `commandId`. */
export function sourceFor(def: ManifestFlag | ManifestArg, commandId: string): ValueSource {
  if (def.options?.length) return {directive: Directive.NoFileComp, values: def.options.map((value) => ({value}))};
  const name = def.name;
  // Load ids and ID/MAP pins exist only in the bpf topic; an `id` elsewhere is something else.
  if (commandId.startsWith('bpf:') && (name === 'id' || name === 'ids')) return live(async (ctx) => (await import('./providers/bpf.js')).pinIds(ctx));
  if (commandId.startsWith('bpf:') && name === 'map') return live(async (ctx) => (await import('./providers/bpf.js')).pinMaps(ctx));
  if (name === 'program' || name === 'programs') return live(async (ctx) => (await import('./providers/bpf.js')).programNames(ctx));
  // `policy delete KIND/NAMESPACE/NAME`: what the agent has applied.
  if (/KIND\/NAMESPACE\/NAME/.test(def.description ?? '') || (def as ManifestFlag).helpValue === 'KIND/NAMESPACE/NAME') {
    return live(async (ctx) => (await import('./providers/policies.js')).appliedPolicies(ctx));
  }
  // An argument described as an eBPF object (`bpf load <file>`) completes *.o, whatever its name.
  if (/\.o\b|ELF object|eBPF object/i.test(def.description ?? '')) return OBJECTS;
  const byHelp = fromHelpValue((def as ManifestFlag).helpValue);
  if (byHelp) return byHelp;
  if (BY_NAME[name]) return BY_NAME[name];
  if (/(^|-)(files?|socket)$/.test(name)) return FILES;
  if (/(^|-)dir$/.test(name)) return DIRS;
  // Flags that accept values oclif's `options` would reject (any case, TYPE:SUBTYPE) list them in
  // their description instead: offer that list.
  const listed = listedValues(def.description);
  if (listed.length) return {directive: Directive.NoFileComp, values: listed.map((value) => ({value}))};
  return NONE;
}

const WORD = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * The values a description enumerates: "Verdict: FORWARDED, DROPPED, AUDIT.", "ingress or
 * egress (any case).", "… comma separated (syn, ack, fin)", "capture, trace[:to-endpoint|…], or
 * numbers" (→ trace). Prose is not a list: every item must be one word.
 */
export function listedValues(description: string | undefined): string[] {
  if (!description) return [];
  const text = description.trim().replace(/\.$/, '');
  // [segment, fewest items]: an aside in parentheses needs three to be a list, "(status, list)" is prose.
  const segments: Array<[string | undefined, number]> = [
    [/:\s+([^()]+?)\s*(\(.*)?$/.exec(text)?.[1], 2],
    ...[...text.matchAll(/\(([^()]+)\)/g)].map((m): [string, number] => [m[1], 3]),
    [text.split('(')[0].trim(), 2],
  ];
  for (const [seg, min] of segments) {
    if (!seg) continue;
    const items = seg
      .split(/\s*,\s*(?:or\s+)?|\s+or\s+/)
      .map((t) => t.replace(/\[.*$/, '').trim())
      .filter((t) => t !== '' && t !== 'numbers');
    if (items.length >= min && items.every((t) => WORD.test(t))) return [...new Set(items)];
  }
  return [];
}

/** The placeholder in `--to NS/POD|IP`, `--policies FILE`, `-o json|yaml|jsonpath=…`. */
function fromHelpValue(hv: string | undefined): ValueSource | undefined {
  if (!hv) return undefined;
  if (/(^|\|)NS\/POD($|\|)/.test(hv)) return BY_NAME.pod;
  if (/^FILE\b/.test(hv)) return FILES;
  if (/^DIR\b/.test(hv)) return DIRS;
  if (/^[a-z][a-z0-9-]*=?…?(\|[a-z][a-z0-9-]*=?…?)+$/.test(hv)) {
    return {directive: Directive.NoFileComp, values: hv.split('|').map((v) => ({value: v.replace(/…$/, '')}))};
  }
  return undefined;
}
