// Shared by the bpf privileged tests: TCP listeners inside a test netns, connect attempts
// from the root namespace, kernel/bpffs residue queries (polled: the kernel frees async).
import {spawn} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {connect} from 'node:net';
import {cleanup} from '../../helpers/cleanup.js';
import {runCli, type RunResult} from '../../helpers/cli.js';
import {TEST_BPFFS_ROOT} from '../../helpers/residue.js';
import {sh, trySh} from '../../helpers/sh.js';

export const ENV = {AXON_BPFFS_ROOT: TEST_BPFFS_ROOT};
export const OBJ = 'bpf/drop_port.bpf.o';

export function axon(args: string[], opts: Parameters<typeof runCli>[1] = {}): Promise<RunResult> {
  return runCli(args, {timeout: 20_000, ...opts, env: {...ENV, ...opts.env}});
}

/** Unload everything under the test bpffs root after the test (registered before loading). */
export function unloadAfter(): void {
  cleanup.add(async () => {
    const r = await axon(['bpf', 'unload', '--all']);
    if (r.code !== 0) throw new Error(`bpf unload --all: ${r.stderr}`);
  });
}

/** A TCP server in `ns` on ip:port answering "hello <port>"; resolves once it listens. */
export async function listen(ns: string, ip: string, port: number): Promise<void> {
  const code = `require('net').createServer((s) => s.end('hello ${port}')).listen(${port}, '${ip}', () => console.log('ready'))`;
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], {stdio: ['ignore', 'pipe', 'inherit']});
  cleanup.add(() => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (c) => reject(new Error(`listener on ${port} exited ${c}`)));
  });
}

/** 'ok' with the greeting, or 'timeout' when nothing answered within ms (a dropped SYN). */
export function tryConnect(ip: string, port: number, ms = 400): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({host: ip, port});
    let data = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve('timeout');
    }, ms);
    s.on('data', (d) => (data += d));
    s.on('end', () => {
      clearTimeout(timer);
      resolve(`ok ${data}`);
    });
    s.on('error', (e) => {
      clearTimeout(timer);
      resolve(`error ${(e as NodeJS.ErrnoException).code}`);
    });
  });
}

export async function poll<T>(what: string, fn: () => Promise<T> | T, ok: (v: T) => boolean, ms = 4000): Promise<T> {
  const until = Date.now() + ms;
  let v = await fn();
  while (!ok(v)) {
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
    v = await fn();
  }
  return v;
}

async function bpftoolList(kind: 'prog' | 'map' | 'link'): Promise<Array<Record<string, unknown>>> {
  return JSON.parse(await sh('bpftool', ['-j', kind, 'list'])) as Array<Record<string, unknown>>;
}

/** Kernel objects with these ids that still exist (bpftool's view). */
export async function aliveIds(ids: {prog?: number[]; map?: number[]; link?: number[]}): Promise<string[]> {
  const out: string[] = [];
  for (const kind of ['prog', 'map', 'link'] as const) {
    const want = ids[kind] ?? [];
    if (!want.length) continue;
    for (const o of await bpftoolList(kind)) if (want.includes(o.id as number)) out.push(`${kind} ${o.id}`);
  }
  return out;
}

/** Kernel programs whose name starts with prefix (bpftool shows 15 characters). */
export async function progsNamed(prefix: string): Promise<number[]> {
  return (await bpftoolList('prog')).filter((p) => String(p.name ?? '').startsWith(prefix.slice(0, 15))).map((p) => p.id as number);
}

export function bpffsEntries(): string[] {
  return existsSync(TEST_BPFFS_ROOT) ? readdirSync(TEST_BPFFS_ROOT) : [];
}

export async function qdiscs(dev: string, ns?: string): Promise<string> {
  return (await trySh('tc', [...(ns ? ['-n', ns] : []), 'qdisc', 'show', 'dev', dev])).out;
}

export async function filters(dev: string, dir: 'ingress' | 'egress', ns?: string): Promise<string> {
  return (await trySh('tc', [...(ns ? ['-n', ns] : []), 'filter', 'show', 'dev', dev, dir])).out;
}
