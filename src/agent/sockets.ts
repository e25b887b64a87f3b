// Unix sockets of the agent: refuse to start when a live agent owns them (a connect succeeds),
// replace stale ones (connect refused), mode 0660 and group "cilium" when that group exists.
import {chmodSync, chownSync, existsSync, readFileSync, unlinkSync} from 'node:fs';
import {connect, type Server} from 'node:net';
import {AxonError} from '../errors.js';

export type SocketState = 'absent' | 'stale' | 'live';

export function probeSocket(path: string, timeoutMs = 1000): Promise<SocketState> {
  if (!existsSync(path)) return Promise.resolve('absent');
  return new Promise((resolve) => {
    const s = connect(path);
    const done = (st: SocketState) => {
      clearTimeout(t);
      s.destroy();
      resolve(st);
    };
    const t = setTimeout(() => done('live'), timeoutMs); // accepted but silent: someone is there
    s.once('connect', () => done('live'));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ENOENT' ? 'absent' : 'stale'));
  });
}

/** The numeric gid of a group from /etc/group, if it exists. */
export function groupId(name: string): number | undefined {
  try {
    for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
      const [n, , gid] = line.split(':');
      if (n === name) return Number(gid);
    }
  } catch {
    // no /etc/group
  }
  return undefined;
}

export async function ensureSocketFree(path: string): Promise<'absent' | 'stale'> {
  const st = await probeSocket(path);
  if (st === 'live')
    throw new AxonError(`another agent is already serving ${path}`, {
      hint: 'stop it first (or pass a different --run-dir); a stale socket of a dead agent is replaced automatically',
    });
  if (st === 'stale') unlinkSync(path);
  return st;
}

export function listenUnix(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      chmodSync(path, 0o660);
      const gid = groupId('cilium');
      if (gid !== undefined) chownSync(path, 0, gid);
      resolve();
    });
  });
}

export function removeSocket(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
