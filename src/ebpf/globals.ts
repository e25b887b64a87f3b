// `--set NAME=VALUE` for global variables: parsed against the spec (size, signedness, kind)
// into the bytes written into .rodata/.data/.bss before load. Pure.
import {UsageError} from '../errors.js';
import {findGlobal, type BpfObjectSpec, type GlobalSpec} from './elf.js';

export interface GlobalValue {
  global: GlobalSpec;
  bytes: Buffer;
}

/** Parses ["port=3306", ...]; a later assignment of the same name wins. */
export function parseSets(spec: BpfObjectSpec, sets: string[]): GlobalValue[] {
  const byName = new Map<string, GlobalValue>();
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${s}: expected NAME=VALUE`, {hint: `e.g. --set ${spec.globals[0]?.name ?? 'port'}=5432`});
    const name = s.slice(0, eq);
    const g = findGlobal(spec, name);
    byName.set(name, {global: g, bytes: encodeGlobal(g, s.slice(eq + 1))});
  }
  return [...byName.values()];
}

export function encodeGlobal(g: GlobalSpec, text: string): Buffer {
  const what = g.kind === 'int' ? `${g.signed ? 'a signed' : 'an unsigned'} ${g.size * 8}-bit integer` : g.kind === 'char[]' ? `a ${g.size}-byte string` : `${g.size} bytes`;
  const fail = (why: string) => new UsageError(`--set ${g.name}=${text}: ${why}`, {hint: `${g.name} is ${what} in ${g.section}`});
  if (g.kind === 'char[]') {
    const b = Buffer.from(text, 'utf8');
    if (b.length >= g.size) throw fail(`string longer than ${g.size - 1} bytes`);
    const out = Buffer.alloc(g.size);
    b.copy(out);
    return out;
  }
  if (g.kind === 'bytes') {
    const hex = text.replace(/^0x/i, '');
    if (!/^([0-9a-f]{2})*$/i.test(hex) || hex.length !== g.size * 2) throw fail(`expected ${g.size} bytes as hex (0x${'00'.repeat(g.size)})`);
    return Buffer.from(hex, 'hex');
  }
  if (![1, 2, 4, 8].includes(g.size)) throw fail(`integer of unsupported size ${g.size}`);
  let v: bigint;
  if (/^-?(0x[0-9a-f]+|\d+)$/i.test(text)) v = text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text);
  else if (text === 'true' || text === 'false') v = text === 'true' ? 1n : 0n;
  else throw fail(`not an integer (decimal or 0x hex)`);
  const bits = BigInt(g.size * 8);
  const min = g.signed ? -(1n << (bits - 1n)) : 0n;
  const max = g.signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (v < min || v > max) throw fail(`out of range for ${g.signed ? "a signed" : "an unsigned"} ${g.size * 8}-bit integer (${min}..${max})`);
  const out = Buffer.alloc(g.size);
  if (g.size === 1) out.writeUInt8(Number(BigInt.asUintN(8, v)));
  else if (g.size === 2) out.writeUInt16LE(Number(BigInt.asUintN(16, v)));
  else if (g.size === 4) out.writeUInt32LE(Number(BigInt.asUintN(32, v)));
  else out.writeBigUInt64LE(BigInt.asUintN(64, v));
  return out;
}

/** The value a global has in the object (or with `bytes`), for plans and listings. */
export function formatGlobal(g: GlobalSpec, bytes: Buffer = Buffer.from(g.initial, 'hex')): string {
  if (g.kind === 'char[]') return JSON.stringify(bytes.toString('utf8').replace(/\0.*$/s, ''));
  if (g.kind === 'int' && [1, 2, 4, 8].includes(g.size)) {
    const u = g.size === 8 ? bytes.readBigUInt64LE() : BigInt(bytes.readUIntLE(0, g.size));
    return String(g.signed ? BigInt.asIntN(g.size * 8, u) : u);
  }
  return `0x${bytes.toString('hex')}`;
}
