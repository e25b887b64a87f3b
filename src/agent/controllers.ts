// Periodic jobs with real run counters, reported in StatusResponse.controllers as cilium-agent
// does (name, uuid, configuration{error-retry, interval}, status{success-count, failure-count, …}).
import {randomUUID} from 'node:crypto';
import type {Logger} from './log.js';

export interface ControllerStatus {
  name: string;
  uuid: string;
  configuration: {'error-retry': boolean; interval: string};
  status: {
    'success-count'?: number;
    'failure-count'?: number;
    'consecutive-failure-count'?: number;
    'last-success-timestamp': string;
    'last-failure-timestamp': string;
    'last-failure-msg'?: string;
  };
}

export const ZERO_TIME = '0001-01-01T00:00:00.000Z';

/** Go's time.Duration String() for whole milliseconds and up: 1m0s, 10s, 1h0m0s, 500ms. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = +(totalS % 60).toFixed(3);
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

export class Controller {
  readonly uuid = randomUUID();
  success = 0;
  failure = 0;
  consecutiveFailures = 0;
  lastSuccess?: Date;
  lastFailure?: Date;
  lastFailureMsg = '';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    readonly name: string,
    readonly intervalMs: number,
    private readonly fn: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Runs every interval (never overlapping), the first time after firstDelayMs. */
  start(firstDelayMs = 0): void {
    const loop = async () => {
      await this.runOnce();
      if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
    };
    this.timer = setTimeout(loop, firstDelayMs);
  }

  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.fn();
        this.success++;
        this.consecutiveFailures = 0;
        this.lastSuccess = new Date();
      } catch (e) {
        this.failure++;
        this.consecutiveFailures++;
        this.lastFailure = new Date();
        this.lastFailureMsg = e instanceof Error ? e.message : String(e);
        this.log.warn('controller run failed', {controller: this.name, error: this.lastFailureMsg});
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  toJSON(): ControllerStatus {
    const status: ControllerStatus['status'] = {
      'last-failure-timestamp': this.lastFailure?.toISOString() ?? ZERO_TIME,
      'last-success-timestamp': this.lastSuccess?.toISOString() ?? ZERO_TIME,
    };
    // upstream omits zero counters
    if (this.success) status['success-count'] = this.success;
    if (this.failure) status['failure-count'] = this.failure;
    if (this.consecutiveFailures) status['consecutive-failure-count'] = this.consecutiveFailures;
    if (this.lastFailureMsg) status['last-failure-msg'] = this.lastFailureMsg;
    return {name: this.name, uuid: this.uuid, configuration: {'error-retry': true, interval: goDuration(this.intervalMs)}, status};
  }
}
