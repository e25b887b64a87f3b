// A real Hubble Observer server (src/hubble/server.ts) on a unix socket in a temp dir, with
// helpers to build flows. Closed after the test by the cleanup hook.
import {join} from 'node:path';
import {create} from '@bufbuild/protobuf';
import {timestampFromMs} from '@bufbuild/protobuf/wkt';
import {FlowSchema, type Flow} from '../../src/hubble/gen/flow/flow_pb.js';
import {GetFlowsResponseSchema, type GetFlowsResponse} from '../../src/hubble/gen/observer/observer_pb.js';
import {FlowRing} from '../../src/hubble/ring.js';
import {startObserverServer, type ObserverServer} from '../../src/hubble/server.js';
import {cleanup} from './cleanup.js';
import {tmpDir} from './tmp.js';

export interface TestHubble {
  ring: FlowRing;
  server: ObserverServer;
  /** `unix:///tmp/.../hubble.sock` */
  address: string;
  socket: string;
  env: NodeJS.ProcessEnv;
  push(flow: Parameters<typeof create<typeof FlowSchema>>[1], nodeName?: string): GetFlowsResponse;
  /** Start the server again on the same socket and ring (after close()). */
  restart(): Promise<void>;
}

export async function startHubble(opts: {capacity?: number; nodeName?: string; dir?: string} = {}): Promise<TestHubble> {
  const socket = join(opts.dir ?? tmpDir('axon-hubble-'), 'hubble.sock');
  const address = `unix://${socket}`;
  const ring = new FlowRing(opts.capacity ?? 4095);
  const nodeName = opts.nodeName ?? 'test-node';
  const start = () => startObserverServer({ring, address, nodeName, version: 'axon-test v0.1.0'});
  const h: TestHubble = {
    ring,
    server: await start(),
    address,
    socket,
    env: {HUBBLE_SERVER: address},
    push(init, node = nodeName) {
      const flow: Flow = create(FlowSchema, {nodeName: node, ...init});
      flow.time ??= timestampFromMs(Date.now());
      const resp = create(GetFlowsResponseSchema, {responseTypes: {case: 'flow', value: flow}, nodeName: node, time: flow.time});
      ring.push(resp);
      return resp;
    },
    async restart() {
      h.server = await start();
    },
  };
  cleanup.add(() => h.server.close());
  return h;
}
