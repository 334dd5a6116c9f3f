import { pollUntil } from './backoff';
import type { Coordination, Lease } from './coordination';
import { CoordinationTimeoutError } from './timeout';

/** As in Mattermost's cluster mutex: short, so a holder that crashed blocks the others for seconds, not minutes. */
export const MUTEX_TTL_MS = 15_000;

/**
 * For work that e-mails someone or posts to a channel (a resend, a creation, a decision, a
 * watcher run). While a replica cannot reach Redis its refreshes cannot land (and it cannot tell),
 * so the lease must outlast a short outage or another replica would take the key mid-work and do
 * it a second time; a crashed holder then blocks the key for up to this long.
 */
export const SENDING_TTL_MS = 2 * 60_000;

export interface MutexOptions {
  /** The lease's lifetime between refreshes (refreshed every half of it): how long a crashed holder blocks. */
  ttlMs?: number;
  /**
   * Refreshing stops once the lock has been held this long, so a holder stuck past its worst case
   * frees the key at most one TTL later. Unbounded by default.
   */
  maxHoldMs?: number;
}

/** A lock this process holds; its lease is refreshed until `release` (which is safe to call twice). */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A mutex across replicas on the coordination store (mattermost/mattermost
 * server/public/pluginapi/cluster/mutex.go): locking takes a lease with a short TTL, a timer
 * extends it every TTL/2 while the holder works, and unlocking stops the timer and releases it
 * with compare-and-delete. Two ways to take it: once (`tryLock`, `tryRun`: busy → the caller
 * skips or says so) or waiting up to a bound (`lock`).
 */
export class ClusterMutex {
  private readonly ttlMs: number;
  private readonly maxHoldMs: number;

  constructor(
    private readonly coordination: Coordination,
    options: MutexOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? MUTEX_TTL_MS;
    this.maxHoldMs = options.maxHoldMs ?? Number.POSITIVE_INFINITY;
  }

  /** The lock on `key`, or null while anyone holds it. */
  async tryLock(key: string): Promise<HeldLock | null> {
    const lease = await this.coordination.acquire(key, this.ttlMs);
    return lease && new RefreshedLock(lease, this.ttlMs, this.maxHoldMs);
  }

  /** The lock on `key`, waiting up to `waitMs` for it; past that a CoordinationTimeoutError. */
  async lock(key: string, waitMs: number): Promise<HeldLock> {
    const held = await pollUntil(async () => (await this.tryLock(key)) ?? undefined, waitMs);
    if (held === undefined) throw new CoordinationTimeoutError(key, waitMs);
    return held;
  }

  /** Runs `work` holding `key` (released after it, also when it throws), or not at all while anyone holds it. */
  async tryRun<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const held = await this.tryLock(key);
    if (!held) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await held.release();
    }
  }
}

class RefreshedLock implements HeldLock {
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private released: Promise<void> | undefined;
  private readonly refreshUntil: number;

  constructor(
    private readonly lease: Lease,
    private readonly ttlMs: number,
    maxHoldMs: number,
  ) {
    this.refreshUntil = Date.now() + maxHoldMs;
    this.scheduleRefresh();
  }

  release(): Promise<void> {
    this.released ??= (async () => {
      clearTimeout(this.timer);
      // A refresh in flight lands before the delete, never after it.
      await this.refreshing;
      await this.lease.release();
    })();
    return this.released;
  }

  private scheduleRefresh(): void {
    this.timer = setTimeout(() => {
      this.refreshing = this.refresh();
    }, this.ttlMs / 2);
    // The work keeps the process alive, not its lock's timer.
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    const kept = await this.lease.extend(this.ttlMs);
    // Lost (it ran out and someone else took it): refreshing again could only fail.
    if (kept && this.released === undefined && Date.now() < this.refreshUntil) this.scheduleRefresh();
  }
}
