// The axon agent: one process serving cilium.sock (/v1 REST), health.sock (/v1beta) and
// hubble.sock (gRPC Observer) from one in-memory model of endpoints, IPAM and identities that is
// persisted in the state dir and checked against the kernel on start and periodically.
import {createHash} from 'node:crypto';
import {mkdirSync} from 'node:fs';
import {hostname, networkInterfaces, release} from 'node:os';
import {join} from 'node:path';
import type {Server} from 'node:http';
import {bpffsRoot, RUN_DIR} from '../defaults.js';
import {AxonError, UsageError} from '../errors.js';
import {packageVersion} from '../version.js';
import {Controller} from './controllers.js';
import {CLUSTER_NAME, EndpointManager, linkIndex, type EndpointChange, type EndpointRecord} from './endpoints.js';
import {HealthProber} from './health-prober.js';
import {IdentityAllocator} from './identity.js';
import {Ipam} from './ipam.js';
import {createLogger, type Logger} from './log.js';
import {requireAgentCaps} from './preflight.js';
import {createRestServer} from './rest-server.js';
import {ciliumRoutes} from './routes/cilium.js';
import {healthRoutes} from './routes/health.js';
import {policyRoutes, type PolicyStoreLike} from './routes/policy.js';
import {ensureSocketFree, listenUnix, removeSocket} from './sockets.js';
import {loadState, saveState} from './state.js';
import {buildStatus} from './status-builder.js';
import {startHubble, type HubbleHandle} from './hubble.js';

export interface AgentOptions {
  runDir: string;
  stateDir: string;
  podCidr: string;
  flowBuffer: number;
  nodeName?: string;
  log?: Logger;
  /** bpffs directory for the datapath's pins */
  bpffsDir?: string;
}

/** The subset of the datapath contract (contracts.md) the agent calls. */
export interface DatapathLike {
  addEndpoint(ep: DatapathEndpointLike): Promise<void>;
  removeEndpoint(id: number): Promise<void>;
  setPolicies(resources: unknown[]): Promise<{warnings: string[]}>;
  stats(): {events: number; lost: number; policyDrops: number};
  close(): Promise<void>;
}
export interface DatapathEndpointLike {
  id: number;
  identity: number;
  ipv4: string;
  namespace: string;
  podName: string;
  labels: string[];
  hostIfName: string;
  hostIfIndex: number;
}

export const HEALTH_INTERVAL_MS = 60_000;
export const SYNC_INTERVAL_MS = 10_000;

export class AgentCore {
  readonly version = packageVersion();
  readonly started = Date.now();
  readonly nodeName: string;
  readonly ipam: Ipam;
  readonly identities: IdentityAllocator;
  readonly endpoints: EndpointManager;
  readonly controllers: Controller[] = [];
  readonly prober: HealthProber;
  datapath?: DatapathLike;
  hubble?: HubbleHandle;
  policy?: PolicyStoreLike;
  healthServing = false;

  constructor(readonly opts: AgentOptions, readonly log: Logger) {
    this.nodeName = opts.nodeName || hostname();
    const st = loadState(opts.stateDir);
    if (st && st.podCidr !== opts.podCidr && st.endpoints.length)
      throw new UsageError(`the state in ${opts.stateDir} holds ${st.endpoints.length} endpoint(s) from pod CIDR ${st.podCidr}, not ${opts.podCidr}`, {
        hint: `restart with --pod-cidr ${st.podCidr}, or delete those pods (CNI DEL) first`,
      });
    this.ipam = new Ipam(opts.podCidr, st?.ipam ?? {});
    this.identities = new IdentityAllocator(st?.identities ?? []);
    this.endpoints = new EndpointManager(this.identities, st?.endpoints ?? []);
    this.prober = new HealthProber({
      nodeName: this.self,
      intervalMs: HEALTH_INTERVAL_MS,
      hostIp: () => (this.routerIsLocal() ? this.ipam.router : '127.0.0.1'),
      endpointIps: () => this.endpoints.list().map((e) => e.ipv4),
    });
  }

  /** `<cluster>/<node>`, how Cilium names nodes in health and status. */
  get self(): string {
    return `${CLUSTER_NAME}/${this.nodeName}`;
  }

  /** The router address lives on the pods' host-side veths, so it exists only while pods do. */
  routerIsLocal(): boolean {
    return Object.values(networkInterfaces()).some((l) => l?.some((a) => a.address === this.ipam.router));
  }

  persist(): void {
    saveState(this.opts.stateDir, {
      version: 1,
      podCidr: this.ipam.cidr.text,
      endpoints: this.endpoints.list(),
      ipam: this.ipam.toJSON(),
      identities: this.identities.list(),
    });
  }

  datapathEndpoint(ep: EndpointRecord): DatapathEndpointLike {
    return {
      id: ep.id,
      identity: ep.identity,
      ipv4: ep.ipv4,
      namespace: ep.namespace,
      podName: ep.podName,
      labels: this.identities.get(ep.identity)?.labels ?? [],
      hostIfName: ep.hostIfName,
      hostIfIndex: ep.hostIfIndex,
    };
  }

  async addEndpoint(ch: EndpointChange, wantedId?: number): Promise<EndpointRecord> {
    const owner = this.ipam.owner(ch.ipv4);
    if (owner === undefined) this.ipam.allocate(ch.ipv4, `${ch.namespace}/${ch.podName}`);
    else if (owner === 'router') throw new UsageError(`IP ${ch.ipv4} is the router address`);
    const ep = this.endpoints.create(ch, wantedId);
    this.ipam.setOwner(ep.ipv4, `${ep.namespace}/${ep.podName}`);
    this.persist();
    this.log.info('Endpoint created', {subsys: 'endpoint', endpointID: ep.id, k8sPodName: `${ep.namespace}/${ep.podName}`, ipv4: ep.ipv4, identity: ep.identity, interface: ep.hostIfName});
    await this.datapathAdd(ep);
    return ep;
  }

  async removeEndpoint(ep: EndpointRecord, why: string): Promise<void> {
    this.endpoints.remove(ep.id);
    this.persist();
    this.log.info('Endpoint removed', {subsys: 'endpoint', endpointID: ep.id, k8sPodName: `${ep.namespace}/${ep.podName}`, reason: why});
    if (this.datapath) await this.datapath.removeEndpoint(ep.id).catch((e: Error) => this.log.warn('datapath removeEndpoint failed', {endpointID: ep.id, error: e.message}));
  }

  private async datapathAdd(ep: EndpointRecord): Promise<void> {
    if (!this.datapath) return;
    try {
      await this.datapath.addEndpoint(this.datapathEndpoint(ep));
    } catch (e) {
      this.log.warn('datapath addEndpoint failed', {endpointID: ep.id, error: (e as Error).message});
    }
  }

  /** Kernel check: endpoints whose host veth vanished are removed with their IP. */
  async syncWithKernel(): Promise<void> {
    for (const ep of this.endpoints.list()) {
      const idx = linkIndex(ep.hostIfName);
      if (idx === undefined) {
        await this.removeEndpoint(ep, `host interface ${ep.hostIfName} no longer exists`);
        this.ipam.release(ep.ipv4);
        this.persist();
      } else if (idx !== ep.hostIfIndex) {
        ep.hostIfIndex = idx;
        this.persist();
      }
    }
  }

  /** After a restart: check every persisted endpoint against the kernel and hand it to the datapath. */
  async restore(): Promise<void> {
    const before = this.endpoints.size;
    if (!before) return;
    await this.syncWithKernel();
    for (const ep of this.endpoints.list()) {
      ep.state = 'restoring';
      await this.datapathAdd(ep);
      ep.state = 'ready';
    }
    this.persist();
    this.log.info('Endpoints restored', {subsys: 'endpoint', restored: this.endpoints.size, removed: before - this.endpoints.size});
  }

  status(brief: boolean) {
    const h = this.hubble?.stats();
    return buildStatus(
      {
        version: this.version,
        self: this.self,
        controllers: this.controllers,
        ipam: this.ipam,
        hubble: h ? {...h, uptimeMs: Date.now() - this.started} : undefined,
        attachMode: this.datapath ? kernelAttachMode(release()) : undefined,
        healthOk: this.healthServing,
      },
      brief,
    );
  }

  kernel(): string {
    return release();
  }
}

export interface RunningAgent {
  core: AgentCore;
  stop(): Promise<void>;
}

export async function startAgent(opts: AgentOptions): Promise<RunningAgent> {
  const log = opts.log ?? createLogger();
  const caps = requireAgentCaps();
  if (!Number.isInteger(opts.flowBuffer) || opts.flowBuffer < 1) throw new UsageError(`invalid --flow-buffer ${opts.flowBuffer}: want a positive integer`);
  mkdirSync(opts.runDir, {recursive: true, mode: 0o755});
  const socks = {cilium: join(opts.runDir, 'cilium.sock'), health: join(opts.runDir, 'health.sock'), hubble: join(opts.runDir, 'hubble.sock')};
  for (const p of Object.values(socks)) if ((await ensureSocketFree(p)) === 'stale') log.info('Removed stale socket', {subsys: 'daemon', path: p});

  const core = new AgentCore(opts, log);
  const dlog = log.sub('daemon');
  dlog.info('Starting axon agent', {version: core.version, node: core.nodeName, kernel: core.kernel(), podCIDR: core.ipam.cidr.text, router: core.ipam.router, runDir: opts.runDir, stateDir: opts.stateDir});

  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    dlog.info('Stopping agent');
    while (cleanups.length) {
      try {
        await cleanups.pop()!();
      } catch (e) {
        dlog.warn('shutdown step failed', {error: (e as Error).message});
      }
    }
    dlog.info('Agent stopped');
  };

  try {
    // Datapath first so restored endpoints get their programs back.
    type DatapathModule = {startDatapath(o: unknown): Promise<DatapathLike>};
    const dpMod = caps.bpf
      ? await (import('../datapath/index.js') as Promise<unknown> as Promise<DatapathModule>).catch((e: Error) => {
          dlog.error('eBPF datapath module failed to load', {error: e.message});
          return undefined;
        })
      : undefined;
    if (!caps.bpf) dlog.warn('CAP_BPF is missing: running without the eBPF datapath (no flows)');

    core.hubble = await startHubble(core, socks.hubble, log.sub('hubble')).catch((e: Error) => {
      dlog.error('Hubble server failed to start: hubble.sock is not served', {error: e.message});
      return undefined;
    });
    if (core.hubble) cleanups.push(() => core.hubble!.close());

    if (dpMod) {
      try {
        core.datapath = await dpMod.startDatapath({
          bpffsDir: agentBpffsDir(opts),
          nodeName: core.nodeName,
          emit: (resp: unknown) => core.hubble?.push(resp),
          endpoints: () => core.endpoints.list().map((e) => core.datapathEndpoint(e)),
          log: (level: 'info' | 'warn' | 'error', msg: string, fields?: object) => log.sub('datapath')[level](msg, fields as Record<string, unknown>),
        });
        cleanups.push(() => core.datapath!.close());
        dlog.info('eBPF datapath started');
      } catch (e) {
        dlog.error('eBPF datapath failed to start: running without it (no flows)', {error: (e as Error).message});
      }
    }

    core.policy = await policyStore(core, log).catch((e: Error) => {
      log.error('policy store failed to load: policy routes answer 501', {subsys: 'policy', error: e.message});
      return undefined;
    });

    await core.restore();

    const sync = new Controller('endpoint-kernel-sync', SYNC_INTERVAL_MS, () => core.syncWithKernel(), log.sub('controller'));
    const health = new Controller('cilium-health-ep', HEALTH_INTERVAL_MS, async () => void (await core.prober.probe()), log.sub('controller'));
    core.controllers.push(sync, health);
    // every controller has run once before the agent calls itself ready (no "Not all probes executed")
    await Promise.all(core.controllers.map((c) => c.runOnce()));
    for (const c of core.controllers) {
      c.start(c.intervalMs);
      cleanups.push(() => c.stop());
    }

    const servers: Array<[Server, string]> = [
      [createRestServer([...ciliumRoutes(core), ...policyRoutes(core)], log.sub('api')), socks.cilium],
      [createRestServer(healthRoutes(core), log.sub('health')), socks.health],
    ];
    for (const [srv, path] of servers) {
      await listenUnix(srv, path);
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            srv.close(() => resolve());
            srv.closeAllConnections();
            removeSocket(path);
          }),
      );
    }
    core.healthServing = true;
    dlog.info('Agent ready', {ciliumSock: socks.cilium, healthSock: socks.health, hubbleSock: core.hubble ? socks.hubble : 'disabled', endpoints: core.endpoints.size, datapath: core.datapath ? 'eBPF' : 'none'});
    return {core, stop};
  } catch (e) {
    await stop();
    throw e instanceof AxonError ? e : new AxonError(`agent failed to start: ${(e as Error).message}`, {cause: e});
  }
}

/** The datapath attaches with tcx where the kernel has it (6.6+) and falls back to tc clsact. */
export function kernelAttachMode(kernel: string): 'tcx' | 'tc' {
  const [maj, min] = kernel.split('.').map((x) => parseInt(x, 10));
  return maj > 6 || (maj === 6 && min >= 6) ? 'tcx' : 'tc';
}

/** <bpffs root>/agent for the default run dir; agents on other run dirs get their own directory. */
export function agentBpffsDir(opts: AgentOptions): string {
  if (opts.bpffsDir) return opts.bpffsDir;
  return opts.runDir === RUN_DIR ? `${bpffsRoot()}/agent` : `${bpffsRoot()}/agent-${createHash('sha256').update(opts.runDir).digest('hex').slice(0, 8)}`;
}

async function policyStore(core: AgentCore, log: Logger): Promise<PolicyStoreLike | undefined> {
  type StoreModule = {PolicyStore: {open(dir: string, o?: unknown): PolicyStoreLike | Promise<PolicyStoreLike>}};
  const mod = (await import('../policy/store.js')) as unknown as StoreModule;
  const store = await mod.PolicyStore.open(join(core.opts.stateDir, 'policies'));
  const push = async () => {
    if (!core.datapath) return;
    const {warnings} = await core.datapath.setPolicies(store.list().resources);
    for (const w of warnings) log.warn('policy warning', {subsys: 'policy', warning: w});
  };
  store.onChange?.(() => void push().catch((e: Error) => log.error('pushing policies to the datapath failed', {subsys: 'policy', error: e.message})));
  await push().catch((e: Error) => log.error('pushing policies to the datapath failed', {subsys: 'policy', error: e.message}));
  return store;
}

/** Foreground run for `axon agent`: resolves when SIGTERM/SIGINT stopped it. */
export async function runAgent(opts: AgentOptions): Promise<void> {
  const log = opts.log ?? createLogger();
  // handlers first: a signal during start-up stops the agent as soon as it is up
  let signalled: (sig: string) => void = () => {};
  const got = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (sig: string) => signalled(sig);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const agent = await startAgent({...opts, log});
    const sig = await got;
    log.info('Received signal, shutting down', {subsys: 'daemon', signal: sig});
    await agent.stop();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
