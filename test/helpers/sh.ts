import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';

const execFileP = promisify(execFile);

/** Run a command, return stdout; throws with stderr in the message on failure. */
export async function sh(cmd: string, args: string[], opts: {timeout?: number; input?: string} = {}): Promise<string> {
  try {
    const {stdout} = await execFileP(cmd, args, {timeout: opts.timeout ?? 10_000, maxBuffer: 64 << 20});
    return stdout;
  } catch (e) {
    const err = e as Error & {stderr?: string};
    throw new Error(`${cmd} ${args.join(' ')}: ${err.stderr?.trim() || err.message}`);
  }
}

export function shSync(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
}

/** Like sh() but never throws: returns {ok, out, err}. */
export async function trySh(cmd: string, args: string[], timeout = 10_000): Promise<{ok: boolean; out: string; err: string}> {
  try {
    const {stdout, stderr} = await execFileP(cmd, args, {timeout, maxBuffer: 64 << 20});
    return {ok: true, out: stdout, err: stderr};
  } catch (e) {
    const err = e as Error & {stdout?: string; stderr?: string};
    return {ok: false, out: err.stdout ?? '', err: err.stderr ?? err.message};
  }
}
