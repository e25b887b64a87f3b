// An HTTP server on 127.0.0.1 that speaks the subset of the Kubernetes API `policy apply` uses
// (no kube-apiserver is installable here): CRD GET, API discovery, GET and server-side apply
// PATCH of CNP/CCNP/NetworkPolicy with fieldManager/fieldValidation/dryRun, an operator that sets
// status.conditions[Valid], and injected 403/409/422 answers. Plus a kubeconfig in a temp dir.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {cleanup} from './cleanup.js';
import {tmpDir} from './tmp.js';

export interface KubeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeKubeOptions {
  /** CRDs present (default: both Cilium policy CRDs). */
  crds?: string[];
  /** CRD objects may not be read (403): the client must fall back to discovery. */
  crdReadForbidden?: boolean;
  /** Answer PATCH of these names with this status (dry runs included). */
  fail?: Record<string, 403 | 409 | 422>;
  /** What the operator writes into status.conditions[Valid] after a real apply (none = nothing). */
  valid?: {status: 'True' | 'False'; message?: string} | 'none';
  /** Delay before the operator's condition appears. */
  validDelayMs?: number;
}

export interface FakeKube {
  url: string;
  requests: KubeRequest[];
  objects: Map<string, Record<string, unknown>>;
  /** PATCH requests that were not dry runs: the writes. */
  writes(): KubeRequest[];
  kubeconfig(o?: {namespace?: string; server?: string}): string;
  close(): Promise<void>;
}

const DEFAULT_CRDS = ['ciliumnetworkpolicies.cilium.io', 'ciliumclusterwidenetworkpolicies.cilium.io'];

const PLURALS: Record<string, {group: string; version: string; kind: string; namespaced: boolean}> = {
  ciliumnetworkpolicies: {group: 'cilium.io', version: 'v2', kind: 'CiliumNetworkPolicy', namespaced: true},
  ciliumclusterwidenetworkpolicies: {group: 'cilium.io', version: 'v2', kind: 'CiliumClusterwideNetworkPolicy', namespaced: false},
  networkpolicies: {group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', namespaced: true},
};

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, {'Content-Type': 'application/json'}).end(JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code}));
}

function json(res: ServerResponse, code: number, v: unknown): void {
  res.writeHead(code, {'Content-Type': 'application/json'}).end(JSON.stringify(v));
}

export async function startFakeKube(o: FakeKubeOptions = {}): Promise<FakeKube> {
  const crds = o.crds ?? DEFAULT_CRDS;
  const requests: KubeRequest[] = [];
  const objects = new Map<string, Record<string, unknown>>();
  let rv = 100;
  const timers = new Set<NodeJS.Timeout>();

  const handle = (req: KubeRequest, res: ServerResponse): void => {
    const p = req.path;
    let m = /^\/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions\/([^/]+)$/.exec(p);
    if (m && req.method === 'GET') {
      if (o.crdReadForbidden) return status(res, 403, 'Forbidden', `customresourcedefinitions.apiextensions.k8s.io "${m[1]}" is forbidden: User "dev" cannot get resource "customresourcedefinitions" in API group "apiextensions.k8s.io" at the cluster scope`);
      if (!crds.includes(m[1])) return status(res, 404, 'NotFound', `customresourcedefinitions.apiextensions.k8s.io "${m[1]}" not found`);
      return json(res, 200, {apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: m[1]}, spec: {group: 'cilium.io', names: {plural: m[1].split('.')[0]}}});
    }
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (m && req.method === 'GET') {
      const resources = Object.entries(PLURALS)
        .filter(([plural, i]) => i.group === m![1] && i.version === m![2] && (i.group !== 'cilium.io' || crds.includes(`${plural}.cilium.io`)))
        .map(([name, i]) => ({name, singularName: '', namespaced: i.namespaced, kind: i.kind, verbs: ['get', 'list', 'patch', 'create', 'update', 'delete']}));
      if (!resources.length) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
      return json(res, 200, {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${m[1]}/${m[2]}`, resources});
    }
    m = /^\/apis\/([^/]+)\/([^/]+)\/(?:namespaces\/([^/]+)\/)?([^/]+)\/([^/]+)$/.exec(p);
    const info = m && PLURALS[m[4]];
    if (!m || !info || info.group !== m[1] || Boolean(m[3]) !== info.namespaced) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const [, , , ns, plural, name] = m;
    if (info.group === 'cilium.io' && !crds.includes(`${plural}.cilium.io`)) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    const key = `${plural}/${ns ?? ''}/${name}`;
    const gr = `${plural}.${info.group}`;
    if (req.method === 'GET') {
      const obj = objects.get(key);
      return obj ? json(res, 200, obj) : status(res, 404, 'NotFound', `${gr} "${name}" not found`);
    }
    if (req.method !== 'PATCH') return status(res, 405, 'MethodNotAllowed', 'method not allowed');
    if (req.headers['content-type'] !== 'application/apply-patch+yaml') return status(res, 415, 'UnsupportedMediaType', `unsupported patch type ${req.headers['content-type']}`);
    if (!req.query.get('fieldManager')) return status(res, 422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const fail = o.fail?.[name];
    if (fail === 403) return status(res, 403, 'Forbidden', `${gr} "${name}" is forbidden: User "dev" cannot patch resource "${plural}" in API group "${info.group}"${ns ? ` in the namespace "${ns}"` : ''}`);
    if (fail === 409) return status(res, 409, 'Conflict', `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using ${info.group}/${info.version}: .spec.endpointSelector`);
    if (fail === 422) return status(res, 422, 'Invalid', `${info.kind}.${info.group} "${name}" is invalid: spec.ingress[0].toPorts[0].ports[0].port: Invalid value: "abc": spec.ingress[0].toPorts[0].ports[0].port in body should match '^(6553[0-5]|...)$'`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return status(res, 400, 'BadRequest', 'error decoding YAML: not JSON');
    }
    const prev = objects.get(key);
    const prevMeta = (prev?.metadata ?? {}) as Record<string, unknown>;
    const changed = !prev || JSON.stringify({...prev, metadata: undefined, status: undefined}) !== JSON.stringify({...body, metadata: undefined, status: undefined});
    const generation = !prev ? 1 : changed ? Number(prevMeta.generation) + 1 : Number(prevMeta.generation);
    const meta = {...(body.metadata as object), uid: prevMeta.uid ?? `uid-${name}`, resourceVersion: changed ? String(++rv) : prevMeta.resourceVersion, generation};
    const obj: Record<string, unknown> = {...body, metadata: meta, ...(prev?.status ? {status: prev.status} : {})};
    if (req.query.get('dryRun') === 'All') return json(res, prev ? 200 : 201, obj);
    objects.set(key, obj);
    const valid = o.valid ?? {status: 'True', message: 'Policy validation succeeded'};
    if (valid !== 'none' && info.group === 'cilium.io') {
      const t = setTimeout(() => {
        timers.delete(t);
        const cur = objects.get(key);
        if (cur) cur.status = {conditions: [{type: 'Valid', status: valid.status, reason: valid.status === 'True' ? 'Valid' : 'Invalid', message: valid.message ?? '', observedGeneration: generation, lastTransitionTime: new Date().toISOString()}]};
      }, o.validDelayMs ?? 150);
      timers.add(t);
    }
    return json(res, prev ? 200 : 201, obj);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const r: KubeRequest = {method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8')};
      requests.push(r);
      handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanup.add(close);
  const dir = tmpDir('axon-kube-');
  return {
    url,
    requests,
    objects,
    writes: () => requests.filter((r) => r.method === 'PATCH' && r.query.get('dryRun') !== 'All'),
    kubeconfig(k = {}) {
      const file = join(dir, `kubeconfig-${Math.random().toString(36).slice(2, 8)}`);
      const server = k.server ?? url;
      writeFileSync(
        file,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: dev',
          'clusters:',
          `- name: test\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true`,
          'users:',
          '- name: dev\n  user:\n    token: test-token',
          'contexts:',
          `- name: dev\n  context:\n    cluster: test\n    user: dev\n    namespace: ${k.namespace ?? 'team-a'}`,
          '- name: other\n  context:\n    cluster: test\n    user: dev',
          '',
        ].join('\n'),
      );
      return file;
    },
    close,
  };
}
