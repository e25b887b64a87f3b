import assert from 'node:assert/strict';
import {EventQueue} from '../../../src/datapath/queue.js';

describe('datapath: event queue between the ring buffer and flow building', () => {
  const record = (n: number) => {
    const w = new Uint32Array(32);
    w.fill(n, 16, 32); // the record sits at byte offset 64 of the source
    return w;
  };

  it('copies records, keeps order, refuses when full and wraps around', () => {
    const q = new EventQueue(3);
    for (const n of [1, 2, 3]) assert.equal(q.push(record(n), 64), true);
    assert.equal(q.push(record(4), 64), false, 'full');
    const seen: number[] = [];
    assert.equal(q.drain(2, (v, off) => seen.push(v.getUint32(off + 60, true))), 2);
    assert.ok(q.push(record(4), 64) && q.push(record(5), 64));
    q.drain(10, (v, off) => seen.push(v.getUint32(off, true)));
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(q.length, 0);
  });
});
