import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { MAX_EMAIL_LENGTH, parseEmail } from './create';

/**
 * Access requests and their approval cards. A request lives in its card: the buttons carry who
 * asked, for which address, with or without API access, why and when; no database. What this
 * process adds is only what must not happen twice: one decision per card, and at most
 * MAX_OPEN_REQUESTS open requests per person (kept in memory, so a restart forgets them).
 */

export const MAX_REASON_LENGTH = 500;
export const MAX_OPEN_REQUESTS = 3;

const requestValueSchema = z.strictObject({
  /** The requester's user id. */
  r: z.string().regex(/^[UW][A-Z0-9]{2,30}$/),
  e: z.string().max(MAX_EMAIL_LENGTH).refine((e) => parseEmail(e).ok),
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

/** Open requests per person; a slot is reserved before the card is posted and released on a decision. */
export class OpenRequests {
  private readonly open = new Map<string, Set<string>>();

  constructor(private readonly max = MAX_OPEN_REQUESTS) {}

  /** A ticket for a new request, or null when the person already has `max` open. */
  reserve(user: string): string | null {
    const mine = this.open.get(user) ?? new Set<string>();
    if (mine.size >= this.max) return null;
    const ticket = `pending:${randomUUID()}`;
    this.open.set(user, mine.add(ticket));
    return ticket;
  }

  /** The card was posted: the slot is now known by the card. */
  bind(user: string, ticket: string, card: string): void {
    this.release(user, ticket);
    this.open.set(user, (this.open.get(user) ?? new Set<string>()).add(card));
  }

  release(user: string, key: string): void {
    const mine = this.open.get(user);
    mine?.delete(key);
    if (mine?.size === 0) this.open.delete(user);
  }
}

export type Decision = { kind: 'approved' | 'denied'; by: string; expiresAt: Date | null };

/** What a click on a card gets to do: decide it, or learn it is decided or being decided. */
export type DecisionTurn = { kind: 'yours'; finish: (decision: Decision | null) => void } | { kind: 'decided'; decision: Decision } | { kind: 'busy'; by: string };

/**
 * One decision per card, however many people click at once: the first click takes the card,
 * the others are told who is deciding or who decided. `finish(null)` (Vultr refused) frees the
 * card for a Try again.
 */
export class CardDecisions {
  private readonly busy = new Map<string, string>();
  private readonly decided = new LRUCache<string, Decision>({ max: 10_000, ttl: 7 * 24 * 3600_000 });

  take(card: string, user: string): DecisionTurn {
    const decision = this.decided.get(card);
    if (decision) return { kind: 'decided', decision };
    const by = this.busy.get(card);
    if (by !== undefined) return { kind: 'busy', by };
    this.busy.set(card, user);
    return {
      kind: 'yours',
      finish: (result) => {
        this.busy.delete(card);
        if (result) this.decided.set(card, result);
      },
    };
  }
}
