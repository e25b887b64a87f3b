// Temp directories and unix-socket servers that are removed after the test, pass or fail.
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cleanup} from './cleanup.js';

export function tmpDir(prefix = 'axon-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.add(() => rmSync(dir, {recursive: true, force: true}));
  return dir;
}

export type Handler = (req: IncomingMessage & {body: string}, res: ServerResponse) => void | Promise<void>;

export interface UnixHttpServer {
  path: string;
  server: Server;
  requests: Array<{method: string; url: string; headers: IncomingMessage['headers']; body: string}>;
  close(): Promise<void>;
}

/** A real HTTP/1.1 server on a unix socket in a fresh temp dir, recording every request. */
export async function unixHttpServer(handler: Handler, name = 'api.sock'): Promise<UnixHttpServer> {
  const path = join(tmpDir(), name);
  const requests: UnixHttpServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({method: req.method ?? '', url: req.url ?? '', headers: req.headers, body});
      void handler(Object.assign(req, {body}), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanup.add(close);
  return {path, server, requests, close};
}
