// BPF ring buffer consumer without libbpf callbacks: the map is mmapped (consumer page
// read-write, producer page + data read-only, data mapped twice so records never wrap) and the
// records are walked in JS. ~10 M records/s (reference/ebpf-loading.md), and never blocks: the
// caller polls from a timer with a per-call budget.
import {readFileSync} from 'node:fs';
import {AxonError} from '../errors.js';
import type {LibbpfBindings} from '../ebpf/libbpf.js';

const PROT_READ = 1;
const PROT_WRITE = 2;
const MAP_SHARED = 1;
const BUSY_BIT = 0x80000000;
const DISCARD_BIT = 0x40000000;
const HDR_SIZE = 8;

interface Libc {
  mmap(addr: null, len: number, prot: number, flags: number, fd: number, off: number): unknown;
  munmap(addr: unknown, len: number): number;
  getpagesize(): number;
}

let libc: Libc | undefined;
function bindLibc(lib: LibbpfBindings): Libc {
  if (libc) return libc;
  const c = lib.koffi.load('libc.so.6');
  libc = {
    mmap: c.func('void *mmap(void *addr, size_t len, int prot, int flags, int fd, intptr_t off)'),
    munmap: c.func('int munmap(void *addr, size_t len)'),
    getpagesize: c.func('int getpagesize(void)'),
  };
  return libc;
}

const MAP_FAILED = 0xffffffffffffffffn;

/** Receives one record (offset into view/words, 8-byte aligned); returning false leaves it in the ring. */
export type OnRecord = (v: DataView, off: number, len: number, words: Uint32Array) => boolean;

export interface RingConsumer {
  /** Hands up to `budget` records to onRecord; returns how many it consumed. */
  poll(budget: number): number;
  /** Bytes written by the kernel and not consumed yet. */
  pending(): number;
  close(): void;
}

/** Maps the ring buffer map `fd` of `size` bytes (its max_entries, a power-of-two multiple of the page size). */
export function openRing(lib: LibbpfBindings, fd: number, size: number, onRecord: OnRecord): RingConsumer {
  const c = bindLibc(lib);
  const page = c.getpagesize();
  const mmap = (len: number, prot: number, off: number) => {
    const p = c.mmap(null, len, prot, MAP_SHARED, fd, off);
    if (p === null || BigInt(lib.koffi.address(p) as bigint) === MAP_FAILED) throw new AxonError(`mmap ring buffer (fd ${fd}): errno ${lib.errno()}`);
    return p;
  };
  const consPtr = mmap(page, PROT_READ | PROT_WRITE, 0);
  const prodLen = page + 2 * size;
  let prodPtr: unknown;
  try {
    prodPtr = mmap(prodLen, PROT_READ, page);
  } catch (e) {
    c.munmap(consPtr, page);
    throw e;
  }
  const cons = new BigUint64Array(lib.koffi.view(consPtr, 8) as ArrayBuffer);
  const prod = new BigUint64Array(lib.koffi.view(prodPtr, 8) as ArrayBuffer);
  const dataBuf = lib.koffi.view(prodPtr, prodLen) as ArrayBuffer;
  const data = new DataView(dataBuf, page);
  const hdr = new Uint32Array(dataBuf, page);
  let closed = false;

  return {
    poll(budget) {
      if (closed) return 0;
      // Positions as plain numbers (exact below 2^53 bytes): no BigInt per record.
      let pos = Number(Atomics.load(cons, 0));
      const end = Number(Atomics.load(prod, 0));
      const start = pos;
      let n = 0;
      while (pos < end && n < budget) {
        const off = pos % size;
        const len = Atomics.load(hdr, off >> 2);
        if (len & BUSY_BIT) break; // reserved, not committed yet
        const body = len & ~(BUSY_BIT | DISCARD_BIT);
        if (!(len & DISCARD_BIT)) {
          if (!onRecord(data, off + HDR_SIZE, body, hdr)) break;
          n++;
        }
        pos += (body + HDR_SIZE + 7) & ~7;
      }
      if (pos !== start) Atomics.store(cons, 0, BigInt(pos));
      return n;
    },
    pending() {
      return closed ? 0 : Number(Atomics.load(prod, 0) - Atomics.load(cons, 0));
    },
    close() {
      if (closed) return;
      closed = true;
      c.munmap(prodPtr, prodLen);
      c.munmap(consPtr, page);
    },
  };
}

/** Number of possible CPUs (the per-CPU map value count). */
export function possibleCpus(): number {
  const text = readFileSync('/sys/devices/system/cpu/possible', 'utf8').trim();
  let n = 0;
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map(Number);
    n += (b ?? a) - a + 1;
  }
  return n;
}
