// `axon observe` options → GetFlowsRequest, as `hubble observe` builds it (hubble-observe.md 5):
// ordered filter flags through FilterBuilder, raw --allowlist/--denylist JSON appended, the
// number defaults, since/until, and a field mask that covers everything the format prints.
import {create, fromJson, type JsonValue} from '@bufbuild/protobuf';
import {timestampFromMs, type Timestamp} from '@bufbuild/protobuf/wkt';
import {FlowFilterSchema, FlowSchema, type FlowFilter} from '../gen/flow/flow_pb.js';
import {GetFlowsRequestSchema, type GetFlowsRequest} from '../gen/observer/observer_pb.js';
import {UsageError} from '../../errors.js';
import {parseTimeArg} from '../../flows/time.js';
import {toProtoJson} from '../../flows/print/json.js';
import {compileFieldMask} from '../fieldmask.js';
import {FilterBuilder} from './filters.js';
import {FLOW_PRINT_COUNT} from '../../defaults.js';

export interface FilterArg {
  /** Long flag name, e.g. "from-pod". */
  name: string;
  /** As pflag names it in errors: "--from-pod" or "-n, --namespace". */
  display: string;
  value: string;
}

export interface ObserveRequestOptions {
  filters: readonly FilterArg[];
  allowlist: readonly string[];
  denylist: readonly string[];
  first?: number;
  last?: number;
  all: boolean;
  follow: boolean;
  since?: string;
  until?: string;
  /** Reading --input-file: no default count. */
  inputFile: boolean;
  output: 'compact' | 'dict' | 'table' | 'json';
  fieldMask: readonly string[];
  useDefaultFieldMasks: boolean;
  now?: number;
}

/**
 * What the text formats print. Upstream's default mask misses direction, match type, policy
 * names, DNS names, socket point, capture point and auth type (cilium/cilium#46672); ours
 * covers all of them.
 */
export const TEXT_FIELD_MASK = [
  'time', 'verdict', 'auth_type', 'ethernet', 'IP', 'l4', 'source.identity', 'source.namespace', 'source.pod_name',
  'destination.identity', 'destination.namespace', 'destination.pod_name', 'Type', 'node_name', 'source_names',
  'destination_names', 'l7', 'event_type', 'source_service', 'destination_service', 'traffic_direction',
  'policy_match_type', 'is_reply', 'debug_capture_point', 'sock_xlate_point', 'Summary', 'ip_trace_id',
  'egress_allowed_by', 'ingress_allowed_by', 'egress_denied_by', 'ingress_denied_by',
];

const MAX_UINT64 = (1n << 64n) - 1n;

/** Build the filter lists from ordered flag occurrences (errors in pflag's words). */
export function buildFilters(args: readonly FilterArg[]): {whitelist: FlowFilter[]; blacklist: FlowFilter[]} {
  const b = new FilterBuilder();
  for (const a of args) {
    try {
      b.set(a.name, a.value);
    } catch (e) {
      throw new UsageError(`invalid argument ${JSON.stringify(a.value)} for ${JSON.stringify(a.display)} flag: ${(e as Error).message}`, {
        hint: 'see "axon observe --help" (FILTERS)',
      });
    }
  }
  try {
    return b.build();
  } catch (e) {
    throw new UsageError((e as Error).message, {hint: 'put a filter flag after --not'});
  }
}

/** Parse concatenated JSON FlowFilters in one flag value. */
export function parseRawFilters(values: readonly string[], flag: string): FlowFilter[] {
  const out: FlowFilter[] = [];
  for (const v of values) {
    try {
      for (const doc of splitJsonValues(v)) out.push(fromJson(FlowFilterSchema, JSON.parse(doc) as JsonValue));
    } catch (e) {
      throw new UsageError(`invalid --${flag} flag: failed to decode '${v}': ${(e as Error).message}`, {
        hint: `--${flag} takes FlowFilter JSON, e.g. '{"source_pod":["default/app"]}'`,
      });
    }
  }
  return out;
}

/** Split `{...}{...} {...}` into JSON texts (strings and nesting respected). */
function splitJsonValues(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let depth = 0;
    let inStr = false;
    for (; i < s.length; i++) {
      const c = s[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (depth === 0 && /\s/.test(c)) break;
    }
    out.push(s.slice(start, i));
  }
  return out;
}

function toTimestamp(arg: string, which: 'since' | 'until', now: number): Timestamp {
  try {
    const {ms, nanos} = parseTimeArg(arg, now);
    const ts = timestampFromMs(ms);
    ts.nanos += nanos;
    return ts;
  } catch (e) {
    throw new UsageError(`failed to parse the ${which} time: ${(e as Error).message}`, {
      hint: 'use a duration like 5m or 1h30m, or a time like 2025-01-23T09:36:00Z',
    });
  }
}

export function buildGetFlowsRequest(o: ObserveRequestOptions): GetFlowsRequest {
  const {whitelist, blacklist} = buildFilters(o.filters);
  const jsonOut = o.output === 'json';
  if (!jsonOut && o.fieldMask.length) throw new UsageError(`${o.output} output format is not compatible with custom field mask`, {hint: 'use --field-mask with -o json'});
  const first = (o.first ?? 0) > 0;
  const lastSet = (o.last ?? 0) > 0;
  if (first && lastSet) throw new UsageError('cannot set both --first and --last');
  if (first && o.all) throw new UsageError('cannot set both --first and --all');
  if (first && o.follow) throw new UsageError('cannot set both --first and --follow');
  if (lastSet && o.all) throw new UsageError('cannot set both --last and --all');
  const now = o.now ?? Date.now();
  const since = o.since ? toTimestamp(o.since, 'since', now) : undefined;
  const until = o.until && !o.follow ? toTimestamp(o.until, 'until', now) : undefined;
  let number = BigInt(o.last ?? 0);
  if (!since && !until && !first) {
    if (o.all) number = MAX_UINT64;
    else if (number === 0n && !o.follow && !o.inputFile) number = BigInt(FLOW_PRINT_COUNT);
  }
  if (first) number = BigInt(o.first!);
  const req = create(GetFlowsRequestSchema, {
    number,
    first,
    follow: o.follow,
    whitelist: [...whitelist, ...parseRawFilters(o.allowlist, 'allowlist')],
    blacklist: [...blacklist, ...parseRawFilters(o.denylist, 'denylist')],
    since,
    until,
  });
  const paths = o.fieldMask.length ? o.fieldMask : !jsonOut && o.useDefaultFieldMasks ? TEXT_FIELD_MASK : [];
  if (paths.length) {
    try {
      compileFieldMask(FlowSchema, paths);
    } catch (e) {
      throw new UsageError(`failed to construct field mask: ${(e as Error).message}`, {hint: 'paths are Flow field names, e.g. time,source.pod_name,IP'});
    }
    req.fieldMask = {$typeName: 'google.protobuf.FieldMask', paths: [...paths]};
  }
  return req;
}

/** `--print-raw-filters`: the request's lists as hubble prints them (YAML of JSON strings). */
export function formatRawFilters(req: GetFlowsRequest): string {
  const list = (name: string, fs: FlowFilter[]) =>
    fs.length ? `${name}:\n${fs.map((f) => `    - '${toProtoJson(FlowFilterSchema, f).replaceAll("'", "''")}'\n`).join('')}` : '';
  const out = list('allowlist', req.whitelist) + list('denylist', req.blacklist);
  return out === '' ? '{}\n' : out;
}
