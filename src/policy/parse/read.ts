// Read policy files ('-' = stdin, a directory = its *.yaml/*.yml/*.json files) with a size limit,
// so a wrong argument (a 50 MB log, a device) fails with a clear error instead of hanging.
import {open, readdir, stat} from 'node:fs/promises';
import {join} from 'node:path';
import {NotFoundError, UsageError, fromSystemError} from '../../errors.js';

export interface Source {
  file: string;
  text: string;
}

/** Larger policy files are almost certainly a wrong argument; `AXON_POLICY_MAX_BYTES` overrides. */
export const MAX_INPUT_BYTES = 8 * 1024 * 1024;
export const STDIN_NAME = '<stdin>';
const POLICY_EXT = /\.(ya?ml|json)$/i;

export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.AXON_POLICY_MAX_BYTES);
  return Number.isInteger(n) && n > 0 ? n : MAX_INPUT_BYTES;
}

export async function readSources(paths: string[], opts: {stdin?: NodeJS.ReadableStream; maxBytes?: number} = {}): Promise<Source[]> {
  const max = opts.maxBytes ?? maxInputBytes();
  const out: Source[] = [];
  for (const p of paths) {
    if (p === '-') out.push({file: STDIN_NAME, text: decode(STDIN_NAME, await readStream(opts.stdin ?? process.stdin, max))});
    else out.push(...(await readPath(p, max)));
  }
  return out;
}

async function readPath(path: string, max: number): Promise<Source[]> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new NotFoundError(`${path}: no such file`, {hint: 'check the path, or pass - to read the policy from stdin'});
    }
    throw fromSystemError(path, err);
  }
  if (st.isDirectory()) {
    const names = (await readdir(path)).filter((n) => POLICY_EXT.test(n)).sort();
    if (names.length === 0) throw new UsageError(`${path}: directory holds no .yaml, .yml or .json file`);
    const out: Source[] = [];
    for (const n of names) out.push(...(await readPath(join(path, n), max)));
    return out;
  }
  if (!st.isFile()) throw new UsageError(`${path}: not a regular file`, {hint: 'pass a policy file, a directory of them, or - for stdin'});
  if (st.size > max) throw tooLarge(path, st.size, max);
  let fh;
  try {
    fh = await open(path, 'r');
    const buf = await fh.readFile();
    if (buf.length > max) throw tooLarge(path, buf.length, max);
    return [{file: path, text: decode(path, buf)}];
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw fromSystemError(`read ${path}`, err);
  } finally {
    await fh?.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > max) {
      (stream as NodeJS.ReadStream).destroy?.();
      throw tooLarge(STDIN_NAME, size, max, true);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function tooLarge(file: string, size: number, max: number, atLeast = false): UsageError {
  const what = atLeast ? `${file} exceeds` : `${file} is ${mib(size)}, more than`;
  return new UsageError(`${what} the ${mib(max)} limit for policy input`, {
    hint: 'pass the policy files themselves (set AXON_POLICY_MAX_BYTES to raise the limit)',
  });
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const utf8 = new TextDecoder('utf-8', {fatal: true});

function decode(file: string, buf: Buffer): string {
  try {
    return utf8.decode(buf).replace(/^\uFEFF/, '');
  } catch {
    throw new UsageError(`${file}: not UTF-8 text`, {hint: 'policy files are YAML or JSON text'});
  }
}
