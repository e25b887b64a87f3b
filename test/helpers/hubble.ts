// A real Hubble Observer server (src/hubble/server.ts) on a unix socket in a temp dir, with
// helpers to build flows. Closed after the test by the cleanup hook.
import {join} from 'node:path';
import {create} from '@bufbuild/protobuf';
import {timestampFromMs} from '@bufbuild/protobuf/wkt';
import {FlowSchema, type Flow} from '../../src/hubble/gen/flow/flow_pb.js';
import {GetFlowsResponseSchema, type GetFlowsRequest, type GetFlowsResponse} from '../../src/hubble/gen/observer/observer_pb.js';
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
  /** Every GetFlows request the server received, as received. */
  requests: GetFlowsRequest[];
  push(flow: Parameters<typeof create<typeof FlowSchema>>[1], nodeName?: string): GetFlowsResponse;
  /** Start the server again on the same socket and ring (after close()). */
  restart(): Promise<void>;
}

export async function startHubble(opts: {capacity?: number; nodeName?: string; dir?: string} = {}): Promise<TestHubble> {
  const socket = join(opts.dir ?? tmpDir('axon-hubble-'), 'hubble.sock');
  const address = `unix://${socket}`;
  const ring = new FlowRing(opts.capacity ?? 4095);
  const nodeName = opts.nodeName ?? 'test-node';
  const requests: GetFlowsRequest[] = [];
  const start = () => startObserverServer({ring, address, nodeName, version: 'axon-test v0.1.0', onGetFlows: (r) => requests.push(r)});
  const h: TestHubble = {
    ring,
    server: await start(),
    address,
    socket,
    env: {HUBBLE_SERVER: address},
    requests,
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

export interface ChildHubble {
  socket: string;
  address: string;
  /** Push one GetFlowsResponse (JSON line) into the child's ring. */
  push(jsonLine: string): void;
  /** SIGKILL: no goodbye to the clients. */
  kill(): Promise<void>;
}

/** The Observer server in a separate process (see hubble-child.ts), preloaded from a JSONL file. */
export async function spawnHubble(socket: string, preload?: string): Promise<ChildHubble> {
  const {spawn} = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./hubble-child.ts', import.meta.url).pathname, socket, ...(preload ? [preload] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.add(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (c) => reject(new Error(`hubble child exited early (${c})`)));
  });
  return {
    socket,
    address: `unix://${socket}`,
    push: (line) => child.stdin!.write(line.endsWith('\n') ? line : line + '\n'),
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
