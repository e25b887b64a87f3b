// BPF_PROG_TEST_RUN for the datapath's programs: one crafted Ethernet/IPv4 packet through a
// loaded program "on" an interface (the __sk_buff ifindex), returning the program's verdict.
// libbpf 1.1's bpf_prog_test_run_opts, for the tests and the bench (the agent never runs it).
import type {LibbpfBindings} from '../ebpf/libbpf.js';

export const TC_ACT_SHOT = 2;
const SKB_SIZE = 192; // sizeof(struct __sk_buff), checked with offsetof on the 6.1 uapi headers
const SKB_IFINDEX = 40;

type TestRun = (fd: number, opts: Record<string, unknown>) => number;
let fn: TestRun | undefined;
let optsSize = 0;

function bind(lib: LibbpfBindings): TestRun {
  if (fn) return fn;
  const k = lib.koffi;
  // Anonymous struct: a module loaded twice in one process (tests) must not redeclare a name.
  const opts = k.struct({
    sz: 'size_t', data_in: 'void *', data_out: 'void *', data_size_in: 'uint32_t', data_size_out: 'uint32_t',
    ctx_in: 'void *', ctx_out: 'void *', ctx_size_in: 'uint32_t', ctx_size_out: 'uint32_t',
    retval: 'uint32_t', repeat: 'int', duration: 'uint32_t', flags: 'uint32_t', cpu: 'uint32_t', batch_size: 'uint32_t',
  });
  optsSize = k.sizeof(opts);
  fn = k.load('libbpf.so.1').func('bpf_prog_test_run_opts', 'int', ['int', k.inout(k.pointer(opts))]) as TestRun;
  return fn;
}

export interface Packet {
  src: string;
  dst: string;
  proto: 'TCP' | 'UDP' | 'ICMP';
  sport: number;
  dport: number; // ICMP: type
}

export function packet(p: Packet): Buffer {
  const l4 = p.proto === 'TCP' ? 20 : 8;
  const b = Buffer.alloc(14 + 20 + l4);
  b.writeUInt16BE(0x0800, 12);
  b[14] = 0x45;
  b.writeUInt16BE(20 + l4, 16);
  b[22] = 64;
  b[23] = p.proto === 'TCP' ? 6 : p.proto === 'UDP' ? 17 : 1;
  p.src.split('.').forEach((x, i) => (b[26 + i] = Number(x)));
  p.dst.split('.').forEach((x, i) => (b[30 + i] = Number(x)));
  if (p.proto === 'ICMP') {
    b[34] = p.dport; // type
    b.writeUInt16BE(p.sport, 38); // echo id
  } else {
    b.writeUInt16BE(p.sport, 34);
    b.writeUInt16BE(p.dport, 36);
    if (p.proto === 'TCP') {
      b[46] = 0x50; // data offset 5
      b[47] = 0x02; // SYN
    } else b.writeUInt16BE(8, 38);
  }
  return b;
}

/** Runs the program `repeat` times on the packet as if it arrived on ifindex; returns the TC action. */
export function runOn(lib: LibbpfBindings, progFd: number, ifindex: number, data: Buffer, repeat = 1): number {
  const run = bind(lib);
  const ctx = Buffer.alloc(SKB_SIZE);
  ctx.writeUInt32LE(ifindex, SKB_IFINDEX);
  const out = Buffer.alloc(data.length + 256);
  const opts: Record<string, unknown> = {
    sz: optsSize, data_in: data, data_out: out, data_size_in: data.length, data_size_out: out.length,
    ctx_in: ctx, ctx_out: null, ctx_size_in: SKB_SIZE, ctx_size_out: 0, retval: 0, repeat, duration: 0, flags: 0, cpu: 0, batch_size: 0,
  };
  const rc = run(progFd, opts);
  if (rc < 0) throw new Error(`bpf_prog_test_run_opts: ${rc}`);
  return (opts.retval as number) | 0;
}
