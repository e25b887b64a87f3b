// The local agent's REST API for live values: the socket is the --host given earlier on the
// line, else CILIUM_SOCK, else the default; the budget's abort drops the connection.
import {CiliumClient} from '../../cilium/client.js';
import type {ProviderContext} from '../sources.js';

export async function withAgent<T>(ctx: ProviderContext, use: (client: CiliumClient) => Promise<T>): Promise<T> {
  const client = CiliumClient.agent(ctx.flags.get('host')?.at(-1), ctx.env);
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
