// Flags → GetFlowsRequest as hubble builds it (flows_filter_test.go / flows_test.go facts).
import assert from 'node:assert/strict';
import {toJson} from '@bufbuild/protobuf';
import {FlowFilterSchema} from '../../../src/hubble/gen/flow/flow_pb.js';
import {buildFilters, buildGetFlowsRequest, formatRawFilters, TEXT_FIELD_MASK, type FilterArg, type ObserveRequestOptions} from '../../../src/hubble/request/index.js';
import {FILTER_FLAGS} from '../../../src/hubble/request/flag-spec.js';
import {UsageError} from '../../../src/errors.js';

/** `--from-ip 1.2.3.4 -n x --not ...` → ordered FilterArgs. */
function args(...argv: string[]): FilterArg[] {
  const out: FilterArg[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const short = Object.entries(FILTER_FLAGS).find(([, s]) => s.char && `-${s.char}` === a);
    const name = short ? short[0] : a.replace(/^--/, '');
    const spec = FILTER_FLAGS[name];
    assert.ok(spec, `unknown flag ${a}`);
    const display = spec.char ? `-${spec.char}, --${name}` : `--${name}`;
    out.push({name, display, value: spec.bool ? spec.value! : argv[++i]});
  }
  return out;
}
const json = (fs: ReturnType<typeof buildFilters>['whitelist']) => fs.map((f) => toJson(FlowFilterSchema, f, {useProtoFieldName: true}));
const filters = (...argv: string[]) => {
  const r = buildFilters(args(...argv));
  return {whitelist: json(r.whitelist), blacklist: json(r.blacklist)};
};

describe('hubble/request filters (flows_filter_test.go)', () => {
  const cases: Array<{name: string; argv: string[]; whitelist?: unknown[]; blacklist?: unknown[]}> = [
    {
      name: 'TestFilterDispatch',
      argv: ['--from-ip', '1.2.3.4', '--from-ip', '5.6.7.8', '--not', '--to-ip', '5.5.5.5', '--verdict', 'DROPPED', '-t', 'l7'],
      whitelist: [{source_ip: ['1.2.3.4', '5.6.7.8'], verdict: ['DROPPED'], event_type: [{type: 129}]}],
      blacklist: [{destination_ip: ['5.5.5.5']}],
    },
    {name: 'either direction: pod', argv: ['--pod', 'foo'], whitelist: [{source_pod: ['foo']}, {destination_pod: ['foo']}]},
    {name: 'left/right with a shared filter', argv: ['--ip', '1.1.1.1', '--protocol', 'tcp'], whitelist: [{source_ip: ['1.1.1.1'], protocol: ['tcp']}, {destination_ip: ['1.1.1.1'], protocol: ['tcp']}]},
    {name: 'namespace alone', argv: ['-n', 'kube-system'], whitelist: [{source_pod: ['kube-system/']}, {destination_pod: ['kube-system/']}]},
    {name: 'namespace with pod', argv: ['-n', 'a', '--pod', 'foo'], whitelist: [{source_pod: ['a/foo']}, {destination_pod: ['a/foo']}]},
    {name: 'two namespaces multiply', argv: ['-n', 'a', '-n', 'b', '--pod', 'foo'], whitelist: [{source_pod: ['a/foo', 'b/foo']}, {destination_pod: ['a/foo', 'b/foo']}]},
    {name: 'all namespaces', argv: ['-A', '--pod', 'foo'], whitelist: [{source_pod: ['/foo']}, {destination_pod: ['/foo']}]},
    {name: 'from-namespace rewrites both sides', argv: ['--from-namespace', 'x'], whitelist: [{source_pod: ['x/']}]},
    {name: 'from-namespace with to-pod', argv: ['--from-namespace', 'x', '--to-pod', 'y/z'], whitelist: [{source_pod: ['x/'], destination_pod: ['y/z']}]},
    {name: 'from-pod sent as typed', argv: ['--from-pod', 'frontend'], whitelist: [{source_pod: ['frontend']}]},
    {name: 'labels', argv: ['--label', 'k8s:app=x', '--from-label', 'a=b'].slice(0, 2), whitelist: [{source_label: ['k8s:app=x']}, {destination_label: ['k8s:app=x']}]},
    {name: 'from/to workload combined', argv: ['--from-workload', 'Deployment/a', '--to-workload', 'b'], whitelist: [{source_workload: [{name: 'a', kind: 'Deployment'}], destination_workload: [{name: 'b'}]}]},
    {name: 'identity names and numbers', argv: ['--from-identity', 'world', '--from-identity', '0x10', '--to-identity', 'overlay-to-encrypt'], whitelist: [{source_identity: [2, 16], destination_identity: [11]}]},
    {name: 'tcp flags', argv: ['--tcp-flags', 'syn,ACK', '--tcp-flags', 'fin'], whitelist: [{tcp_flags: [{SYN: true, ACK: true}, {FIN: true}]}]},
    {name: 'traffic direction mixed case', argv: ['--traffic-direction', 'InGrEsS'], whitelist: [{traffic_direction: ['INGRESS']}]},
    {name: 'snat ip', argv: ['--snat-ip', '1.1.1.1'], whitelist: [{source_ip_xlated: ['1.1.1.1']}]},
    {name: 'interface', argv: ['--interface', 'eth0'], whitelist: [{interface: [{name: 'eth0'}]}]},
    {name: 'http url', argv: ['--http-url', 'http://a/b'], whitelist: [{http_url: ['http://a/b']}]},
    {name: 'http header keeps colons in the value', argv: ['--http-header', 'Foo:coco:bar'], whitelist: [{http_header: [{key: 'Foo', value: 'coco:bar'}]}]},
    {name: 'cluster', argv: ['--cluster', 'c1'], whitelist: [{source_cluster_name: ['c1']}, {destination_cluster_name: ['c1']}]},
    {name: 'ip trace id', argv: ['--ip-trace-id', '42'], whitelist: [{ip_trace_id: ['42']}]},
    {name: 'cel expression', argv: ['--cel-expression', '_flow.verdict == Verdict.DROPPED'], whitelist: [{experimental: {cel_expression: ['_flow.verdict == Verdict.DROPPED']}}]},
    {name: 'ipv4 and ip-version', argv: ['-4', '--ip-version', 'v6'], whitelist: [{ip_version: ['IPv4', 'IPv6']}]},
    {name: 'encrypted', argv: ['--encrypted'], whitelist: [{encrypted: [true]}]},
    {name: 'dns query (beyond upstream)', argv: ['--dns-query', 'github'], whitelist: [{dns_query: ['github']}]},
    {
      name: 'TestFilterType',
      argv: ['-t', '254', '-t', '255:127', '-t', 'trace:to-endpoint', '-t', 'trace:from-endpoint', '-t', '4:2', '-t', 'agent', '-t', 'agent:3', '-t', 'agent:policy-updated'],
      whitelist: [
        {
          event_type: [
            {type: 254},
            {type: 255, match_sub_type: true, sub_type: 127},
            {type: 4, match_sub_type: true},
            {type: 4, match_sub_type: true, sub_type: 5},
            {type: 4, match_sub_type: true, sub_type: 2},
            {type: 130},
            {type: 130, match_sub_type: true, sub_type: 3},
            {type: 130, match_sub_type: true, sub_type: 5},
          ],
        },
      ],
    },
    {name: 'not on a namespace', argv: ['--not', '-n', 'kube-system'], blacklist: [{source_pod: ['kube-system/']}, {destination_pod: ['kube-system/']}]},
  ];
  for (const c of cases)
    it(c.name, () => {
      const got = filters(...c.argv);
      assert.deepEqual(got.whitelist, c.whitelist ?? []);
      assert.deepEqual(got.blacklist, c.blacklist ?? []);
    });

  const bad: Array<{argv: string[]; msg: string}> = [
    {argv: ['--from-fqdn', 'a', '--from-ip', '1.1.1.1'], msg: 'invalid argument "1.1.1.1" for "--from-ip" flag: filters --from-fqdn and --from-ip cannot be combined'},
    {argv: ['--from-pod', 'a', '-n', 'b'], msg: 'invalid argument "b" for "-n, --namespace" flag: filters --from-pod and --namespace cannot be combined'},
    {argv: ['--label', 'a', '--to-label', 'b'], msg: 'invalid argument "b" for "--to-label" flag: filters --label and --to-label cannot be combined'},
    {argv: ['--encrypted', '--unencrypted'], msg: 'invalid argument "true" for "--unencrypted" flag: filters --encrypted and --unencrypted cannot be combined'},
    {argv: ['--to-namespace', 'a', '--to-pod', 'b/c'], msg: 'invalid argument "b/c" for "--to-pod" flag: namespace conflict: "a" does not contain "b/c"'},
    {argv: ['--from-pod', 'a/x', '--from-service', 'b/y'], msg: 'invalid argument "b/y" for "--from-service" flag: namespace of service "b/y" conflict with pod "a"'},
    {argv: ['--not', '--not'], msg: 'invalid argument "true" for "--not" flag: consecutive --not statements'},
    {argv: ['--not'], msg: 'trailing --not found in the arguments'},
    {argv: ['--verdict', 'dropped'], msg: 'invalid argument "dropped" for "--verdict" flag: invalid --verdict value: dropped'},
    {argv: ['--traffic-direction', 'up'], msg: 'invalid argument "up" for "--traffic-direction" flag: up: invalid traffic direction, expected ingress or egress'},
    {argv: ['--tcp-flags', 'syn,'], msg: 'invalid argument "syn," for "--tcp-flags" flag: unknown tcp flag: '},
    {argv: ['--tcp-flags', ',syn'], msg: 'invalid argument ",syn" for "--tcp-flags" flag: unknown tcp flag: '},
    {argv: ['--ip-trace-id', '0'], msg: 'invalid argument "0" for "--ip-trace-id" flag: invalid --ip-trace-id value; must be greater than 0'},
    {argv: ['--http-header', 'nocolon'], msg: 'invalid argument "nocolon" for "--http-header" flag: invalid http-header value "nocolon", expected name:value'},
    {argv: ['--identity', 'bogus'], msg: 'invalid argument "bogus" for "--identity" flag: invalid security identity, expected one of [host world unmanaged health init remote-node kube-apiserver ingress world-ipv4 world-ipv6 11] or a numeric value'},
    {argv: ['-t', 'bogus'], msg: `invalid argument "bogus" for "-t, --type" flag: unable to parse type 'bogus', not a known type name and unable to parse as numeric value: strconv.ParseUint: parsing "bogus": invalid syntax`},
    {argv: ['-t', 'trace:bogus'], msg: `invalid argument "trace:bogus" for "-t, --type" flag: unable to parse event sub-type 'bogus', not a known sub-type name and unable to parse as numeric value: strconv.ParseUint: parsing "bogus": invalid syntax`},
    {argv: ['--drop-reason-desc', 'NOPE'], msg: 'invalid argument "NOPE" for "--drop-reason-desc" flag: invalid --drop-reason-desc value: NOPE'},
  ];
  for (const b of bad)
    it(`rejects ${b.argv.join(' ')}`, () =>
      assert.throws(() => filters(...b.argv), (e: unknown) => e instanceof UsageError && e.exitCode === 2 && e.message === b.msg));

  it('allows --namespace with --pod', () => assert.doesNotThrow(() => filters('-n', 'a', '--pod', 'b')));
});

describe('hubble/request GetFlowsRequest (flows_test.go)', () => {
  const base: ObserveRequestOptions = {filters: [], allowlist: [], denylist: [], all: false, follow: false, inputFile: false, output: 'json', fieldMask: [], useDefaultFieldMasks: true};
  const req = (o: Partial<ObserveRequestOptions>) => buildGetFlowsRequest({...base, ...o});

  it('default request is {number 20}', () => {
    const r = req({});
    assert.equal(r.number, 20n);
    assert.equal(r.follow, false);
    assert.equal(r.fieldMask, undefined);
  });
  it('follow alone sends number 0; -f --last 50 sends 50', () => {
    assert.equal(req({follow: true}).number, 0n);
    assert.equal(req({follow: true, last: 50}).number, 50n);
  });
  it('--all sends 2^64-1, --first sets first', () => {
    assert.equal(req({all: true}).number, (1n << 64n) - 1n);
    const f = req({first: 5});
    assert.equal(f.number, 5n);
    assert.equal(f.first, true);
  });
  it('--input-file leaves number 0 unless --last', () => {
    assert.equal(req({inputFile: true}).number, 0n);
    assert.equal(req({inputFile: true, last: 3}).number, 3n);
  });
  it('--since leaves number 0 and --until is dropped with --follow', () => {
    const now = Date.UTC(2025, 0, 23, 10, 0, 0);
    const r = req({since: '1h', until: '2025-01-23T09:36:09.436Z', now});
    assert.equal(r.number, 0n);
    assert.equal(Number(r.since!.seconds), now / 1000 - 3600);
    assert.equal(Number(r.until!.seconds), Date.UTC(2025, 0, 23, 9, 36, 9) / 1000);
    assert.equal(r.until!.nanos, 436_000_000);
    assert.equal(req({follow: true, until: '1h'}).until, undefined);
  });
  const conflicts: Array<[Partial<ObserveRequestOptions>, string]> = [
    [{first: 1, last: 1}, 'cannot set both --first and --last'],
    [{first: 1, all: true}, 'cannot set both --first and --all'],
    [{first: 1, follow: true}, 'cannot set both --first and --follow'],
    [{last: 1, all: true}, 'cannot set both --last and --all'],
    [{output: 'compact', fieldMask: ['time']}, 'compact output format is not compatible with custom field mask'],
    [{fieldMask: ['nope']}, 'failed to construct field mask: proto: invalid path "nope" for message "flow.Flow"'],
    [{since: 'yesterday'}, 'failed to parse the since time: failed to convert yesterday to time'],
    [{allowlist: ['{bad']}, "invalid --allowlist flag: failed to decode '{bad': "],
  ];
  for (const [o, msg] of conflicts)
    it(`rejects: ${msg}`, () => assert.throws(() => req(o), (e: unknown) => e instanceof UsageError && e.message.startsWith(msg)));

  it('raw allowlist/denylist round-trip, concatenated objects, appended after flag filters', () => {
    const r = req({filters: args('--from-pod', 'a'), allowlist: ['{"source_ip":["1.2.3.4/16"]}{"sourcePod":["x/"]}'], denylist: ['{"source_port":["80"]}']});
    assert.deepEqual(json(r.whitelist), [{source_pod: ['a']}, {source_ip: ['1.2.3.4/16']}, {source_pod: ['x/']}]);
    assert.deepEqual(json(r.blacklist), [{source_port: ['80']}]);
  });
  it('--print-raw-filters YAML', () => {
    const r = req({allowlist: ['{"source_ip":["1.2.3.4/16"]}'], denylist: ['{"source_port":["80"]}']});
    assert.equal(formatRawFilters(r), `allowlist:\n    - '{"source_ip":["1.2.3.4/16"]}'\ndenylist:\n    - '{"source_port":["80"]}'\n`);
    assert.equal(formatRawFilters(req({})), '{}\n');
    assert.equal(formatRawFilters(req({filters: args('--from-pod', "o'k")})), `allowlist:\n    - '{"source_pod":["o''k"]}'\n`);
  });
  it('text formats get a field mask covering what they print; json gets none by default', () => {
    assert.deepEqual(req({output: 'compact'}).fieldMask?.paths, TEXT_FIELD_MASK);
    assert.equal(req({output: 'compact', useDefaultFieldMasks: false}).fieldMask, undefined);
    assert.deepEqual(req({fieldMask: ['time', 'source.pod_name']}).fieldMask?.paths, ['time', 'source.pod_name']);
  });
});
