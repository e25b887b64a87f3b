// Just enough of the DNS wire format (RFC 1035) for the demo: parse a query's first question,
// build an answer with A records (or NXDOMAIN / empty NOERROR).
export interface Question {
  id: number;
  name: string;
  type: number;
  /** bytes of the question section, echoed in the answer */
  raw: Buffer;
}

export const TYPE_A = 1;

export function parseQuery(msg: Buffer): Question | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let off = 12;
  while (off < msg.length && msg[off] !== 0) {
    const len = msg[off];
    if (len > 63 || off + 1 + len > msg.length) return undefined;
    labels.push(msg.subarray(off + 1, off + 1 + len).toString('ascii'));
    off += 1 + len;
  }
  if (off + 5 > msg.length) return undefined;
  return {id: msg.readUInt16BE(0), name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(off + 1), raw: msg.subarray(12, off + 5)};
}

export function encodeQuery(id: number, name: string, type = TYPE_A): Buffer {
  const parts = name.split('.').filter(Boolean).map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3); // IN
  return Buffer.concat([header, ...parts, tail]);
}

/** rcode 0 with A records for ips (only for type A), or rcode 3 (NXDOMAIN) when ips is undefined. */
export function encodeAnswer(q: Question, ips: string[] | undefined, ttl = 30): Buffer {
  const answers = q.type === TYPE_A && ips ? ips : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  header.writeUInt16BE(0x8180 | (ips ? 0 : 3), 2); // QR RD RA + rcode
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const rrs = answers.map((ip) => {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
    rr.writeUInt16BE(TYPE_A, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(ttl, 6);
    rr.writeUInt16BE(4, 10);
    ip.split('.').forEach((o, i) => rr.writeUInt8(Number(o), 12 + i));
    return rr;
  });
  return Buffer.concat([header, q.raw, ...rrs]);
}

/** The A records of an answer (for the demo's client). */
export function parseAnswerIps(msg: Buffer): {rcode: number; ips: string[]} {
  const rcode = msg.readUInt16BE(2) & 0xf;
  const an = msg.readUInt16BE(6);
  let off = 12;
  while (msg[off] !== 0) off += 1 + msg[off];
  off += 5;
  const ips: string[] = [];
  for (let i = 0; i < an && off + 12 <= msg.length; i++) {
    off += (msg[off] & 0xc0) === 0xc0 ? 2 : 0;
    const type = msg.readUInt16BE(off);
    const len = msg.readUInt16BE(off + 8);
    if (type === TYPE_A && len === 4) ips.push([...msg.subarray(off + 10, off + 14)].join('.'));
    off += 10 + len;
  }
  return {rcode, ips};
}
