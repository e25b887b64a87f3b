// Flags of the Hubble commands (observe, hubble status, hubble list): the server/TLS group shared
// by all of them, and observe's selector, filter, raw-filter and formatting groups. Filter flags
// are order-sensitive (`--not` negates the NEXT filter), so besides oclif's parse the raw argv is
// scanned in order by orderedFilterArgs().
import {Flags} from '@oclif/core';
import {FILTER_FLAGS} from '../hubble/request/flag-spec.js';
import type {FilterArg} from '../hubble/request/index.js';
import {durationFlag, normalizeBoolFlags} from './flags-cilium.js';
import {outputFlag} from './flags.js';
import {FLOW_PRINT_COUNT, HUBBLE_DIAL_TIMEOUT_MS, HUBBLE_REQUEST_TIMEOUT_MS, hubbleServer} from '../defaults.js';
import {NotSupportedError, UsageError} from '../errors.js';
import type {ClientOptions} from '../hubble/client.js';

import {TIME_FORMATS} from '../flows/time.js';

const TIME_FORMAT_NAMES = TIME_FORMATS.join(', ');

const SERVER = 'CONNECTION';

/** --server and the TLS / auth flags of hubble's config.ServerFlags. */
/** hubble's -o: compact, dict, json (= jsonpb), table (= tab); shared by observe and hubble status. */
export function hubbleOutputFlag() {
  return outputFlag(['compact', 'dict', 'json', 'jsonpb', 'table', 'tab'] as const, 'compact', 'Output format: compact, dict, json (= jsonpb), table (= tab).');
}

export function hubbleServerFlags() {
  return {
    server: Flags.string({
      description: 'Hubble server: unix:///path, host:port or tls://host:port (default: HUBBLE_SERVER, else unix:///var/run/cilium/hubble.sock when it exists, else localhost:4245).',
      helpValue: 'ADDRESS',
      env: 'HUBBLE_SERVER',
      helpGroup: SERVER,
    }),
    timeout: durationFlag(`Dial timeout (a Go duration; default ${HUBBLE_DIAL_TIMEOUT_MS / 1000}s).`, `${HUBBLE_DIAL_TIMEOUT_MS / 1000}s`),
    'request-timeout': durationFlag(`Timeout of unary requests (status, list); streams never time out.`, `${HUBBLE_REQUEST_TIMEOUT_MS / 1000}s`),
    tls: Flags.boolean({description: 'Use TLS to connect to the server (implied by a tls:// address).', helpGroup: SERVER}),
    'tls-allow-insecure': Flags.boolean({description: 'Accept any server certificate and host name (insecure).', helpGroup: SERVER}),
    'tls-ca-cert-files': Flags.string({description: 'CA certificate file(s) to verify the server with (repeatable).', multiple: true, multipleNonGreedy: true, helpValue: 'FILE', helpGroup: SERVER}),
    'tls-client-cert-file': Flags.string({description: 'Client certificate for mutual TLS.', helpValue: 'FILE', helpGroup: SERVER}),
    'tls-client-key-file': Flags.string({description: 'Client key for mutual TLS.', helpValue: 'FILE', helpGroup: SERVER}),
    'tls-server-name': Flags.string({description: 'Server name to verify the certificate against.', helpValue: 'NAME', helpGroup: SERVER}),
    'basic-auth-username': Flags.string({description: 'Basic auth user name (requires TLS).', helpGroup: SERVER}),
    'basic-auth-password': Flags.string({description: 'Basic auth password (requires TLS).', helpGroup: SERVER}),
    'port-forward': Flags.boolean({char: 'P', description: 'Not supported by axon: run `kubectl port-forward -n kube-system svc/hubble-relay 4245:80` and use --server localhost:4245.', helpGroup: SERVER}),
  };
}

/** The boolean flags of the Hubble commands, for pflag-style `--flag=false` rewriting. */
const BOOL_FLAGS: Record<string, boolean> = {
  tls: false, 'tls-allow-insecure': false, 'port-forward': false, all: false, follow: false, 'print-node-name': false, 'print-policy-names': false,
  numeric: false, 'ip-translation': true, 'use-default-field-masks': true, 'print-raw-filters': false, 'silent-errors': false, reconnect: true, debug: false,
};

const FILTER_HELP: Record<string, string> = {
  not: 'Negate the next filter flag (it goes to the denylist), e.g. --not --from-ip 2.2.2.2.',
  uuid: 'Only the flow with this unique id.',
  'node-name': 'Node name patterns (e.g. "k8s*", "cluster/*.example.com").',
  'node-label': 'Node label selector (e.g. "key1=value1").',
  'from-cluster': 'Flows from endpoints in this cluster.',
  cluster: 'Flows from or to endpoints in this cluster.',
  'to-cluster': 'Flows to endpoints in this cluster.',
  protocol: 'L4/L7 protocol: tcp, udp, sctp, icmp, icmpv4, icmpv6, vrrp, igmp, dns, http, kafka.',
  'tcp-flags': 'TCP flags that must all be set, comma separated (syn, ack, fin, rst, psh, urg, ece, cwr, ns).',
  type: 'Event type TYPE[:SUBTYPE]: capture, drop, l7, policy-verdict, trace[:to-endpoint|from-host|…], trace-sock, or numbers.',
  verdict: 'Verdict: FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED, TRANSLATED.',
  'drop-reason-desc': 'Drop reason enum name (e.g. POLICY_DENIED).',
  'http-status': 'HTTP status code or prefix (e.g. 404, 5+).',
  'http-method': 'HTTP method (any case).',
  'http-path': 'RE2 regular expression on the HTTP URL path.',
  'http-url': 'RE2 regular expression on the full HTTP URL.',
  'http-header': 'HTTP header key:value.',
  'trace-id': 'Trace id of the flow\'s trace context.',
  'ip-trace-id': 'IP trace id (> 0).',
  'from-fqdn': 'Source DNS name pattern (e.g. "*.cilium.io").',
  fqdn: 'Source or destination DNS name pattern.',
  'to-fqdn': 'Destination DNS name pattern.',
  'from-ip': 'Source IP or CIDR.',
  'snat-ip': 'SNAT (translated source) IP or CIDR.',
  ip: 'Source or destination IP or CIDR.',
  'to-ip': 'Destination IP or CIDR.',
  ipv4: 'Only IPv4 flows.',
  ipv6: 'Only IPv6 flows.',
  'ip-version': 'IP version: none, v4, v6.',
  'from-pod': 'Source pod [namespace/]name-prefix (no namespace means "default").',
  pod: 'Source or destination pod [namespace/]name-prefix.',
  'to-pod': 'Destination pod [namespace/]name-prefix.',
  'from-namespace': 'Source Kubernetes namespace.',
  namespace: 'Source or destination Kubernetes namespace (combines with --pod).',
  'to-namespace': 'Destination Kubernetes namespace.',
  'from-all-namespaces': 'Sources in any namespace.',
  'all-namespaces': 'Any namespace.',
  'to-all-namespaces': 'Destinations in any namespace.',
  'from-label': 'Source label selector (e.g. "k8s:app=web", "reserved:world").',
  label: 'Source or destination label selector.',
  'to-label': 'Destination label selector.',
  'from-service': 'Source service [namespace/]name-prefix.',
  service: 'Source or destination service [namespace/]name-prefix.',
  'to-service': 'Destination service [namespace/]name-prefix.',
  'from-port': 'Source port.',
  port: 'Source or destination port.',
  'to-port': 'Destination port.',
  'from-workload': 'Source workload [Kind/]name.',
  workload: 'Source or destination workload [Kind/]name.',
  'to-workload': 'Destination workload [Kind/]name.',
  'from-identity': 'Source security identity (number or reserved name).',
  identity: 'Source or destination security identity.',
  'to-identity': 'Destination security identity.',
  'traffic-direction': 'ingress or egress (any case).',
  'cel-expression': 'CEL expression (sent to the server; axon\'s own server rejects it).',
  interface: 'Interface name the flow was observed on (e.g. eth0).',
  encrypted: 'Only encrypted flows.',
  unencrypted: 'Only unencrypted flows.',
  'dns-query': 'RE2 regular expression on the DNS query name (beyond upstream: the API\'s dns_query).',
};

/** One oclif flag per filter flag; values are re-read in order by orderedFilterArgs(). */
export function filterFlags() {
  const out: Record<string, ReturnType<typeof Flags.string> | ReturnType<typeof Flags.boolean>> = {};
  for (const [name, spec] of Object.entries(FILTER_FLAGS)) {
    const common = {description: FILTER_HELP[name], helpGroup: 'FILTERS', ...(spec.char ? {char: spec.char as 'n'} : {})};
    out[name] = spec.bool ? Flags.boolean(common) : Flags.string({...common, multiple: true, multipleNonGreedy: true});
  }
  // Typed as {}: commands read filter values through orderedFilterArgs(), never from `flags`.
  return out as {};
}

interface FlagDef {
  type: string;
  char?: string;
}

/**
 * Rewrite argv so that both oclif and the ordered scan read the same thing: combined short
 * booleans (`-fA` → `-f -A`) and pflag's `--bool=true|false`.
 */
export function normalizeHubbleArgv(argv: string[], defs: Record<string, FlagDef>): string[] {
  const byChar = new Map(Object.entries(defs).filter(([, d]) => d.char).map(([n, d]) => [d.char!, {name: n, ...d}]));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (/^-[^-]{2,}/.test(a) && !a.includes('=') && [...a.slice(1)].every((c) => byChar.get(c)?.type === 'boolean')) {
      for (const c of a.slice(1)) out.push(`-${c}`);
      continue;
    }
    out.push(a);
  }
  const bools = {...BOOL_FLAGS};
  for (const [n, d] of Object.entries(defs)) if (d.type === 'boolean' && !(n in bools)) bools[n] = false;
  return normalizeBoolFlags(out, bools);
}

/** Filter flag occurrences in argv order, with pflag's display names (`-n, --namespace`). */
export function orderedFilterArgs(argv: string[], defs: Record<string, FlagDef>): FilterArg[] {
  const byChar = new Map(Object.entries(defs).filter(([, d]) => d.char).map(([n, d]) => [d.char!, n]));
  const out: FilterArg[] = [];
  const display = (name: string) => (FILTER_FLAGS[name].char ? `-${FILTER_FLAGS[name].char}, --${name}` : `--${name}`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    let name: string | undefined;
    let inline: string | undefined;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      if (eq >= 0) inline = a.slice(eq + 1);
    } else if (a.startsWith('-') && a.length > 1) {
      name = byChar.get(a[1]);
      if (a.length > 2) inline = a[2] === '=' ? a.slice(3) : a.slice(2);
    } else continue;
    const def = name ? defs[name] : undefined;
    if (!name || !def) continue;
    const takesValue = def.type !== 'boolean';
    const value = takesValue ? (inline ?? argv[++i] ?? '') : undefined;
    const spec = FILTER_FLAGS[name];
    if (spec) out.push({name, display: display(name), value: spec.bool ? spec.value! : value!});
  }
  return out;
}

/** An unsigned count, with pflag's error text for bad values. */
export const uintFlag = Flags.custom<number>({
  parse: async (input, _ctx, opts) => {
    if (!/^\d+$/.test(input) || !Number.isSafeInteger(Number(input))) {
      throw new UsageError(`invalid argument ${JSON.stringify(input)} for "--${opts.name}" flag: strconv.ParseUint: parsing ${JSON.stringify(input)}: invalid syntax`);
    }
    return Number(input);
  },
  helpValue: 'N',
});

/** Observe's selector, formatting and other (non-filter) flags. */
export function observeFlags() {
  return {
    last: uintFlag({description: `The last N flows in the server's buffer (default ${FLOW_PRINT_COUNT} when nothing else selects).`, helpGroup: 'SELECTORS'}),
    first: uintFlag({description: "The first (oldest) N flows in the server's buffer.", helpGroup: 'SELECTORS'}),
    all: Flags.boolean({description: "Every flow in the server's buffer.", helpGroup: 'SELECTORS'}),
    follow: Flags.boolean({char: 'f', description: 'Keep streaming new flows until Ctrl-C (exit 0).', helpGroup: 'SELECTORS'}),
    since: Flags.string({description: 'Flows since this time: a duration back from now (3s, 4m, 1h43m) or a time (2006-01-02, RFC3339, RFC1123Z …).', helpValue: 'TIME', helpGroup: 'SELECTORS'}),
    until: Flags.string({description: 'Flows until this time (same forms as --since; ignored with --follow).', helpValue: 'TIME', helpGroup: 'SELECTORS'}),
    allowlist: Flags.string({description: 'Allowlist FlowFilter as JSON (repeatable; several objects per value allowed); added to the flag filters.', multiple: true, multipleNonGreedy: true, helpValue: 'JSON', helpGroup: 'RAW FILTERS'}),
    denylist: Flags.string({description: 'Denylist FlowFilter as JSON (repeatable).', multiple: true, multipleNonGreedy: true, helpValue: 'JSON', helpGroup: 'RAW FILTERS'}),
    output: hubbleOutputFlag(),
    'print-node-name': Flags.boolean({description: 'Print the node name of each flow.', helpGroup: 'FORMATTING'}),
    'print-policy-names': Flags.boolean({description: 'Print the names of the policies that allowed or denied policy-verdict flows.', helpGroup: 'FORMATTING'}),
    'time-format': Flags.string({description: `Timestamp layout: ${TIME_FORMAT_NAMES} (any case; unknown names use StampMilli).`, default: 'StampMilli', helpGroup: 'FORMATTING'}),
    'time-zone': Flags.string({description: 'Print timestamps in UTC (as hubble) or in the local time zone (beyond upstream).', options: ['utc', 'local'], default: 'utc', helpGroup: 'FORMATTING'}),
    'ip-translation': Flags.boolean({description: 'Show pod, service and DNS names instead of IP addresses (--ip-translation=false or --numeric to turn off).', default: true, allowNo: true, helpGroup: 'FORMATTING'}),
    numeric: Flags.boolean({description: 'Show IP addresses, not names.', helpGroup: 'FORMATTING'}),
    'field-mask': Flags.string({description: 'Only these Flow fields are sent (comma separated paths, -o json only), e.g. time,source.pod_name,IP.', multiple: true, delimiter: ',', helpValue: 'PATHS', helpGroup: 'OTHER'}),
    'use-default-field-masks': Flags.boolean({description: 'With text formats, ask only for the fields that are printed.', default: true, allowNo: true, helpGroup: 'OTHER'}),
    'input-file': Flags.string({description: 'Read GetFlowsResponse JSON lines (as -o jsonpb writes) from FILE or - (stdin) instead of a server.', helpValue: 'FILE|-', helpGroup: 'OTHER'}),
    'print-raw-filters': Flags.boolean({description: 'Print the allowlist/denylist the flags build (YAML) and exit without connecting.', helpGroup: 'OTHER'}),
    'silent-errors': Flags.boolean({char: 's', description: 'Do not print node status events and printer warnings on stderr.', helpGroup: 'OTHER'}),
    reconnect: Flags.boolean({description: 'With --follow, reconnect and resume without duplicates when the stream breaks (--no-reconnect: stop like hubble).', default: true, allowNo: true, helpGroup: 'OTHER'}),
  };
}

interface ServerFlagValues {
  server?: string;
  timeout: number;
  'request-timeout': number;
  tls: boolean;
  'tls-allow-insecure': boolean;
  'tls-ca-cert-files'?: string[];
  'tls-client-cert-file'?: string;
  'tls-client-key-file'?: string;
  'tls-server-name'?: string;
  'basic-auth-username'?: string;
  'basic-auth-password'?: string;
  'port-forward': boolean;
}

/** Parsed server flags → client options (the default server resolved from defaults.ts). */
export function clientOptionsFromFlags(f: ServerFlagValues): ClientOptions {
  if (f['port-forward']) {
    throw new NotSupportedError('--port-forward is not supported by axon', {hint: 'run `kubectl port-forward -n kube-system svc/hubble-relay 4245:80` and pass --server localhost:4245'});
  }
  return {
    server: f.server ?? hubbleServer(),
    dialTimeoutMs: f.timeout,
    requestTimeoutMs: f['request-timeout'],
    tls: {
      enabled: f.tls,
      allowInsecure: f['tls-allow-insecure'],
      caCertFiles: f['tls-ca-cert-files'],
      clientCertFile: f['tls-client-cert-file'],
      clientKeyFile: f['tls-client-key-file'],
      serverName: f['tls-server-name'],
    },
    basicAuth: f['basic-auth-username'] ? {username: f['basic-auth-username'], password: f['basic-auth-password'] ?? ''} : undefined,
  };
}
