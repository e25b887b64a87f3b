// PolicyStore: the agent's applied policies, one JSON file per resource in <state-dir>/policies/,
// with a revision counter. Input is validated as a whole before anything is written, every write
// is temp file + rename, and a failed batch is rolled back, so a batch is applied fully or not at all.
import {mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, fsyncSync, closeSync} from 'node:fs';
import {join} from 'node:path';
import {NotFoundError, UsageError, wrap} from '../errors.js';
import {fromLabelSelector} from './selector.js';
import {CCNP_KIND, NP_KIND, formatRef, type PolicyKind, type PolicyResource, type ResourceRef} from './types.js';
import {isPolicyKind} from './parse/kinds.js';
import {DEFAULT_NAMESPACE} from './trace/compile.js';
import {validateSources} from './validate/index.js';

export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface ApplyItem extends ResourceRef {
  action: ApplyAction;
}

export interface ApplyResult {
  revision: number;
  results: ApplyItem[];
}

export interface PolicyList {
  revision: number;
  resources: PolicyResource[];
}

export type ChangeListener = (list: PolicyList) => void;

const STATE_FILE = 'revision';
const SUFFIX = '.json';

/** Store key and file name: Kind.namespace.name.json ("-" for cluster-scoped); names are DNS subdomains. */
function keyOf(ref: ResourceRef): string {
  return `${ref.kind}.${ref.namespace ?? '-'}.${ref.name}`;
}

function refOf(r: PolicyResource): ResourceRef {
  return {kind: r.kind as PolicyKind, namespace: r.kind === CCNP_KIND ? undefined : r.metadata.namespace, name: r.metadata.name};
}

/** What is stored: the resource without server-side fields; a namespace for namespaced kinds, none for CCNP. */
function normalize(r: PolicyResource): PolicyResource {
  const {name, namespace, labels, annotations} = r.metadata;
  const metadata: PolicyResource['metadata'] = {name};
  if (r.kind !== CCNP_KIND) metadata.namespace = namespace ?? DEFAULT_NAMESPACE;
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  const {status: _status, ...rest} = r as PolicyResource & {status?: unknown};
  return {...rest, metadata} as PolicyResource;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeFileSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, {force: true});
    throw e;
  }
}

/** Validation errors as one text: "resources[0]: spec.ingress[0].toPorts[0].ports[0].port: ..." */
export class PolicyValidationError extends UsageError {}

/** Validate plain resources with the validator (CRD schema + agent rules); throws PolicyValidationError. */
export function validateResources(resources: unknown[]): PolicyResource[] {
  const sources = resources.map((r, i) => ({file: `resources[${i}]`, text: JSON.stringify(r ?? null, null, 1)}));
  const res = validateSources(sources, {lint: false});
  const problems = res.errors.map((d) => `${d.file}: ${d.path ? `${d.path}: ` : ''}${d.message}`);
  resources.forEach((r, i) => {
    const kind = (r as {kind?: unknown})?.kind;
    if (!isPolicyKind(kind) && !problems.some((p) => p.startsWith(`resources[${i}]:`))) {
      problems.push(`resources[${i}]: kind ${JSON.stringify(kind ?? null)} is not a policy kind (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy)`);
    }
  });
  if (problems.length) {
    throw new PolicyValidationError(`invalid policy input, nothing applied:\n${problems.join('\n')}`, {hint: 'check the files with "axon policy validate FILE"'});
  }
  return resources as PolicyResource[];
}

export class PolicyStore {
  private resources = new Map<string, PolicyResource>();
  private revision = 1;
  private listeners: ChangeListener[] = [];

  private constructor(readonly dir: string) {}

  /** Open (creating) the store directory and load what is in it. */
  static open(dir: string, opts: {onChange?: ChangeListener} = {}): PolicyStore {
    const s = new PolicyStore(dir);
    try {
      mkdirSync(dir, {recursive: true, mode: 0o700});
      for (const f of readdirSync(dir).sort()) {
        if (f.includes('.tmp-')) rmSync(join(dir, f), {force: true}); // an interrupted write
        else if (f.endsWith(SUFFIX)) {
          const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as PolicyResource;
          s.resources.set(keyOf(refOf(r)), r);
        }
      }
      const rev = Number(readFileSyncOr(join(dir, STATE_FILE), '1'));
      s.revision = Number.isInteger(rev) && rev > 0 ? rev : 1;
    } catch (e) {
      throw wrap(`open policy store ${dir}`, e);
    }
    if (opts.onChange) s.listeners.push(opts.onChange);
    return s;
  }

  /** Register a callback run after every change (the datapath recompiles from list()). */
  onChange(fn: ChangeListener): void {
    this.listeners.push(fn);
  }

  list(): PolicyList {
    return {revision: this.revision, resources: [...this.resources.values()]};
  }

  get(kind: string, namespace: string | undefined, name: string): PolicyResource | undefined {
    return this.resources.get(keyOf({kind: kind as PolicyKind, namespace: kind === CCNP_KIND ? undefined : (namespace ?? DEFAULT_NAMESPACE), name}));
  }

  /** Validate all, then write all (rolled back on a write failure); revision +1 when anything changed. */
  apply(input: unknown[]): ApplyResult {
    const resources = validateResources(input).map(normalize);
    const results: ApplyItem[] = [];
    const writes: Array<{key: string; r: PolicyResource}> = [];
    const batch = new Map<string, PolicyResource>();
    for (const r of resources) {
      const ref = refOf(r);
      const key = keyOf(ref);
      const before = batch.get(key) ?? this.resources.get(key);
      const action: ApplyAction = !before ? 'created' : JSON.stringify(before) === JSON.stringify(r) ? 'unchanged' : 'configured';
      results.push({...ref, action});
      batch.set(key, r);
      if (action !== 'unchanged') writes.push({key, r});
    }
    if (writes.length === 0) return {revision: this.revision, results};
    const done: Array<{key: string; previous?: PolicyResource}> = [];
    try {
      for (const {key, r} of writes) {
        done.push({key, previous: this.resources.get(key)});
        writeAtomic(join(this.dir, key + SUFFIX), JSON.stringify(r, null, 2) + '\n');
        this.resources.set(key, r);
      }
      writeAtomic(join(this.dir, STATE_FILE), String(this.revision + 1) + '\n');
    } catch (e) {
      for (const {key, previous} of done.reverse()) {
        try {
          if (previous) writeAtomic(join(this.dir, key + SUFFIX), JSON.stringify(previous, null, 2) + '\n');
          else rmSync(join(this.dir, key + SUFFIX), {force: true});
        } catch {
          // best effort: the in-memory state below is restored either way
        }
        if (previous) this.resources.set(key, previous);
        else this.resources.delete(key);
      }
      throw wrap(`write policy store ${this.dir}`, e);
    }
    this.revision++;
    this.notify();
    return {revision: this.revision, results};
  }

  /** Remove one resource; NotFoundError when it is not there. */
  delete(kind: string, namespace: string | undefined, name: string): {revision: number} {
    if (!isPolicyKind(kind)) throw new UsageError(`unknown policy kind "${kind}"`, {hint: 'use CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy'});
    const ref: ResourceRef = {kind, namespace: kind === CCNP_KIND ? undefined : (namespace ?? DEFAULT_NAMESPACE), name};
    const key = keyOf(ref);
    if (!this.resources.has(key)) throw new NotFoundError(`${formatRef(ref)} not found`, {hint: 'list the applied policies with "axon policy list"'});
    try {
      rmSync(join(this.dir, key + SUFFIX));
      writeAtomic(join(this.dir, STATE_FILE), String(this.revision + 1) + '\n');
    } catch (e) {
      throw wrap(`write policy store ${this.dir}`, e);
    }
    this.resources.delete(key);
    this.revision++;
    this.notify();
    return {revision: this.revision};
  }

  /** GET /v1/policy: the rules as Cilium would list them (JSON text) and the revision. */
  upstreamPolicy(): {policy: string; revision: number} {
    const rules = [...this.resources.values()].flatMap(upstreamRules);
    return {policy: JSON.stringify(rules, null, 2), revision: this.revision};
  }

  private notify(): void {
    const list = this.list();
    for (const fn of this.listeners) {
      try {
        fn(list);
      } catch {
        // a listener's failure must not undo a committed change
      }
    }
  }
}

function readFileSyncOr(path: string, def: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return def;
  }
}

/** Cilium's derived rule labels and its extended selector keys ("any:app", "k8s:io.kubernetes.pod.namespace"). */
function upstreamRules(r: PolicyResource): unknown[] {
  const ns = r.kind === CCNP_KIND ? undefined : r.metadata.namespace;
  const labels = [
    {key: 'io.cilium.k8s.policy.derived-from', value: r.kind, source: 'k8s'},
    {key: 'io.cilium.k8s.policy.name', value: r.metadata.name, source: 'k8s'},
    ...(ns !== undefined ? [{key: 'io.cilium.k8s.policy.namespace', value: ns, source: 'k8s'}] : []),
  ];
  const selector = (sel: unknown) => {
    const matchLabels: Record<string, string> = {};
    const matchExpressions: unknown[] = [];
    for (const q of fromLabelSelector(sel as never)) {
      const key = `${q.source}:${q.key}`;
      if (q.operator === 'In' && q.values.length === 1) matchLabels[key] = q.values[0];
      else matchExpressions.push({key, operator: q.operator, ...(q.values.length ? {values: q.values} : {})});
    }
    if (ns !== undefined) matchLabels['k8s:io.kubernetes.pod.namespace'] = ns;
    return {matchLabels, ...(matchExpressions.length ? {matchExpressions} : {})};
  };
  if (r.kind === NP_KIND) {
    return [{endpointSelector: selector(r.spec?.podSelector), labels, description: `Kubernetes NetworkPolicy ${ns}/${r.metadata.name}`}];
  }
  const rules = [...(r.spec ? [r.spec] : []), ...(r.specs ?? [])];
  return rules.map((rule) => ({...rule, ...(rule.endpointSelector ? {endpointSelector: selector(rule.endpointSelector)} : {}), labels}));
}
