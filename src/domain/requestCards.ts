import { randomUUID } from 'node:crypto';
import type { Coordination } from '../coordination/coordination';
import { InProcessCoordination } from '../coordination/inProcess';
import { ClusterMutex, SENDING_TTL_MS } from '../coordination/mutex';
import { OPEN_REQUEST_MS } from './approval';
import type { GroupRef } from './groupGrants';
import { decodeTagged, encodeTagged } from './sharedCodec';

/**
 * Access requests are records: when a card is posted, who asked, for which address, with or
 * without API access, why, and where the card is, are stored under the card's id. Its buttons
 * carry only that id, so a crafted click can pick a card but never change what it says. A card
 * moves open → approving → approved or denied (compare-and-set, so two deciders cannot both
 * win); approved and denied are final; a Vultr refusal sends it back to open (Try again).
 */

export interface AccessRequest {
  /** The requester's Slack user id. */
  requester: string;
  email: string;
  apiEnabled: boolean;
  reason: string;
  askedAt: Date;
  /** The Vultr group asked for (the approver may change it on the card); added on acceptance. */
  group?: GroupRef;
}

export type Decision = {
  kind: 'approved' | 'denied';
  by: string;
  expiresAt: Date | null;
  /** The invitation an approval sent (or found pending). */
  invitationId?: string;
};

export type CardState = { kind: 'open' } | { kind: 'approving'; by: string } | Decision;

export interface RequestCard {
  id: string;
  request: AccessRequest;
  /** Where the card was posted: a click from anywhere else is refused. */
  channel: string;
  ts: string;
  state: CardState;
}

/** What could go wrong once the decision was taken: it could not be stored, or the card could not be updated (Slack's error code). */
export type DecisionProblem = { kind: 'not_recorded' } | { kind: 'group_not_recorded' } | { kind: 'card_not_updated'; error: string };

/** What a click on an approval card came to. */
export type DecisionOutcome =
  | { kind: 'self_decision' }
  /** The id names no card of this deployment's (forged, or forgotten after a week). */
  | { kind: 'unknown_card' }
  /** The click came from another message than the card's (a forged channel or ts). */
  | { kind: 'card_mismatch' }
  | { kind: 'already_decided'; decision: Decision }
  | { kind: 'busy'; by: string | null }
  /** Decided; `problems` says what did not happen after it (the decision stands). */
  | { kind: 'decided'; card: RequestCard; decision: Decision; problems: DecisionProblem[] }
  /** Vultr did not create the invitation: the card says why and keeps its buttons (Try again). */
  | { kind: 'vultr_refused'; card: RequestCard };

/** A card id as its buttons carry it. */
const CARD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeCardId(raw: unknown): string | null {
  return typeof raw === 'string' && CARD_ID.test(raw) ? raw : null;
}

/** What a click on a card gets to do. */
export type DecisionTurn =
  | { kind: 'yours'; card: RequestCard; finish: (result: Decision | { kind: 'open' }) => Promise<void> }
  /** No such card in the store (never posted by this deployment, or forgotten after OPEN_REQUEST_MS). */
  | { kind: 'unknown_card' }
  /** The click says it came from another message than the card's. */
  | { kind: 'card_mismatch' }
  | { kind: 'self_decision' }
  | { kind: 'decided'; decision: Decision }
  | { kind: 'busy'; by: string | null };

/** Longest a click holds a card (its lease is refreshed meanwhile): past a decision's worst case (Vultr's create with retries, the card update, the DM). */
export const DECIDING_LEASE_MS = 5 * 60_000;

/**
 * One decision per card, however many people click at once, on however many replicas: the
 * first click takes the card's lease and moves its record to approving; the others are told who
 * is deciding or who decided. The record is read after the lease is taken and moved only from
 * what was read (compare-and-set): a card decided meanwhile stays decided.
 */
export class RequestCards {
  private readonly mutex: ClusterMutex;

  constructor(private readonly store: Coordination = new InProcessCoordination()) {
    this.mutex = new ClusterMutex(store, { ttlMs: SENDING_TTL_MS, maxHoldMs: DECIDING_LEASE_MS });
  }

  newId(): string {
    return randomUUID();
  }

  /** Records a posted card; false when its id is already taken (it never is: ids are random). */
  save(card: RequestCard): Promise<boolean> {
    return this.store.compareAndSet(key(card.id), null, encodeTagged(card), OPEN_REQUEST_MS);
  }

  async get(id: string): Promise<RequestCard | null> {
    const text = await this.store.get(key(id));
    return text === null ? null : (decodeTagged(text) as RequestCard | null);
  }

  /**
   * The approver's choice of group on an open card (compare-and-set: a card being decided or
   * decided keeps its group). The updated card, or why not.
   */
  async setGroup(
    id: string,
    clicked: { channel: string | undefined; ts: string | undefined },
    group: GroupRef | undefined,
  ): Promise<{ kind: 'changed'; card: RequestCard } | { kind: 'unknown_card' | 'card_mismatch' | 'not_open' }> {
    const text = await this.store.get(key(id));
    const card = text === null ? null : (decodeTagged(text) as RequestCard | null);
    if (text === null || card === null) return { kind: 'unknown_card' };
    if (card.channel !== clicked.channel || card.ts !== clicked.ts) return { kind: 'card_mismatch' };
    if (card.state.kind !== 'open') return { kind: 'not_open' };
    const { group: _old, ...rest } = card.request;
    const changed: RequestCard = { ...card, request: { ...rest, ...(group ? { group } : {}) } };
    return (await this.store.compareAndSet(key(id), text, encodeTagged(changed), OPEN_REQUEST_MS))
      ? { kind: 'changed', card: changed }
      : { kind: 'not_open' };
  }

  async take(id: string, user: string, clicked: { channel: string | undefined; ts: string | undefined }): Promise<DecisionTurn> {
    const seen = await this.get(id);
    if (seen === null) return { kind: 'unknown_card' };
    if (seen.channel !== clicked.channel || seen.ts !== clicked.ts) return { kind: 'card_mismatch' };
    if (seen.request.requester === user) return { kind: 'self_decision' };
    if (isDecided(seen.state)) return { kind: 'decided', decision: seen.state };
    const held = await this.mutex.tryLock(`deciding:${id}`);
    if (!held) return { kind: 'busy', by: seen.state.kind === 'approving' ? seen.state.by : null };
    try {
      // Read again under the lease: another click may have decided the card since the look above.
      const text = await this.store.get(key(id));
      const card = text === null ? null : (decodeTagged(text) as RequestCard | null);
      if (text === null || card === null) throw new Error(`card ${id} vanished while its lease was held`);
      if (isDecided(card.state)) {
        await held.release();
        return { kind: 'decided', decision: card.state };
      }
      // Open, or approving by a holder whose lease ran out (it crashed): ours now.
      const approving: RequestCard = { ...card, state: { kind: 'approving', by: user } };
      const approvingText = encodeTagged(approving);
      if (!(await this.store.compareAndSet(key(id), text, approvingText, OPEN_REQUEST_MS))) {
        await held.release();
        const now = await this.get(id);
        return now !== null && isDecided(now.state) ? { kind: 'decided', decision: now.state } : { kind: 'busy', by: null };
      }
      return {
        kind: 'yours',
        card: approving,
        finish: async (result) => {
          try {
            const next = encodeTagged({ ...approving, state: result });
            if (!(await this.store.compareAndSet(key(id), approvingText, next, OPEN_REQUEST_MS)))
              throw new Error(`card ${id} changed while it was being decided`);
          } finally {
            await held.release();
          }
        },
      };
    } catch (err) {
      await held.release();
      throw err;
    }
  }
}

function key(id: string): string {
  return `card:${id}`;
}

function isDecided(state: CardState): state is Decision {
  return state.kind === 'approved' || state.kind === 'denied';
}
