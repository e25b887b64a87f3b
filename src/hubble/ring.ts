// A bounded ring of GetFlowsResponses, as Hubble's observer keeps it: fixed capacity, the oldest
// entry is overwritten, every entry has a sequence number. Readers hold a cursor (a sequence
// number) instead of a private queue, so a slow follower never makes memory grow: when its
// cursor has been overwritten it learns how many entries it lost (a LostEvent) and jumps ahead.
import type {GetFlowsResponse} from './gen/observer/observer_pb.js';

export type RingRead = {resp: GetFlowsResponse; seq: number} | {lost: number; seq: number};

export class FlowRing {
  readonly capacity: number;
  private readonly buf: (GetFlowsResponse | undefined)[];
  /** Sequence number of the next push (= total pushed, the "seen" counter). */
  private next = 0;
  private readonly waiters = new Set<() => void>();

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.buf = new Array(capacity);
  }

  /** Store a response (flow, lost event, ...) and wake the followers. */
  push(resp: GetFlowsResponse): void {
    this.buf[this.next % this.capacity] = resp;
    this.next++;
    if (this.waiters.size) {
      const ws = [...this.waiters];
      this.waiters.clear();
      for (const w of ws) w();
    }
  }

  /** Responses ever pushed. */
  get seen(): number {
    return this.next;
  }

  /** Responses currently stored. */
  get num(): number {
    return Math.min(this.next, this.capacity);
  }

  /** Maximum stored. */
  get max(): number {
    return this.capacity;
  }

  /** Sequence number of the oldest stored entry. */
  get oldestSeq(): number {
    return Math.max(0, this.next - this.capacity);
  }

  /** Sequence number the next push will get. */
  get nextSeq(): number {
    return this.next;
  }

  /** The entry with this sequence number, if still stored. */
  at(seq: number): GetFlowsResponse | undefined {
    if (seq < this.oldestSeq || seq >= this.next) return undefined;
    return this.buf[seq % this.capacity];
  }

  /**
   * Read at a cursor: the entry, or how many entries were overwritten before the cursor could
   * read them (the caller continues at the returned seq), or undefined when caught up.
   */
  read(seq: number): RingRead | undefined {
    const oldest = this.oldestSeq;
    if (seq < oldest) return {lost: oldest - seq, seq: oldest};
    if (seq >= this.next) return undefined;
    return {resp: this.buf[seq % this.capacity]!, seq: seq + 1};
  }

  /** Resolve on the next push (or when the signal aborts). */
  waitForPush(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', done, {once: true});
    });
  }

  /** Stored entries, oldest first. */
  *entries(): Generator<GetFlowsResponse> {
    for (let s = this.oldestSeq; s < this.next; s++) yield this.buf[s % this.capacity]!;
  }
}
