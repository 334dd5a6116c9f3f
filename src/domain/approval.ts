import { randomUUID } from 'node:crypto';
import type { Coordination } from '../coordination/coordination';
import { InProcessCoordination } from '../coordination/inProcess';
import { ClusterMutex } from '../coordination/mutex';
import { CoordinationTimeoutError } from '../coordination/timeout';
import { decodeTagged } from './sharedCodec';

/**
 * The bounds on access requests: at most MAX_OPEN_REQUESTS open requests per person and
 * INVITES_REQUESTS_PER_HOUR for everyone, counted in the store (shared by the replicas with
 * Redis). The requests themselves are card records (requestCards.ts).
 */

export const MAX_REASON_LENGTH = 500;
export const MAX_OPEN_REQUESTS = 3;

/** How long an open request counts against its requester: as long as a decided card is remembered. */
export const OPEN_REQUEST_MS = 7 * 24 * 3600_000;
/** The lease on a person's count while one replica edits it (a read and a write): how long a crashed editor blocks. */
const COUNT_LEASE_MS = 5_000;
/** Longest an edit waits for another replica's edit of the same person's count. */
const COUNT_WAIT_MS = 1_000;

/**
 * At most `max` slots per owner, each counting for `lifetimeMs` from when it was taken unless
 * released. Kept in the coordination store (shared by the replicas with Redis), each slot with its
 * own expiry: a sliding window, not a count reset on the hour.
 */
export class ExpiringSlots {
  private readonly mutex: ClusterMutex;

  constructor(
    private readonly coordination: Coordination,
    /** The store's key prefix: what is counted. */
    private readonly name: string,
    private readonly max: number,
    private readonly lifetimeMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.mutex = new ClusterMutex(coordination, { ttlMs: COUNT_LEASE_MS });
  }

  /** A ticket for a new slot, or null when the owner already holds `max`. */
  async reserve(owner: string): Promise<string | null> {
    const ticket = `pending:${randomUUID()}`;
    let reserved = false;
    await this.edit(owner, (slots) => {
      if (Object.keys(slots).length >= this.max) return;
      slots[ticket] = this.clock() + this.lifetimeMs;
      reserved = true;
    });
    return reserved ? ticket : null;
  }

  /** The slot is now known by `key` (a posted card). */
  bind(owner: string, ticket: string, key: string): Promise<void> {
    return this.edit(owner, (slots) => {
      delete slots[ticket];
      slots[key] = this.clock() + this.lifetimeMs;
    });
  }

  release(owner: string, key: string): Promise<void> {
    return this.edit(owner, (slots) => {
      delete slots[key];
    });
  }

  /**
   * One read-modify-write of a person's slots at a time across replicas (the store has no
   * counter with per-slot expiry). If the lease stays busy the edit goes ahead anyway: a count
   * off by one beats a request that hangs.
   */
  private async edit(owner: string, change: (slots: Record<string, number>) => void): Promise<void> {
    const key = `${this.name}:${owner}`;
    const held = await this.mutex.lock(`${key}:lease`, COUNT_WAIT_MS).catch(goAheadUnlocked);
    try {
      const slots = this.live(await this.coordination.get(key));
      change(slots);
      if (Object.keys(slots).length === 0) await this.coordination.delete(key);
      else await this.coordination.set(key, JSON.stringify(slots), Math.max(...Object.values(slots)) - this.clock());
    } finally {
      await held?.release();
    }
  }

  private live(text: string | null): Record<string, number> {
    const slots = text === null ? {} : ((decodeTagged(text) ?? {}) as Record<string, unknown>);
    const now = this.clock();
    return Object.fromEntries(Object.entries(slots).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > now));
  }
}

/**
 * Open requests per person; a slot is reserved before the card is posted and released on a
 * decision, so a card nobody decides stops counting after OPEN_REQUEST_MS.
 */
export class OpenRequests extends ExpiringSlots {
  constructor(coordination: Coordination = new InProcessCoordination(), max = MAX_OPEN_REQUESTS, clock: () => number = Date.now) {
    super(coordination, 'open-requests', max, OPEN_REQUEST_MS, clock);
  }
}

/** The window INVITES_REQUESTS_PER_HOUR counts requests in. */
export const REQUEST_RATE_WINDOW_MS = 3600_000;

/**
 * Requests in the last hour, every requester together: one approval channel to protect from a
 * flood of cards however many people file them.
 */
export class RequestRate {
  private readonly slots: ExpiringSlots;

  constructor(coordination: Coordination, perHour: number, clock: () => number = Date.now) {
    this.slots = new ExpiringSlots(coordination, 'requests-per-hour', perHour, REQUEST_RATE_WINDOW_MS, clock);
  }

  /** A ticket for one more request this hour, or null when the hour's requests are used up. */
  take(): Promise<string | null> {
    return this.slots.reserve('channel');
  }

  /** The request was not posted after all: it does not count. */
  giveBack(ticket: string): Promise<void> {
    return this.slots.release('channel', ticket);
  }
}

function goAheadUnlocked(err: unknown): null {
  if (err instanceof CoordinationTimeoutError) return null;
  throw err;
}
