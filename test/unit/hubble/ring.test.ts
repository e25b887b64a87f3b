// FlowRing: bounded storage, counters, cursor reads that report overwritten entries.
import assert from 'node:assert/strict';
import {create} from '@bufbuild/protobuf';
import {GetFlowsResponseSchema} from '../../../src/hubble/gen/observer/observer_pb.js';
import {FlowRing} from '../../../src/hubble/ring.js';

const resp = (n: string) => create(GetFlowsResponseSchema, {nodeName: n});

describe('hubble/ring FlowRing', () => {
  it('keeps the newest `capacity` entries and counts everything seen', () => {
    const r = new FlowRing(3);
    for (const n of ['a', 'b', 'c', 'd', 'e']) r.push(resp(n));
    assert.deepEqual([...r.entries()].map((x) => x.nodeName), ['c', 'd', 'e']);
    assert.equal(r.seen, 5);
    assert.equal(r.num, 3);
    assert.equal(r.max, 3);
    assert.equal(r.oldestSeq, 2);
    assert.equal(r.at(1), undefined);
    assert.equal(r.at(4)?.nodeName, 'e');
  });

  it('a cursor behind the oldest entry learns how many it lost', () => {
    const r = new FlowRing(2);
    for (const n of ['a', 'b', 'c', 'd']) r.push(resp(n));
    assert.deepEqual(r.read(0), {lost: 2, seq: 2});
    const next = r.read(2);
    assert.ok(next && 'resp' in next && next.resp.nodeName === 'c' && next.seq === 3);
    assert.equal(r.read(4), undefined);
  });

  it('wakes waiters on push', async () => {
    const r = new FlowRing(2);
    const w = r.waitForPush();
    r.push(resp('x'));
    await w;
    const ac = new AbortController();
    const w2 = r.waitForPush(ac.signal);
    ac.abort();
    await w2;
  });

  it('rejects a bad capacity', () => assert.throws(() => new FlowRing(0), RangeError));
});
