// Policy throughput: validate (parse + schema + sanitiser + lints) on a generated 1,000-document
// file, in process and through the CLI; and trace (traceFlow) when the tracer is built.
// Uses the built code (npm run build). → bench/results/policy.json
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {BIN, ROOT, median, timeOnce, writeResult} from './lib.mjs';

const DOCS = 1000;
const RUNS = 9;

/** A realistic mix: CNP with L7 HTTP, CNP egress with DNS and FQDN, CCNP, NetworkPolicy. */
function generate(n) {
  const docs = [];
  for (let i = 0; i < n; i++) {
    const ns = `team-${i % 17}`;
    switch (i % 4) {
      case 0:
        docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: api-${i}
  namespace: ${ns}
spec:
  endpointSelector:
    matchLabels:
      app: api-${i}
  ingress:
  - fromEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: frontend
        app: web
    toPorts:
    - ports:
      - port: "8080"
        protocol: TCP
      rules:
        http:
        - method: "GET"
          path: "/v1/items/.*"
        - method: "POST"
          path: "/v1/items"
          headers: ["X-Team: ${ns}"]
`);
        break;
      case 1:
        docs.push(`apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: egress-${i}
  namespace: ${ns}
spec:
  endpointSelector: {matchLabels: {app: worker-${i}}}
  egress:
  - toEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
        k8s-app: kube-dns
    toPorts:
    - ports: [{port: "53", protocol: ANY}]
      rules:
        dns:
        - matchPattern: "*.example.com"
  - toFQDNs:
    - matchName: api.example.com
    toPorts:
    - ports: [{port: "443", protocol: TCP}]
  - toCIDRSet:
    - cidr: 10.${i % 250}.0.0/16
      except: [10.${i % 250}.1.0/24]
`);
        break;
      case 2:
        docs.push(`apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: lockdown-${i}
spec:
  endpointSelector:
    matchExpressions:
    - {key: tier, operator: In, values: [db, cache]}
  ingress:
  - fromEntities: [cluster]
  ingressDeny:
  - fromEntities: [world]
    toPorts:
    - ports: [{port: "6379", protocol: TCP}]
`);
        break;
      default:
        docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np-${i}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: db-${i}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ${ns}
      podSelector:
        matchLabels:
          role: client
    - ipBlock:
        cidr: 192.168.0.0/16
        except: [192.168.1.0/24]
    ports:
    - {protocol: TCP, port: 5432}
`);
    }
  }
  return docs.join('---\n');
}

const dist = (p) => pathToFileURL(join(ROOT, 'dist', p)).href;
const {parseSources} = await import(dist('policy/parse/index.js'));
const {validateDocuments} = await import(dist('policy/validate/index.js'));

const text = generate(DOCS);
const dir = mkdtempSync(join(tmpdir(), 'axon-bench-policy-'));
const file = join(dir, 'policies.yaml');
writeFileSync(file, text);

function cpuMs(fn) {
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  const out = fn();
  const u = process.cpuUsage(c);
  return {out, cpu: (u.user + u.system) / 1000, wall: Number(process.hrtime.bigint() - t) / 1e6};
}

// Cold = the first run in this process (what one CLI invocation pays); warm = later runs.
const runs = [];
let summary;
for (let i = 0; i < RUNS; i++) {
  const parsed = cpuMs(() => parseSources([{file, text}]));
  const validated = cpuMs(() => validateDocuments(parsed.out.documents, {skipped: parsed.out.skipped}));
  summary = validated.out;
  runs.push({parse: parsed, validate: validated, wall: parsed.wall + validated.wall, cpu: parsed.cpu + validated.cpu});
}
if (summary.errors.length) throw new Error(`generated policies should be valid: ${JSON.stringify(summary.errors.slice(0, 3))}`);
const warm = runs.slice(1);
const validate = {
  documents: DOCS,
  bytes: text.length,
  cold_ms: {wall: +runs[0].wall.toFixed(1), cpu: +runs[0].cpu.toFixed(1), parse_cpu: +runs[0].parse.cpu.toFixed(1), validate_cpu: +runs[0].validate.cpu.toFixed(1)},
  warm_median_ms: {wall: +median(warm.map((r) => r.wall)).toFixed(1), cpu: +median(warm.map((r) => r.cpu)).toFixed(1)},
  docs_per_s_warm_wall: Math.round(DOCS / (median(warm.map((r) => r.wall)) / 1000)),
  docs_per_s_warm_cpu: Math.round(DOCS / (median(warm.map((r) => r.cpu)) / 1000)),
  warnings: summary.warnings.length,
};

// The whole CLI (process start-up included), against `--help` as the start-up baseline.
const cliRuns = Array.from({length: 5}, () => timeOnce(process.execPath, [BIN, 'policy', 'validate', file]));
const helpRuns = Array.from({length: 5}, () => timeOnce(process.execPath, [BIN, 'policy', 'validate', '--help']));
const cli = {median_ms: +median(cliRuns).toFixed(1), startup_median_ms: +median(helpRuns).toFixed(1)};

let trace = {skipped: 'src/policy/trace/index.ts not built'};
if (existsSync(join(ROOT, 'dist/policy/trace/index.js'))) {
  const {traceFlow} = await import(dist('policy/trace/index.js'));
  const docs = parseSources([{file, text}]).documents;
  const endpoints = [
    {name: 'frontend/web', labels: {app: 'web'}, ip: '10.251.0.10'},
    {name: 'team-0/api-0', labels: {app: 'api-0'}, ip: '10.251.0.20'},
  ];
  const flow = {from: 'frontend/web', to: 'team-0/api-0', protocol: 'TCP', dport: 8080, http: {method: 'GET', path: '/v1/items/1'}};
  const first = traceFlow({policies: docs, endpoints, flow});
  const n = 50;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) traceFlow({policies: docs, endpoints, flow});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  trace = {policies: docs.length, verdict: first.verdict, ms_per_trace_including_compile: +ms.toFixed(2), traces_per_s: Math.round(1000 / ms)};
}

rmSync(dir, {recursive: true, force: true});
writeResult('policy', {validate, cli, trace});
