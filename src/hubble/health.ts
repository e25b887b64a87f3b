// grpc.health.v1.Health/Check, which `hubble status` calls first. The two messages are tiny
// (one string field, one enum field), so they are encoded by hand instead of generated.
import type {MethodDefinition, ServiceDefinition} from '@grpc/grpc-js';

export const HEALTH_SERVICE = 'grpc.health.v1.Health';
export const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;

export interface HealthCheckRequest {
  service: string;
}
export interface HealthCheckResponse {
  /** Index into SERVING_STATUS. */
  status: number;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function readVarint(b: Buffer, i: number): [number, number] {
  let n = 0;
  let shift = 0;
  for (;;) {
    const c = b[i++];
    n |= (c & 0x7f) << shift;
    if (c < 0x80) return [n >>> 0, i];
    shift += 7;
  }
}

/** Field 1 only; other fields are skipped (varint and length-delimited wire types). */
function readField1(b: Buffer): {varint?: number; bytes?: Buffer} {
  let i = 0;
  const out: {varint?: number; bytes?: Buffer} = {};
  while (i < b.length) {
    let key: number;
    [key, i] = readVarint(b, i);
    const wire = key & 7;
    if (wire === 0) {
      let v: number;
      [v, i] = readVarint(b, i);
      if (key >>> 3 === 1) out.varint = v;
    } else if (wire === 2) {
      let len: number;
      [len, i] = readVarint(b, i);
      if (key >>> 3 === 1) out.bytes = b.subarray(i, i + len);
      i += len;
    } else break;
  }
  return out;
}

export const healthCheck: MethodDefinition<HealthCheckRequest, HealthCheckResponse> = {
  path: `/${HEALTH_SERVICE}/Check`,
  requestStream: false,
  responseStream: false,
  requestSerialize: (r) => {
    const s = Buffer.from(r.service, 'utf8');
    return s.length ? Buffer.from([0x0a, ...varint(s.length), ...s]) : Buffer.alloc(0);
  },
  requestDeserialize: (b) => ({service: readField1(b).bytes?.toString('utf8') ?? ''}),
  responseSerialize: (r) => (r.status ? Buffer.from([0x08, ...varint(r.status)]) : Buffer.alloc(0)),
  responseDeserialize: (b) => ({status: readField1(b).varint ?? 0}),
  originalName: 'check',
};

export const healthService: ServiceDefinition = {check: healthCheck};
