import type { AuditRecord } from '../coordination/auditLog';
import type { Coordination } from '../coordination/coordination';
import { BOT_ACTOR } from './history';
import { ClusterMutex, SENDING_TTL_MS } from '../coordination/mutex';
import { isVultrError, type VultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';
import { normaliseAddress } from './create';
import { decodeTagged, encodeTagged } from './sharedCodec';

/**
 * Vultr invitations grant nothing: a member who joins without a group sees "No Active
 * Organization". So an invitation can carry an intent, "when this is accepted, add the person to
 * group G, chosen by U", kept in the store with the invitation's id (it survives restarts, the
 * replicas share it, a resend keeps it). When the invitation turns Accepted, the grant runs
 * exactly once: under a lease, after checking the membership, and the intent's state moves on
 * only from what was read.
 */

export interface GroupRef {
  id: string;
  name: string;
}

/** The Vultr account that accepted. */
export interface MemberRef {
  id: string;
  email: string;
  name: string | null;
}

/** What a grant needs of Vultr IAM (the Vultr client implements it). */
export interface MembershipDirectory {
  findUserByEmail(email: string): Promise<MemberRef | null>;
  userGroupIds(userId: string): Promise<string[]>;
  addGroupMember(groupId: string, user: MemberRef): Promise<void>;
}

export type GrantState =
  /** Not accepted yet, or accepted and the member not listed by Vultr yet (`misses` runs so far). */
  | { kind: 'waiting'; misses: number; nextTryAt: number }
  | { kind: 'granted'; at: number; userId: string; alreadyMember: boolean }
  /** Vultr refused the add (no permission, the group is gone): waits for Retry or another group. */
  | { kind: 'failed'; at: number; error: VultrError }
  /** Not completed within GRANT_DAYS: reported once and closed. */
  | { kind: 'expired'; at: number };

export interface GrantIntent {
  invitationId: string;
  email: string;
  group: GroupRef;
  /** The Slack user who chose the group. */
  chosenBy: string;
  since: number;
  state: GrantState;
}

/** How long an intent waits for its acceptance and grant before it is reported and closed. */
export const GRANT_DAYS = 7;
const GRANT_MS = GRANT_DAYS * 24 * 3600_000;
/** A closed intent is kept a little longer, so the Retry buttons of its message still find it. */
const KEPT_MS = GRANT_MS + 24 * 3600_000;
/** Backoff while Vultr does not list the new member yet: doubling from one run, at most an hour. */
const MAX_BACKOFF_MS = 3600_000;
const INDEX_KEY = 'grants:open';

/** What one intent came to in a run: the runner announces it and writes it to the history. */
export type GrantOutcome =
  | { kind: 'granted'; intent: GrantIntent; user: MemberRef; alreadyMember: boolean }
  | { kind: 'failed'; intent: GrantIntent; error: VultrError }
  | { kind: 'expired'; intent: GrantIntent };

export class GroupGrants {
  private readonly mutex: ClusterMutex;

  constructor(
    private readonly store: Coordination,
    private readonly clock: () => number = Date.now,
  ) {
    this.mutex = new ClusterMutex(store, { ttlMs: SENDING_TTL_MS });
  }

  /** Records (or replaces: a new choice wins) the intent for an invitation. */
  async intend(intent: Omit<GrantIntent, 'since' | 'state'>): Promise<GrantIntent> {
    const stored: GrantIntent = { ...intent, since: this.clock(), state: { kind: 'waiting', misses: 0, nextTryAt: 0 } };
    // Indexed first: an index entry without its intent is skipped, an intent missing from the index would never be granted.
    await this.editIndex((ids) => ids.add(intent.invitationId));
    await this.store.set(key(intent.invitationId), encodeTagged(stored), KEPT_MS);
    return stored;
  }

  async get(invitationId: string): Promise<GrantIntent | null> {
    return decodeIntent(await this.store.get(key(invitationId)));
  }

  /** The intents still open (waiting or failed), oldest first. */
  async open(): Promise<GrantIntent[]> {
    const ids = await this.readIndex();
    const intents = await Promise.all([...ids].map((id) => this.get(id)));
    return intents.filter((i): i is GrantIntent => i !== null && isOpen(i.state)).sort((a, b) => a.since - b.since);
  }

  /** Retry (after a failure), optionally with another group: the intent waits again and the next run grants it. */
  async retry(invitationId: string, by: string, group?: GroupRef): Promise<GrantIntent | null> {
    return this.holding(invitationId, async (text, intent) => {
      if (intent.state.kind === 'granted') return intent;
      const next: GrantIntent = {
        ...intent,
        ...(group ? { group, chosenBy: by } : {}),
        state: { kind: 'waiting', misses: 0, nextTryAt: 0 },
      };
      await this.replace(text, next);
      await this.editIndex((ids) => ids.add(invitationId));
      return next;
    });
  }

  /**
   * One run over the open intents with Vultr's current list: each accepted invitation's member is
   * found and added to the group (once), each intent past GRANT_DAYS is closed. An intent whose
   * invitation is not in a complete list is left as it is.
   */
  async run(
    directory: MembershipDirectory,
    invitations: readonly Invitation[],
    runEveryMs: number,
    only?: string,
  ): Promise<GrantOutcome[]> {
    const byId = new Map(invitations.map((i) => [i.id, i]));
    const outcomes: GrantOutcome[] = [];
    for (const intent of await this.open()) {
      if (only !== undefined && intent.invitationId !== only) continue;
      if (intent.state.kind !== 'waiting') continue;
      const accepted = byId.get(intent.invitationId);
      const due = intent.state.nextTryAt <= this.clock();
      if (this.clock() - intent.since > GRANT_MS) {
        const outcome = await this.expire(intent.invitationId);
        if (outcome) outcomes.push(outcome);
      } else if (accepted && accepted.respondedAt !== null && !accepted.isPending && due) {
        const outcome = await this.grant(directory, accepted, runEveryMs);
        if (outcome) outcomes.push(outcome);
      }
    }
    return outcomes;
  }

  private async grant(directory: MembershipDirectory, invitation: Invitation, runEveryMs: number): Promise<GrantOutcome | null> {
    return this.holding(invitation.id, async (text, intent) => {
      if (intent.state.kind !== 'waiting') return null;
      try {
        const user =
          (invitation.emailRegistered ? await findMember(directory, invitation.emailRegistered) : null) ??
          (await findMember(directory, invitation.emailInvited));
        if (user === null) {
          const misses = intent.state.misses + 1;
          const wait = Math.min(runEveryMs * 2 ** (misses - 1), MAX_BACKOFF_MS);
          await this.replace(text, { ...intent, state: { kind: 'waiting', misses, nextTryAt: this.clock() + wait } });
          return null;
        }
        // Checked first every time: an add that timed out may have gone through.
        const alreadyMember = (await directory.userGroupIds(user.id)).includes(intent.group.id);
        if (!alreadyMember) await directory.addGroupMember(intent.group.id, user);
        const granted: GrantIntent = { ...intent, state: { kind: 'granted', at: this.clock(), userId: user.id, alreadyMember } };
        await this.replace(text, granted);
        await this.editIndex((ids) => ids.delete(intent.invitationId));
        return { kind: 'granted', intent: granted, user, alreadyMember };
      } catch (err) {
        if (!isVultrError(err)) throw err;
        // Vultr did not answer, or not yet: the next run tries again, and checks the membership first (the add may have happened).
        if (err.mayHaveReachedVultr || err.kind === 'unreachable' || err.kind === 'rate_limited') return null;
        const failed: GrantIntent = { ...intent, state: { kind: 'failed', at: this.clock(), error: err } };
        await this.replace(text, failed);
        return { kind: 'failed', intent: failed, error: err };
      }
    });
  }

  private expire(invitationId: string): Promise<GrantOutcome | null> {
    return this.holding(invitationId, async (text, intent) => {
      if (intent.state.kind !== 'waiting') return null;
      const expired: GrantIntent = { ...intent, state: { kind: 'expired', at: this.clock() } };
      await this.replace(text, expired);
      await this.editIndex((ids) => ids.delete(invitationId));
      return { kind: 'expired', intent: expired };
    });
  }

  /** Runs `work` on the intent as stored, under its lease; null when another run holds it or there is none. */
  private async holding<T>(invitationId: string, work: (text: string, intent: GrantIntent) => Promise<T>): Promise<T | null> {
    const ran = await this.mutex.tryRun(`granting:${invitationId}`, async () => {
      const text = await this.store.get(key(invitationId));
      const intent = decodeIntent(text);
      return text === null || intent === null ? null : work(text, intent);
    });
    return ran.ran ? ran.value : null;
  }

  private async replace(expected: string, next: GrantIntent): Promise<void> {
    if (!(await this.store.compareAndSet(key(next.invitationId), expected, encodeTagged(next), KEPT_MS)))
      throw new Error(`grant intent ${next.invitationId} changed under its lease`);
  }

  private async readIndex(): Promise<Set<string>> {
    return parseIndex(await this.store.get(INDEX_KEY));
  }

  /** The index of open intents, edited by compare-and-set (replicas may add at the same moment). */
  private async editIndex(change: (ids: Set<string>) => void): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const text = await this.store.get(INDEX_KEY);
      const ids = parseIndex(text);
      change(ids);
      if (await this.store.compareAndSet(INDEX_KEY, text, JSON.stringify([...ids]), KEPT_MS)) return;
    }
    throw new Error('the index of grant intents kept changing');
  }
}

function parseIndex(text: string | null): Set<string> {
  const ids = text === null ? [] : decodeTagged(text);
  return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []);
}

async function findMember(directory: MembershipDirectory, email: string): Promise<MemberRef | null> {
  const user = await directory.findUserByEmail(email);
  return user && normaliseAddress(user.email) === normaliseAddress(email) ? user : null;
}

function isOpen(state: GrantState): boolean {
  return state.kind === 'waiting' || state.kind === 'failed';
}

function key(invitationId: string): string {
  return `grant:${invitationId}`;
}

function decodeIntent(text: string | null): GrantIntent | null {
  return text === null ? null : (decodeTagged(text) as GrantIntent | null);
}

/** The intent of each invitation that has one (for the rows that show the intended group). */
export async function intentsOf(grants: GroupGrants, invitationIds: readonly string[]): Promise<Map<string, GrantIntent>> {
  const found = await Promise.all(invitationIds.map(async (id) => [id, await grants.get(id)] as const));
  return new Map(found.filter((e): e is readonly [string, GrantIntent] => e[1] !== null));
}

/** A grant's outcome as a history record: the bot did it, for the person who chose the group. */
export function grantRecord(outcome: GrantOutcome, at: number): AuditRecord {
  const { intent } = outcome;
  return {
    at,
    actor: BOT_ACTOR,
    action: 'grant',
    address: intent.email,
    outcome: outcome.kind,
    detail: `group ${intent.group.name}, chosen by ${intent.chosenBy}`,
  };
}
