import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Coordination } from '../coordination/coordination';
import { InProcessCoordination } from '../coordination/inProcess';
import { ClusterMutex, SENDING_TTL_MS } from '../coordination/mutex';
import { CoordinationTimeoutError } from '../coordination/timeout';
import { MAX_EMAIL_LENGTH, parseEmail } from './create';
import { decodeTagged, encodeTagged } from './sharedCodec';

/**
 * Access requests and their approval cards. A request lives in its card: the buttons carry who
 * asked, for which address, with or without API access, why and when; no database. What the bot
 * adds is only what must not happen twice: one decision per card, and at most MAX_OPEN_REQUESTS
 * open requests per person (in the coordination store: this process's memory, or Redis shared by
 * the replicas).
 */

export const MAX_REASON_LENGTH = 500;
export const MAX_OPEN_REQUESTS = 3;

const requestValueSchema = z.strictObject({
  /** The requester's user id. */
  r: z.string().regex(/^[UW][A-Z0-9]{2,30}$/),
  e: z
    .string()
    .max(MAX_EMAIL_LENGTH)
    .refine((e) => parseEmail(e).ok),
  /** API access wanted. */
  a: z.boolean(),
  /** The reason given. */
  w: z.string().min(1).max(MAX_REASON_LENGTH),
  /** When it was asked, Unix seconds. */
  t: z.number().int().positive(),
});

export type AccessRequest = z.infer<typeof requestValueSchema>;

export const encodeRequestValue = (value: AccessRequest): string => JSON.stringify(value);

export function decodeRequestValue(raw: unknown): AccessRequest | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  try {
    const parsed = requestValueSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

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

export type Decision = { kind: 'approved' | 'denied'; by: string; expiresAt: Date | null };

/** What a click on a card gets to do: decide it, or learn it is decided or being decided. */
export type DecisionTurn =
  | { kind: 'yours'; finish: (decision: Decision | null) => Promise<void> }
  | { kind: 'decided'; decision: Decision }
  | { kind: 'busy'; by: string | null };

/** Longest a click holds a card (its lease is refreshed meanwhile): past a decision's worst case (Vultr's create with retries, the card update, the DM). */
export const DECIDING_LEASE_MS = 5 * 60_000;
/** How long a decided card is remembered, so a late click says who decided. */
const DECIDED_MS = 7 * 24 * 3600_000;

/**
 * One decision per card, however many people click at once, on however many replicas: the
 * first click takes the card (a lease in the coordination store), the others are told who is
 * deciding or who decided. `finish(null)` (Vultr refused) frees the card for a Try again.
 */
export class CardDecisions {
  private readonly mutex: ClusterMutex;

  constructor(private readonly coordination: Coordination = new InProcessCoordination()) {
    this.mutex = new ClusterMutex(coordination, { ttlMs: SENDING_TTL_MS, maxHoldMs: DECIDING_LEASE_MS });
  }

  async take(card: string, user: string): Promise<DecisionTurn> {
    const decided = await this.decided(card);
    if (decided) return { kind: 'decided', decision: decided };
    const held = await this.mutex.tryLock(`deciding:${card}`);
    if (!held) return { kind: 'busy', by: await this.coordination.get(`decider:${card}`) };
    // The card may have been decided between the look above and the lease.
    const justDecided = await this.decided(card);
    if (justDecided) {
      await held.release();
      return { kind: 'decided', decision: justDecided };
    }
    await this.coordination.set(`decider:${card}`, user, DECIDING_LEASE_MS);
    return {
      kind: 'yours',
      finish: async (result) => {
        try {
          if (result) await this.coordination.set(`decided:${card}`, encodeTagged(result), DECIDED_MS);
          await this.coordination.delete(`decider:${card}`);
        } finally {
          await held.release();
        }
      },
    };
  }

  private async decided(card: string): Promise<Decision | null> {
    const text = await this.coordination.get(`decided:${card}`);
    return text === null ? null : (decodeTagged(text) as Decision | null);
  }
}
