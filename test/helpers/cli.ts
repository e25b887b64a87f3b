// Spawn the real CLI (bin/run.js, built code) and collect {code, stdout, stderr}.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/run.js`;

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  stdin?: string | Buffer;
  timeout?: number;
  cwd?: string;
  /** Called with each stdout chunk while the process runs (for streaming commands). */
  onStdout?: (chunk: string) => void;
  /** Abort to send SIGINT. */
  signal?: AbortSignal;
  uid?: number;
  gid?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Environment without the developer's overrides, so tests see defaults unless they set them. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env};
  for (const k of ['CILIUM_SOCK', 'CILIUM_HEALTH_SOCK', 'HUBBLE_SERVER', 'NO_COLOR', 'FORCE_COLOR', 'AXON_DEBUG', 'AXON_BPFFS_ROOT', 'KUBECONFIG']) delete env[k];
  return {...env, ...extra};
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: cleanEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      uid: opts.uid,
      gid: opts.gid,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      opts.onStdout?.(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 15_000);
    opts.signal?.addEventListener('abort', () => child.kill('SIGINT'), {once: true});
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({code, signal, stdout, stderr, ms: Date.now() - started});
    });
    child.stdin.on('error', () => {});
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
  });
}
