// The local agent's REST API for live values: the socket is the --host given earlier on the
// line, else CILIUM_SOCK, else the default; the budget's abort drops the connection.
import {existsSync} from 'node:fs';
import type {CiliumClient} from '../../cilium/client.js';
import {ciliumSock} from '../../defaults.js';
import type {ProviderContext} from '../sources.js';

export async function withAgent<T>(ctx: ProviderContext, use: (client: CiliumClient) => Promise<T>): Promise<T> {
  const host = ctx.flags.get('host')?.at(-1);
  // No socket, no agent: answer before paying for node:http (the common case on a laptop).
  const sock = host === undefined ? ciliumSock(ctx.env) : host.startsWith('unix://') ? host.slice(7) : undefined;
  if (sock !== undefined && !existsSync(sock)) throw new Error(`no agent socket at ${sock}`);
  const {CiliumClient} = await import('../../cilium/client.js');
  const client = CiliumClient.agent(host, ctx.env);
  // A silent agent must not keep the process alive once the budget is spent.
  const stop = () => client.close();
  ctx.signal.addEventListener('abort', stop, {once: true});
  try {
    return await use(client);
  } finally {
    ctx.signal.removeEventListener('abort', stop);
    client.close();
  }
}
