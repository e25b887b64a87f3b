// The agent's eBPF datapath (contracts.md "Datapath"): bpf/flow.bpf.o loaded once, its two
// programs attached (tcx, tc fallback) to every endpoint's host-side veth, the ring buffer
// walked from a timer, and applied policies compiled into map entries.
//
// Pins live in opts.bpffsDir (the layout of src/ebpf/pins.ts, so `axon bpf list` shows it):
// the attachments are pinned, so a killed agent leaves its pods enforced; the next start sweeps
// that directory (detaching the old programs only once the new ones can take over is not worth
// the complexity: the gap is a few ms) and rebuilds the maps from the endpoints and the policy
// store. close() detaches and unpins everything.
import {existsSync, readdirSync, rmSync, statfsSync} from 'node:fs';
import {networkInterfaces} from 'node:os';
import {dirname, join} from 'node:path';
import type {GetFlowsResponse} from '../hubble/gen/observer/observer_pb.js';
import {AxonError, NotSupportedError} from '../errors.js';
import {packagePath} from '../paths.js';
// Static imports: this module is itself the lazy boundary (the agent imports it on demand).
import type {BpfLink, ProgramRef} from '../ebpf/attach/link.js';
import {attachTc} from '../ebpf/attach/tc.js';
import {attachTcx} from '../ebpf/attach/tcx.js';
import {readObject} from '../ebpf/elf.js';
import {libbpf} from '../ebpf/libbpf.js';
import {load, type LoadedObject} from '../ebpf/loader.js';
import * as pins from '../ebpf/pins.js';
import {unloadEntry} from '../ebpf/unload.js';
import {decodeEvent, EVENT_SIZE, ID_HOST} from './event.js';
import {flowBuilder, flowResponse, lostResponse, type EndpointInfo, type FlowContext} from './flow.js';
import {compilePolicies, type CompiledPolicy} from './policy-compile.js';
import {EventQueue} from './queue.js';
import {openRing, possibleCpus, type RingConsumer} from './ringbuf.js';
import {endpointKey, endpointValue, ipcacheKey, MapWriter, policyKey, policyValue, u32} from './tables.js';

export interface DatapathEndpoint {
  id: number;
  identity: number;
  ipv4: string;
  namespace: string;
  podName: string;
  labels: string[] /* 'k8s:app=x' */;
  hostIfName: string;
  hostIfIndex: number;
}

export interface Datapath {
  addEndpoint(ep: DatapathEndpoint): Promise<void>;
  removeEndpoint(id: number): Promise<void>;
  setPolicies(resources: unknown[]): Promise<{warnings: string[]}>;
  stats(): {events: number; lost: number; policyDrops: number};
  close(): Promise<void>;
}

export interface DatapathOptions {
  bpffsDir: string;
  nodeName: string;
  emit(resp: GetFlowsResponse): void;
  endpoints(): DatapathEndpoint[];
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: object): void;
  /** ring-buffer poll period (default 2 ms) and records per poll (default 16384) */
  pollMs?: number;
  pollBudget?: number;
  /** attach with tc clsact even where tcx exists */
  attach?: 'tcx' | 'tc';
}

export const OBJECT_PATH = packagePath('bpf', 'flow.bpf.o');
export const PROGRAMS = {ingress: 'flow_ingress', egress: 'flow_egress'} as const;
const CNT_EVENTS = 0;
const CNT_LOST = 1;
const CNT_POLICY_DROPS = 2;
const BPF_FS_MAGIC = 0xcafe4a11;
const LOST_CHECK_MS = 1000;
/** Records copied out of the kernel ring per tick, and the queue behind it (16 MiB). */
const WALK_BUDGET = 32768;
const QUEUE_RECORDS = 262144;

function wallNs(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
}

function monoOffset(): bigint {
  return wallNs() - process.hrtime.bigint();
}

/** Addresses of this host (identity "host" in the ipcache). */
function hostAddresses(): string[] {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' || a.family === 'IPv6') out.add(a.address.split('%')[0]);
  return [...out];
}

export async function startDatapath(opts: DatapathOptions): Promise<Datapath> {
  const lib = await libbpf();
  const dir = opts.bpffsDir;
  pins.ensureRoot(dirname(dir));
  if (existsSync(dir)) {
    const owner = readdirSync(dir).map((n) => pins.OWNER_RE.exec(n)).find(Boolean);
    if (owner && Number(owner[1]) !== process.pid && pins.pidAlive(Number(owner[1]))) {
      throw new AxonError(`${dir} is in use by another axon agent (pid ${owner[1]})`, {hint: 'stop that agent first, or give this one its own bpffs directory (AXON_BPFFS_ROOT)'});
    }
    // A previous agent died without close(): its attachments still run. Take them down.
    const stale = pins.listEntries(dirname(dir)).find((e) => e.dir === dir);
    if (stale) {
      opts.log('info', 'Removing the previous datapath left by an agent that did not stop', {dir, pins: stale.pins.length});
      await unloadEntry(lib, stale);
    }
  }
  pins.ensureRoot(dir);
  if (statfsSync(dir).type !== BPF_FS_MAGIC) throw new NotSupportedError(`${dir} is not on a bpffs`);

  const spec = await readObject(OBJECT_PATH);
  let obj: LoadedObject;
  try {
    obj = await load(spec);
  } catch (e) {
    pins.removePinDir(dir);
    throw e;
  }
  const fd = (name: string) => obj.map(name).fd;
  const progs: Record<'ingress' | 'egress', ProgramRef> = {
    ingress: {fd: obj.program(PROGRAMS.ingress).fd, id: obj.program(PROGRAMS.ingress).info.id, name: PROGRAMS.ingress},
    egress: {fd: obj.program(PROGRAMS.egress).fd, id: obj.program(PROGRAMS.egress).info.id, name: PROGRAMS.egress},
  };
  const cpus = possibleCpus();
  const links = new Map<number, BpfLink[]>();
  const eps = new Map<number, DatapathEndpoint>();
  const byIp = new Map<string, EndpointInfo>();
  const ifNames = new Map<number, string>();
  const ctx: FlowContext = {
    nodeName: opts.nodeName,
    monoToWallNs: monoOffset(),
    endpointByIp: (ip) => byIp.get(ip),
    ifName: (i) => ifNames.get(i) ?? '',
  };
  const flows = flowBuilder(ctx);
  const queue = new EventQueue(QUEUE_RECORDS);
  const endpointsMap = new MapWriter(lib, fd('axon_endpoints'), 'axon_endpoints');
  const ipcache = new MapWriter(lib, fd('axon_ipcache'), 'axon_ipcache');
  const policyMap = new MapWriter(lib, fd('axon_policy'), 'axon_policy');
  let resources: unknown[] = [];
  let compiled: CompiledPolicy = compilePolicies([], []);
  let ring: RingConsumer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lostTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const detachQuietly = (l: BpfLink) => {
    try {
      l.detach();
    } catch (e) {
      opts.log('warn', 'detach failed', {iface: l.record.iface, error: (e as Error).message});
    }
    l.close();
  };

  const cleanupAll = async () => {
    closed = true;
    if (timer) clearTimeout(timer);
    if (lostTimer) clearInterval(lostTimer);
    ring?.close();
    // Reverse attach order: a tc qdisc is removed by the detach of the attachment that created it, once empty.
    for (const ls of links.values()) for (const l of [...ls].reverse()) detachQuietly(l);
    links.clear();
    await obj.close();
    pins.removePinDir(dir);
  };

  try {
    for (const p of Object.values(PROGRAMS)) lib.bpf_obj_pin(obj.program(p).fd, join(dir, pins.progPinName(p)));
    for (const m of obj.maps) if (!m.name.startsWith('.')) lib.bpf_obj_pin(m.fd, join(dir, pins.mapPinName(m.name)));
    // Which process owns the directory: a second pin of the counters map named after our pid.
    lib.bpf_obj_pin(fd('axon_counters'), join(dir, `owner,pid=${process.pid}`));
    const events = obj.map('axon_events');
    ring = openRing(lib, events.fd, events.info.maxEntries, (_v, off, len, words) => len < EVENT_SIZE || queue.push(words, off));
  } catch (e) {
    await cleanupAll();
    throw e instanceof AxonError ? e : new AxonError(`datapath: ${(e as Error).message}`, {cause: e});
  }


  const counters = (): number[] => {
    const val = Buffer.alloc(8 * cpus);
    const sums: number[] = [];
    const perCpu: number[][] = [];
    for (const idx of [CNT_EVENTS, CNT_LOST, CNT_POLICY_DROPS]) {
      lib.bpf_map_lookup_elem(fd('axon_counters'), u32(idx), val);
      const row = Array.from({length: cpus}, (_, c) => Number(val.readBigUInt64LE(c * 8)));
      perCpu.push(row);
      sums.push(row.reduce((a, b) => a + b, 0));
    }
    lastPerCpuLost = perCpu[1];
    return sums;
  };
  let lastPerCpuLost: number[] = [];
  counters();
  let reportedLost = [...lastPerCpuLost];

  const pollMs = opts.pollMs ?? 2;
  const budget = opts.pollBudget ?? 4096;
  let walked = 0;
  let built = 0;
  let walkMs = 0;
  let buildMs = 0;
  const build = (v: DataView, off: number) => {
    try {
      opts.emit(flowResponse(flows.toFlow(decodeEvent(v, off)), opts.nodeName));
      built++;
    } catch (e) {
      opts.log('warn', 'dropping an undecodable datapath event', {error: (e as Error).message});
    }
  };
  const tick = () => {
    timer = undefined;
    if (closed || !ring) return;
    // Empty the kernel ring into the queue first (cheap copies), then build a bounded number of flows.
    const t0 = performance.now();
    walked += ring.poll(WALK_BUDGET);
    const t1 = performance.now();
    queue.drain(budget, build);
    walkMs += t1 - t0;
    buildMs += performance.now() - t1;
    // More waiting: continue after I/O has had its turn.
    const more = queue.length > 0 || ring.pending() > 0;
    timer = more ? (setImmediate(tick) as unknown as NodeJS.Timeout) : setTimeout(tick, pollMs);
  };
  tick();
  lostTimer = setInterval(() => {
    ctx.monoToWallNs = monoOffset();
    counters();
    const now = wallNs();
    lastPerCpuLost.forEach((v, cpu) => {
      const delta = v - (reportedLost[cpu] ?? 0);
      if (delta > 0) opts.emit(lostResponse(delta, now, opts.nodeName, cpu));
    });
    reportedLost = [...lastPerCpuLost];
  }, LOST_CHECK_MS);
  lostTimer.unref();

  const syncMaps = () => {
    const list = [...eps.values()];
    compiled = compilePolicies(resources, list);
    endpointsMap.sync(list.map((ep) => [endpointKey(ep.hostIfIndex), endpointValue(ep.id, ep.identity, compiled.enforce.get(ep.identity) ?? 0)]));
    const ipc: Array<[Buffer, Buffer]> = [];
    for (const a of hostAddresses()) ipc.push([ipcacheKey(a), u32(ID_HOST)]);
    for (const [cidr, id] of compiled.cidrs) ipc.push([ipcacheKey(cidr), u32(id)]);
    for (const ep of list) ipc.push([ipcacheKey(ep.ipv4), u32(ep.identity)]);
    ipcache.sync(ipc);
    policyMap.sync(compiled.entries.map((e) => [policyKey(e), policyValue(e)]));
  };


  const attach = (ep: DatapathEndpoint): BpfLink[] => {
    const done: BpfLink[] = [];
    try {
      for (const direction of ['ingress', 'egress'] as const) {
        const target = {iface: ep.hostIfName, direction};
        let link: BpfLink;
        if (opts.attach === 'tc') link = attachTc(lib, progs[direction], target);
        else {
          try {
            link = attachTcx(lib, progs[direction], target);
          } catch (e) {
            if (!(e instanceof NotSupportedError)) throw e;
            link = attachTc(lib, progs[direction], target);
          }
        }
        done.push(link);
        link.pin(dir);
      }
      return done;
    } catch (e) {
      for (const l of [...done].reverse()) unpinAndDetach(l);
      throw e;
    }
  };

  const unpinAndDetach = (l: BpfLink) => {
    detachQuietly(l);
    rmSync(join(dir, pins.recordName(l.record)), {force: true});
  };

  return {
    async addEndpoint(ep) {
      if (closed) throw new AxonError('datapath is closed');
      const old = links.get(ep.id);
      if (old) for (const l of [...old].reverse()) unpinAndDetach(l);
      eps.set(ep.id, ep);
      byIp.set(ep.ipv4, {id: ep.id, namespace: ep.namespace, podName: ep.podName, labels: ep.labels});
      ifNames.set(ep.hostIfIndex, ep.hostIfName);
      flows.invalidate();
      // Maps before programs: the first packet already finds its endpoint and policy.
      syncMaps();
      links.set(ep.id, attach(ep));
      opts.log('info', 'Endpoint datapath attached', {endpointID: ep.id, interface: ep.hostIfName, identity: ep.identity, mode: links.get(ep.id)![0].record.kind});
    },
    async removeEndpoint(id) {
      const ep = eps.get(id);
      for (const l of [...(links.get(id) ?? [])].reverse()) unpinAndDetach(l);
      links.delete(id);
      if (!ep) return;
      eps.delete(id);
      byIp.delete(ep.ipv4);
      ifNames.delete(ep.hostIfIndex);
      flows.invalidate();
      syncMaps();
    },
    async setPolicies(list) {
      resources = list;
      syncMaps();
      return {warnings: compiled.warnings};
    },
    stats() {
      const [events, lost, policyDrops] = counters();
      // Beyond the contract: where the events are (kernel ring, queue) and how many became flows.
      return {events, lost, policyDrops, walked, built, walkMs, buildMs, queued: queue.length, ringBytes: ring?.pending() ?? 0};
    },
    async close() {
      if (closed) return;
      // Flows for what is already in the ring, before the programs go.
      ring?.poll(Number.MAX_SAFE_INTEGER);
      queue.drain(Number.MAX_SAFE_INTEGER, build);
      await cleanupAll();
    },
  };
}
