// A Hubble Observer server (src/hubble/server.ts) in its own process, so tests can SIGKILL it
// mid-stream. argv: <socket> [flows.jsonl to preload]; each stdin line is a GetFlowsResponse
// JSON to push; prints "ready" once listening.
import {readFileSync} from 'node:fs';
import {createInterface} from 'node:readline';
import {fromJsonString} from '@bufbuild/protobuf';
import {GetFlowsResponseSchema} from '../../src/hubble/gen/observer/observer_pb.js';
import {FlowRing} from '../../src/hubble/ring.js';
import {startObserverServer} from '../../src/hubble/server.js';

const [socket, preload] = process.argv.slice(2);
const ring = new FlowRing(4095);
const push = (line: string) => line.trim() && ring.push(fromJsonString(GetFlowsResponseSchema, line));
if (preload) for (const l of readFileSync(preload, 'utf8').split('\n')) push(l);
await startObserverServer({ring, address: `unix://${socket}`, nodeName: 'child-node', version: 'axon-test v0.1.0'});
process.stdout.write('ready\n');
for await (const line of createInterface({input: process.stdin})) push(line);
