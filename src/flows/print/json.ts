// `-o json` / `-o jsonpb`: Go protojson (UseProtoNames) as written by encoding/json: proto field
// names in declaration order (protobuf-es' own toJson orders by field number), default values
// omitted, 64-bit integers as strings, enum names, RFC3339 timestamps with 0/3/6/9 fraction
// digits, wrappers as plain values, and HTML-safe escaping of < > & (plus U+2028/U+2029).
// Encoders are compiled once per message type, so streaming stays cheap.
import {ScalarType, type DescEnum, type DescField, type DescMessage} from '@bufbuild/protobuf';
import type {GetFlowsResponse} from '../../hubble/gen/observer/observer_pb.js';
import {GetFlowsResponseSchema} from '../../hubble/gen/observer/observer_pb.js';

type Enc = (v: unknown) => string;
const cache = new Map<string, Enc>();

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Record<string, string> = {'<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029'};

function str(s: string): string {
  const j = JSON.stringify(s);
  return HTML_UNSAFE.test(j) ? j.replace(HTML_UNSAFE, (c) => HTML_ESCAPES[c]) : j;
}

function float(n: number): string {
  if (Number.isNaN(n)) return '"NaN"';
  if (n === Infinity) return '"Infinity"';
  if (n === -Infinity) return '"-Infinity"';
  return Object.is(n, -0) ? '-0' : String(n);
}

function scalarEncoder(t: ScalarType): Enc {
  switch (t) {
    case ScalarType.STRING:
      return (v) => str(v as string);
    case ScalarType.BOOL:
      return (v) => (v ? 'true' : 'false');
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return (v) => `"${String(v)}"`;
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return (v) => float(v as number);
    case ScalarType.BYTES:
      return (v) => `"${Buffer.from(v as Uint8Array).toString('base64')}"`;
    default:
      return (v) => String(v);
  }
}

function isDefaultScalar(t: ScalarType, v: unknown): boolean {
  switch (t) {
    case ScalarType.STRING:
      return v === '';
    case ScalarType.BOOL:
      return v === false;
    case ScalarType.BYTES:
      return (v as Uint8Array).length === 0;
    default:
      return v === 0 || v === 0n;
  }
}

function enumEncoder(e: DescEnum): Enc {
  const names = new Map(e.values.map((v) => [v.number, `"${v.name}"`]));
  return (v) => names.get(v as number) ?? String(v);
}

function timestampJson(v: unknown): string {
  const t = v as {seconds: bigint; nanos: number};
  const d = new Date(Number(t.seconds) * 1000);
  const base = d.toISOString().slice(0, 19);
  let frac = '';
  if (t.nanos !== 0) {
    const n = String(t.nanos).padStart(9, '0');
    frac = '.' + (t.nanos % 1e6 === 0 ? n.slice(0, 3) : t.nanos % 1e3 === 0 ? n.slice(0, 6) : n);
  }
  return `"${base}${frac}Z"`;
}

const snakeToCamel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function wktEncoder(desc: DescMessage): Enc | undefined {
  switch (desc.typeName) {
    case 'google.protobuf.Timestamp':
      return timestampJson;
    case 'google.protobuf.FieldMask':
      return (v) => str((v as {paths: string[]}).paths.map(snakeToCamel).join(','));
    case 'google.protobuf.BoolValue':
    case 'google.protobuf.Int32Value':
    case 'google.protobuf.UInt32Value':
    case 'google.protobuf.Int64Value':
    case 'google.protobuf.UInt64Value':
    case 'google.protobuf.StringValue':
    case 'google.protobuf.DoubleValue':
    case 'google.protobuf.FloatValue': {
      const f = desc.fields[0];
      const enc = scalarEncoder(f.scalar!);
      return (v) => enc((v as {value: unknown}).value);
    }
  }
  return undefined;
}

/** protobuf-es unboxes wrapper fields to plain values (or undefined). */
function isWrapper(desc: DescMessage): boolean {
  return desc.typeName.startsWith('google.protobuf.') && desc.typeName.endsWith('Value');
}

function fieldEncoder(f: DescField): {enc: Enc; isDefault: (v: unknown) => boolean} {
  switch (f.fieldKind) {
    case 'scalar':
      return {enc: scalarEncoder(f.scalar), isDefault: (v) => isDefaultScalar(f.scalar, v)};
    case 'enum':
      return {enc: enumEncoder(f.enum), isDefault: (v) => v === 0};
    case 'message': {
      if (isWrapper(f.message)) {
        const enc = scalarEncoder(f.message.fields[0].scalar!);
        return {enc, isDefault: (v) => v === undefined};
      }
      const enc = messageEncoder(f.message);
      return {enc, isDefault: (v) => v === undefined};
    }
    case 'list': {
      const item: Enc =
        f.listKind === 'scalar' ? scalarEncoder(f.scalar) : f.listKind === 'enum' ? enumEncoder(f.enum) : messageEncoder(f.message);
      return {enc: (v) => `[${(v as unknown[]).map(item).join(',')}]`, isDefault: (v) => (v as unknown[]).length === 0};
    }
    case 'map': {
      const val: Enc = f.mapKind === 'scalar' ? scalarEncoder(f.scalar) : f.mapKind === 'enum' ? enumEncoder(f.enum) : messageEncoder(f.message);
      return {
        enc: (v) => `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${str(k)}:${val(x)}`).join(',')}}`,
        isDefault: (v) => Object.keys(v as object).length === 0,
      };
    }
  }
}

/** An encoder for one message type (compiled once, cached). */
export function messageEncoder(desc: DescMessage): Enc {
  const cached = cache.get(desc.typeName);
  if (cached) return cached;
  const wkt = wktEncoder(desc);
  if (wkt) {
    cache.set(desc.typeName, wkt);
    return wkt;
  }
  // Placeholder for recursive types; replaced below.
  let compiled: Enc = () => '';
  const lazy: Enc = (v) => compiled(v);
  cache.set(desc.typeName, lazy);
  const parts = desc.fields.map((f) => {
    const key = str(f.name) + ':';
    if (f.oneof) {
      const oneofName = f.oneof.localName;
      const caseName = f.localName;
      const {enc} = fieldEncoder(f);
      return (m: Record<string, unknown>) => {
        const o = m[oneofName] as {case?: string; value?: unknown};
        return o.case === caseName ? key + enc(o.value) : undefined;
      };
    }
    const {enc, isDefault} = fieldEncoder(f);
    const local = f.localName;
    return (m: Record<string, unknown>) => {
      const v = m[local];
      return v === undefined || isDefault(v) ? undefined : key + enc(v);
    };
  });
  compiled = (v) => {
    const m = v as Record<string, unknown>;
    let out = '';
    for (const p of parts) {
      const s = p(m);
      if (s !== undefined) out += (out === '' ? '' : ',') + s;
    }
    return `{${out}}`;
  };
  return lazy;
}

/** Go protojson of any message of our schemas. */
export function toProtoJson(desc: DescMessage, msg: unknown): string {
  return messageEncoder(desc)(msg);
}

const encodeResponse = messageEncoder(GetFlowsResponseSchema);

/** One GetFlowsResponse as Hubble's `-o json`/`-o jsonpb` line (without the newline). */
export function formatJson(resp: GetFlowsResponse): string {
  return encodeResponse(resp);
}
