import { pollUntil } from './backoff';
import type { Coordination } from './coordination';
import { ClusterMutex, type MutexOptions } from './mutex';
import { CoordinationTimeoutError } from './timeout';

/** How an outcome is kept as text in the shared store. */
export interface Codec<T> {
  encode(value: T): string;
  /** Null when the text is not one (then it counts as no outcome). */
  decode(text: string): T | null;
}

export interface SingleFlightPolicy<T> {
  /** The lease is `${leasePrefix}:${key}`, the outcome `${outcomePrefix}:${key}`. */
  leasePrefix: string;
  outcomePrefix: string;
  codec: Codec<T>;
  /** How long this outcome stays readable for the calls that waited for it; 0: not kept at all. */
  rememberMs(value: T): number;
  /** Whether a remembered outcome also answers a later call (instead of running again); without it, only the waiters read it. */
  reuse?(value: T): boolean;
  /** Longest a call waits for another replica's flight of the same key. */
  waitMs: number;
  /** The lease: refreshed while the work runs, for at most `maxHoldMs`. */
  mutex?: MutexOptions;
}

export interface Flight<T> {
  value: T;
  /** True when this call only shared another call's outcome (in this process or on another replica). */
  joined: boolean;
}

/**
 * One run of the work per key at a time, however many callers and replicas: concurrent callers
 * in this process join its promise; across replicas a lease per key is taken (refreshed while the
 * work runs) and the outcome is stored for the policy's time. A caller that finds the lease held
 * waits, up to `waitMs`, for the holder to let go and takes its outcome; when the holder left none
 * (it crashed, or its work threw) the caller takes over; past the bound it gets a
 * CoordinationTimeoutError. A work that throws rejects every caller that shared it and stores nothing.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<Flight<T>>>();
  private readonly mutex: ClusterMutex;

  constructor(
    private readonly coordination: Coordination,
    private readonly policy: SingleFlightPolicy<T>,
  ) {
    this.mutex = new ClusterMutex(coordination, policy.mutex);
  }

  async run(key: string, work: () => Promise<T>): Promise<Flight<T>> {
    const running = this.inFlight.get(key);
    if (running) return { value: (await running).value, joined: true };
    const flight = this.start(key, work).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  private async start(key: string, work: () => Promise<T>): Promise<Flight<T>> {
    const done = await this.reusable(key);
    if (done !== null) return { value: done, joined: true };
    const giveUpAt = Date.now() + this.policy.waitMs;
    for (;;) {
      const ran = await this.mutex.tryRun(this.leaseKey(key), () => this.holding(key, work));
      if (ran.ran) return ran.value;
      const elsewhere = await this.outcomeOfHolder(key, giveUpAt);
      if (elsewhere !== null) return { value: elsewhere, joined: true };
      if (Date.now() >= giveUpAt) throw new CoordinationTimeoutError(this.leaseKey(key), this.policy.waitMs);
      // The holder let go without an outcome: take over.
    }
  }

  private async holding(key: string, work: () => Promise<T>): Promise<Flight<T>> {
    // Another replica may have finished between the first look and the lease.
    const done = await this.reusable(key);
    if (done !== null) return { value: done, joined: true };
    const value = await work();
    const rememberMs = this.policy.rememberMs(value);
    if (rememberMs > 0) await this.coordination.set(this.outcomeKey(key), this.policy.codec.encode(value), rememberMs);
    return { value, joined: false };
  }

  /**
   * Waits (until `giveUpAt`) for the lease to be free, then reads what the holder left. Not
   * before: while it is held, what is stored may be an earlier flight's outcome.
   */
  private async outcomeOfHolder(key: string, giveUpAt: number): Promise<T | null> {
    const free = await pollUntil(
      async () => ((await this.coordination.isHeld(this.leaseKey(key))) ? undefined : true),
      giveUpAt - Date.now(),
    );
    return free ? this.remembered(key) : null;
  }

  private async reusable(key: string): Promise<T | null> {
    if (this.policy.reuse === undefined) return null;
    const value = await this.remembered(key);
    return value !== null && this.policy.reuse(value) ? value : null;
  }

  private async remembered(key: string): Promise<T | null> {
    const text = await this.coordination.get(this.outcomeKey(key));
    return text === null ? null : this.policy.codec.decode(text);
  }

  private leaseKey(key: string): string {
    return `${this.policy.leasePrefix}:${key}`;
  }

  private outcomeKey(key: string): string {
    return `${this.policy.outcomePrefix}:${key}`;
  }
}
