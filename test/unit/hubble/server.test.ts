// The Observer server over a ring, driven by the real grpc-js client on a unix socket.
import assert from 'node:assert/strict';
import {create} from '@bufbuild/protobuf';
import {timestampFromMs} from '@bufbuild/protobuf/wkt';
import {GetFlowsRequestSchema, type GetFlowsResponse} from '../../../src/hubble/gen/observer/observer_pb.js';
import {connect, type HubbleClient} from '../../../src/hubble/client.js';
import {startHubble, type TestHubble} from '../../helpers/hubble.js';
import {cleanup} from '../../helpers/cleanup.js';
import {ConnectError, UsageError} from '../../../src/errors.js';

type ReqInit = Parameters<typeof create<typeof GetFlowsRequestSchema>>[1];

async function client(h: TestHubble): Promise<HubbleClient> {
  const c = await connect({server: h.address, dialTimeoutMs: 2000, requestTimeoutMs: 2000});
  cleanup.add(() => c.close());
  return c;
}

async function collect(c: HubbleClient, req: ReqInit, max = Infinity, signal?: AbortSignal): Promise<GetFlowsResponse[]> {
  const out: GetFlowsResponse[] = [];
  for await (const r of c.getFlows(create(GetFlowsRequestSchema, req), signal)) {
    out.push(r);
    if (out.length >= max) break;
  }
  return out;
}

const ports = (rs: GetFlowsResponse[]) =>
  rs.map((r) => (r.responseTypes.case === 'flow' && r.responseTypes.value.l4?.protocol.case === 'TCP' ? r.responseTypes.value.l4.protocol.value.sourcePort : -1));

function fill(h: TestHubble, n: number, t0 = Date.now() - n * 1000) {
  for (let i = 1; i <= n; i++)
    h.push({
      time: timestampFromMs(t0 + i * 1000),
      verdict: i % 2 ? 1 : 2,
      l4: {protocol: {case: 'TCP', value: {sourcePort: i, destinationPort: 80}}},
      source: {namespace: 'ns', podName: `pod-${i}`},
    });
}

describe('hubble/server GetFlows', () => {
  it('returns the last N flows in order, or the first N', async () => {
    const h = await startHubble();
    fill(h, 10);
    const c = await client(h);
    assert.deepEqual(ports(await collect(c, {number: 3n})), [8, 9, 10]);
    assert.deepEqual(ports(await collect(c, {number: 3n, first: true})), [1, 2, 3]);
  });

  it('applies whitelist and blacklist before counting', async () => {
    const h = await startHubble();
    fill(h, 10);
    const c = await client(h);
    const got = await collect(c, {number: 2n, whitelist: [{verdict: [2]}], blacklist: [{sourcePod: ['ns/pod-10']}]});
    assert.deepEqual(ports(got), [6, 8]);
  });

  it('honours since/until', async () => {
    const h = await startHubble();
    const t0 = Date.now() - 100_000;
    fill(h, 10, t0);
    const c = await client(h);
    const got = await collect(c, {since: timestampFromMs(t0 + 3000), until: timestampFromMs(t0 + 5000)});
    assert.deepEqual(ports(got), [3, 4, 5]);
  });

  it('applies the field mask', async () => {
    const h = await startHubble();
    fill(h, 1);
    const c = await client(h);
    const [r] = await collect(c, {number: 1n, fieldMask: {paths: ['verdict', 'source.pod_name']}});
    assert.equal(r.responseTypes.case, 'flow');
    const f = r.responseTypes.value as import('../../../src/hubble/gen/flow/flow_pb.js').Flow;
    assert.equal(f.verdict, 1);
    assert.equal(f.source?.podName, 'pod-1');
    assert.equal(f.source?.namespace, '');
    assert.equal(f.l4, undefined);
  });

  it('rejects invalid filters with INVALID_ARGUMENT', async () => {
    const h = await startHubble();
    const c = await client(h);
    await assert.rejects(collect(c, {whitelist: [{sourceIp: ['nope']}]}), (e: unknown) => e instanceof UsageError && /invalid IP address/.test(e.message));
  });

  it('follows new flows after the backlog', async () => {
    const h = await startHubble();
    fill(h, 2);
    const c = await client(h);
    const ac = new AbortController();
    const p = collect(c, {number: 1n, follow: true}, 3, ac.signal);
    setTimeout(() => {
      h.push({l4: {protocol: {case: 'TCP', value: {sourcePort: 77, destinationPort: 1}}}});
      h.push({l4: {protocol: {case: 'TCP', value: {sourcePort: 78, destinationPort: 1}}}});
    }, 100);
    assert.deepEqual(ports(await p), [2, 77, 78]);
  });

  it('sends a HUBBLE_RING_BUFFER LostEvent to a follower that fell behind', async () => {
    const h = await startHubble({capacity: 8});
    const c = await client(h);
    const got: GetFlowsResponse[] = [];
    const it = c.getFlows(create(GetFlowsRequestSchema, {follow: true}))[Symbol.asyncIterator]();
    const first = it.next();
    await new Promise((r) => setTimeout(r, 100));
    // Overrun the ring while the server is still writing the first one.
    for (let i = 1; i <= 100; i++) h.push({l4: {protocol: {case: 'TCP', value: {sourcePort: i, destinationPort: 1}}}});
    got.push((await first).value);
    for (;;) {
      const n = await it.next();
      got.push(n.value);
      if (ports([n.value])[0] === 100) break;
    }
    await it.return?.(undefined);
    const lost = got.filter((r) => r.responseTypes.case === 'lostEvents');
    assert.ok(lost.length >= 1, 'a lost event was sent');
    const total = lost.reduce((s, r) => s + Number((r.responseTypes.value as {numEventsLost: bigint}).numEventsLost), 0);
    assert.equal(total + got.length - lost.length, 100, 'lost + delivered = pushed');
  });

  it('ServerStatus, GetNodes and GetNamespaces report the ring', async () => {
    const h = await startHubble({capacity: 16, nodeName: 'n1'});
    fill(h, 20, Date.now() - 30_000);
    const c = await client(h);
    const st = await c.serverStatus();
    assert.equal(st.numFlows, 16n);
    assert.equal(st.maxFlows, 16n);
    assert.equal(st.seenFlows, 20n);
    assert.equal(st.version, 'axon-test v0.1.0');
    assert.ok(st.flowsRate > 0);
    assert.equal(c.serverVersion(), 'axon-test v0.1.0');
    const nodes = await c.getNodes();
    assert.equal(nodes.nodes[0].name, 'n1');
    assert.equal(nodes.nodes[0].numFlows, 16n);
    const ns = await c.getNamespaces();
    assert.deepEqual(ns.namespaces.map((n) => n.namespace), ['ns']);
  });

  it('connect names the address when nothing listens', async () => {
    await assert.rejects(
      connect({server: 'unix:///nonexistent/hubble.sock', dialTimeoutMs: 500, requestTimeoutMs: 500}),
      (e: unknown) => e instanceof ConnectError && e.message.includes('unix:///nonexistent/hubble.sock') && /axon agent/.test(e.hint ?? ''),
    );
  });
});
