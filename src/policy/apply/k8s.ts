// `policy apply` to Kubernetes through @kubernetes/client-node (loaded lazily): kubeconfig
// context/namespace, CRDs checked, server-side apply with fieldValidation=Strict (network-policy.md
// 16). Every object goes through a server dry run first, so a 403/409/422 on the second object
// leaves the first untouched; then the real apply, then the operator's Valid condition is awaited.
import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {AxonError, ConnectError, NotFoundError, PermissionError, UsageError} from '../../errors.js';
import {CCNP_KIND, NP_KIND, formatRef, type PolicyCondition, type PolicyKind, type PolicyResource} from '../types.js';

export const FIELD_MANAGER = 'axon';

export type DryRun = 'none' | 'client' | 'server';

export interface K8sApplyOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  dryRun?: DryRun;
  forceConflicts?: boolean;
  /** How long to wait for status.conditions[Valid] (0 = do not wait). */
  waitMs?: number;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface K8sApplyItem {
  kind: PolicyKind;
  namespace?: string;
  name: string;
  /** kubectl's resource.group/name, e.g. ciliumnetworkpolicy.cilium.io/python-app */
  resource: string;
  action: 'created' | 'configured' | 'unchanged';
  dryRun?: 'client' | 'server';
  /** The operator's Valid condition; 'timeout' when none appeared in time; absent when not awaited. */
  valid?: {status: PolicyCondition['status']; reason?: string; message?: string} | 'timeout';
}

export interface K8sApplyResult {
  target: 'kubernetes';
  context: string;
  server: string;
  items: K8sApplyItem[];
}

interface KindInfo {
  group: string;
  version: string;
  plural: string;
  crd?: string;
  namespaced: boolean;
}

const KINDS: Record<PolicyKind, KindInfo> = {
  CiliumNetworkPolicy: {group: 'cilium.io', version: 'v2', plural: 'ciliumnetworkpolicies', crd: 'ciliumnetworkpolicies.cilium.io', namespaced: true},
  CiliumClusterwideNetworkPolicy: {group: 'cilium.io', version: 'v2', plural: 'ciliumclusterwidenetworkpolicies', crd: 'ciliumclusterwidenetworkpolicies.cilium.io', namespaced: false},
  NetworkPolicy: {group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', namespaced: true},
};

type K8s = typeof import('@kubernetes/client-node');
type KubeObject = PolicyResource & {metadata: PolicyResource['metadata'] & {resourceVersion?: string; generation?: number}};

function resourceName(kind: PolicyKind, name: string): string {
  return `${kind.toLowerCase()}.${KINDS[kind].group}/${name}`;
}

/** The kubeconfig, the chosen context and its namespace; clear errors for a missing file or context. */
export async function loadKubeConfig(k8s: K8s, o: K8sApplyOptions): Promise<{kc: InstanceType<K8s['KubeConfig']>; context: string; namespace: string; server: string}> {
  const env = o.env ?? process.env;
  const kc = new k8s.KubeConfig();
  const path = o.kubeconfig ?? env.KUBECONFIG;
  try {
    if (path) {
      for (const p of path.split(':').filter(Boolean)) {
        if (!existsSync(p)) throw new NotFoundError(`kubeconfig ${p}: no such file`, {hint: 'pass --kubeconfig or set KUBECONFIG to your cluster\'s kubeconfig'});
      }
      if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
      else kc.loadFromDefault();
    } else if (existsSync(join(homedir(), '.kube', 'config')) || env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromDefault();
    } else {
      throw new NotFoundError('no kubeconfig: KUBECONFIG is not set and ~/.kube/config does not exist', {hint: 'pass --kubeconfig FILE, or apply to the local agent with --agent'});
    }
  } catch (e) {
    if (e instanceof AxonError) throw e;
    throw new UsageError(`cannot load the kubeconfig: ${(e as Error).message}`, {hint: 'check the file with "kubectl config view"', cause: e});
  }
  if (o.context) {
    if (!kc.getContextObject(o.context)) {
      throw new UsageError(`--context ${o.context}: no such context in the kubeconfig`, {hint: `contexts: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}`});
    }
    kc.setCurrentContext(o.context);
  }
  const context = kc.getCurrentContext();
  const ctx = kc.getContextObject(context);
  const server = kc.getCurrentCluster()?.server;
  if (!ctx || !server) throw new UsageError(`kubeconfig context "${context || '(none)'}" has no cluster`, {hint: 'select a context with --context'});
  return {kc, context, namespace: ctx.namespace || 'default', server};
}

/** Objects as they are sent: namespace resolved (kubectl rules), CCNP namespace dropped, no status. */
export function prepareObjects(resources: PolicyResource[], namespace: string, explicitNamespace?: string): KubeObject[] {
  return resources.map((r) => {
    const {status: _status, ...rest} = r as PolicyResource & {status?: unknown};
    const meta = {...r.metadata};
    delete meta.resourceVersion;
    delete meta.uid;
    if (r.kind === CCNP_KIND) delete meta.namespace;
    else {
      if (explicitNamespace && meta.namespace && meta.namespace !== explicitNamespace) {
        throw new UsageError(`${formatRef({kind: r.kind, namespace: meta.namespace, name: meta.name})}: the namespace of the object does not match -n ${explicitNamespace}`, {
          hint: 'drop -n, or remove metadata.namespace from the file',
        });
      }
      meta.namespace = meta.namespace ?? namespace;
    }
    return {...rest, metadata: meta} as KubeObject;
  });
}

interface ApiErrorLike {
  code?: number;
  body?: unknown;
  message?: string;
  cause?: {code?: string; message?: string};
  code_?: string;
}

function statusMessage(e: ApiErrorLike): string {
  let body = e.body;
  if (typeof body === 'string') {
    const text = body;
    try {
      body = JSON.parse(text);
    } catch {
      return text.trim() || String(e.message);
    }
  }
  const m = (body as {message?: unknown})?.message;
  return typeof m === 'string' ? m : String(e.message ?? body);
}

/** client-node errors (ApiException, fetch errors) → typed errors with what to do. */
export function k8sError(what: string, e: unknown, ctx: {server: string; context: string; namespace?: string; kind?: PolicyKind}): AxonError {
  if (e instanceof AxonError) return e;
  const err = e as ApiErrorLike & Error & {code?: number | string; errno?: string};
  const sys = (err.cause as {code?: string} | undefined)?.code ?? (typeof err.code === 'string' ? err.code : undefined) ?? err.errno;
  if (typeof err.code !== 'number') {
    const reason = sys ?? err.message;
    return new ConnectError(`${what}: cannot reach the Kubernetes API server at ${ctx.server} (context ${ctx.context}): ${reason}`, {
      hint: 'check that the cluster is running and the kubeconfig context is right (--context, KUBECONFIG)',
      cause: e,
    });
  }
  const msg = statusMessage(err);
  const where = ctx.namespace ? ` in namespace ${ctx.namespace}` : '';
  switch (err.code) {
    case 401:
      return new PermissionError(`${what}: unauthorized (401): ${msg}`, {hint: 'the kubeconfig credentials were refused; log in again', cause: e});
    case 403:
      return new PermissionError(`${what}: forbidden (403): ${msg}`, {
        hint: `your user may not apply ${ctx.kind ? KINDS[ctx.kind].plural : 'policies'}${where}; check with "kubectl auth can-i patch ${ctx.kind ? KINDS[ctx.kind].plural : 'ciliumnetworkpolicies'}${ctx.namespace ? ` -n ${ctx.namespace}` : ''}"`,
        cause: e,
      });
    case 404:
      return new NotFoundError(`${what}: not found (404): ${msg}`, {hint: 'is Cilium installed in this cluster?', cause: e});
    case 409:
      return new AxonError(`${what}: conflict (409): ${msg}`, {hint: 'another field manager owns these fields; re-run with --force-conflicts to take them over', cause: e});
    case 422:
    case 400:
      return new AxonError(`${what}: rejected by the API server (${err.code}): ${msg}`, {hint: 'the cluster\'s CRD schema may differ from Cilium 1.19; check "kubectl explain cnp.spec"', cause: e});
    default:
      return new AxonError(`${what}: the API server answered ${err.code}: ${msg}`, {cause: e});
  }
}

function isNotFound(e: unknown): boolean {
  return (e as {code?: unknown})?.code === 404;
}

/** Validate-free core: callers validate first (policy apply refuses invalid input before this). */
export async function applyToKubernetes(resources: PolicyResource[], o: K8sApplyOptions = {}): Promise<K8sApplyResult> {
  const k8s = await import('@kubernetes/client-node');
  const {kc, context, namespace, server} = await loadKubeConfig(k8s, o);
  const objects = prepareObjects(resources, o.namespace ?? namespace, o.namespace);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const crds = kc.makeApiClient(k8s.ApiextensionsV1Api);
  const ctxOf = (obj?: KubeObject) => ({server, context, namespace: obj?.metadata.namespace, kind: obj?.kind as PolicyKind | undefined});

  // 1. CRDs of the Cilium kinds used: the CRD object, or API discovery when CRDs may not be read.
  for (const kind of new Set(objects.map((x) => x.kind as PolicyKind))) {
    const info = KINDS[kind];
    if (!info.crd) continue;
    const missing = () =>
      new NotFoundError(`the ${kind} CRD (${info.crd}) is not installed in the cluster of context ${context}`, {
        hint: 'install Cilium (its operator registers the CRDs), or apply to the local agent with --agent',
      });
    try {
      await crds.readCustomResourceDefinition({name: info.crd});
    } catch (e) {
      if (isNotFound(e)) throw missing();
      if ((e as {code?: unknown})?.code !== 403) throw k8sError(`check CRD ${info.crd}`, e, ctxOf());
      let list: {resources?: Array<{name?: string}>};
      try {
        list = await custom.getAPIResources({group: info.group, version: info.version});
      } catch (e2) {
        if (isNotFound(e2)) throw missing();
        throw k8sError(`discover ${info.group}/${info.version}`, e2, ctxOf());
      }
      if (!list.resources?.some((r) => r.name === info.plural)) throw missing();
    }
  }

  const path = (obj: KubeObject) => {
    const info = KINDS[obj.kind as PolicyKind];
    return {group: info.group, version: info.version, plural: info.plural, name: obj.metadata.name, ...(info.namespaced ? {namespace: obj.metadata.namespace!} : {})};
  };
  const get = async (obj: KubeObject): Promise<KubeObject | undefined> => {
    const p = path(obj);
    try {
      return (p.namespace !== undefined ? await custom.getNamespacedCustomObject({...p, namespace: p.namespace}) : await custom.getClusterCustomObject(p)) as KubeObject;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw k8sError(`get ${resourceName(obj.kind as PolicyKind, obj.metadata.name)}`, e, ctxOf(obj));
    }
  };
  const ssa = async (obj: KubeObject, dryRun: boolean): Promise<KubeObject> => {
    const p = path(obj);
    const q = {body: obj, fieldManager: FIELD_MANAGER, fieldValidation: 'Strict', force: o.forceConflicts || undefined, ...(dryRun ? {dryRun: 'All'} : {})};
    const opts = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply);
    try {
      return (p.namespace !== undefined ? await custom.patchNamespacedCustomObject({...p, namespace: p.namespace, ...q}, opts) : await custom.patchClusterCustomObject({...p, ...q}, opts)) as KubeObject;
    } catch (e) {
      throw k8sError(`apply ${resourceName(obj.kind as PolicyKind, obj.metadata.name)}${dryRun ? ' (server dry run)' : ''}`, e, ctxOf(obj));
    }
  };

  // 2. What exists, then a server dry run of everything before any real write.
  const existing: Array<KubeObject | undefined> = [];
  for (const obj of objects) existing.push(await get(obj));
  const items: K8sApplyItem[] = objects.map((obj, i) => ({
    kind: obj.kind as PolicyKind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    resource: resourceName(obj.kind as PolicyKind, obj.metadata.name),
    action: existing[i] ? 'configured' : 'created',
  }));
  const specOf = (x: KubeObject | undefined) => JSON.stringify({spec: (x as {spec?: unknown})?.spec, specs: (x as {specs?: unknown})?.specs});
  if (o.dryRun === 'client') {
    items.forEach((it, i) => {
      if (existing[i] && specOf(existing[i]) === specOf(objects[i])) it.action = 'unchanged';
      it.dryRun = 'client';
    });
    return {target: 'kubernetes', context, server, items};
  }
  const dry: KubeObject[] = [];
  for (const obj of objects) dry.push(await ssa(obj, true));
  if (o.dryRun === 'server') {
    items.forEach((it, i) => {
      if (existing[i] && specOf(existing[i]) === specOf(dry[i])) it.action = 'unchanged';
      it.dryRun = 'server';
    });
    return {target: 'kubernetes', context, server, items};
  }

  // 3. The real apply, then the operator's verdict.
  const applied: KubeObject[] = [];
  for (const [i, obj] of objects.entries()) {
    const out = await ssa(obj, false);
    applied.push(out);
    const before = existing[i]?.metadata.resourceVersion;
    if (before !== undefined && out.metadata?.resourceVersion === before) items[i].action = 'unchanged';
  }
  const waitMs = o.waitMs ?? 30_000;
  if (waitMs > 0) {
    const deadline = Date.now() + waitMs;
    for (const [i, obj] of objects.entries()) {
      if (obj.kind === NP_KIND) continue; // NetworkPolicy has no operator condition
      items[i].valid = await waitValid(get, obj, applied[i].metadata?.generation, deadline, o.pollMs ?? 500);
    }
  }
  return {target: 'kubernetes', context, server, items};
}

async function waitValid(get: (o: KubeObject) => Promise<KubeObject | undefined>, obj: KubeObject, generation: number | undefined, deadline: number, pollMs: number): Promise<K8sApplyItem['valid']> {
  for (;;) {
    const cur = await get(obj);
    const cond = ((cur as {status?: {conditions?: Array<PolicyCondition & {observedGeneration?: number}>}})?.status?.conditions ?? []).find((c) => c.type === 'Valid');
    const fresh = cond && (generation === undefined || cond.observedGeneration === undefined || cond.observedGeneration >= generation);
    if (cond && fresh) return {status: cond.status, reason: cond.reason, message: cond.message};
    if (Date.now() + pollMs > deadline) return 'timeout';
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
