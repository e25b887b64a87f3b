// The observer events queue between the kernel ring buffer and flow building (Cilium's monitor
// queue in front of Hubble's parser): records are copied out of the ring as 16 words each, so a
// burst empties the kernel ring at memcpy speed and flows are then built with a per-tick budget.
import {EVENT_SIZE} from './event.js';

const WORDS = EVENT_SIZE / 4;

export class EventQueue {
  private readonly words: Uint32Array;
  readonly view: DataView;
  private head = 0; // next record to read
  private tail = 0; // next record to write

  constructor(readonly capacity: number) {
    this.words = new Uint32Array(capacity * WORDS);
    this.view = new DataView(this.words.buffer);
  }

  get length(): number {
    return this.tail - this.head;
  }

  /** Copies the record at byte offset off of src (a word array); false when full. */
  push(src: Uint32Array, off: number): boolean {
    if (this.tail - this.head >= this.capacity) return false;
    const d = (this.tail % this.capacity) * WORDS;
    const s = off >> 2;
    for (let i = 0; i < WORDS; i++) this.words[d + i] = src[s + i];
    this.tail++;
    return true;
  }

  /** Hands up to budget records to fn(view, byteOffset); returns how many. */
  drain(budget: number, fn: (v: DataView, off: number) => void): number {
    let n = 0;
    while (this.head < this.tail && n < budget) {
      const off = (this.head % this.capacity) * EVENT_SIZE;
      this.head++;
      n++;
      fn(this.view, off);
    }
    return n;
  }
}
