// hubble.sock: the observe area's one Observer implementation (src/hubble/server.ts) over a
// FlowRing of --flow-buffer flows, fed by the datapath. Absent from the build → no hubble.sock.
import {chmodSync, chownSync} from 'node:fs';
import type {Logger} from './log.js';
import {groupId} from './sockets.js';
import type {AgentCore} from './daemon.js';

export interface HubbleHandle {
  push(resp: unknown): void;
  stats(): {current: number; max: number; seen: number};
  close(): Promise<void>;
}

interface RingLike {
  push(resp: unknown): void;
  seen: number;
  num: number;
  max: number;
}
type RingModule = {FlowRing: new (capacity: number) => RingLike};
type ServerModule = {
  startObserverServer(o: {ring: RingLike; address: string; nodeName: string; version: string; namespaces?: () => Array<{cluster: string; namespace: string}>}): Promise<{close(): unknown}> | {close(): unknown};
};

export async function startHubble(core: AgentCore, sockPath: string, log: Logger): Promise<HubbleHandle | undefined> {
  const ringMod = (await import('../hubble/ring.js')) as unknown as RingModule;
  const serverMod = (await import('../hubble/server.js')) as unknown as ServerModule;
  const ring = new ringMod.FlowRing(core.opts.flowBuffer);
  const server = await serverMod.startObserverServer({
    ring,
    address: `unix://${sockPath}`,
    nodeName: core.nodeName,
    version: `axon v${core.version}`,
    namespaces: () =>
      [...new Set(core.endpoints.list().map((e) => e.namespace))].sort().map((namespace) => ({cluster: 'default', namespace})),
  });
  chmodSync(sockPath, 0o660);
  const gid = groupId('cilium');
  if (gid !== undefined) chownSync(sockPath, 0, gid);
  log.info('Hubble server listening', {address: `unix://${sockPath}`, bufferSize: core.opts.flowBuffer});
  return {
    push: (resp) => ring.push(resp),
    stats: () => ({current: ring.num, max: ring.max, seen: ring.seen}),
    close: async () => {
      await server.close();
    },
  };
}
