import { randomUUID } from 'node:crypto';
import type { Coordination } from '../coordination/coordination';
import type { Invitation, InvitationList } from '../vultr/invitation';
import { carrySortedPending, indexOfId } from './listing';
import { decodeTagged, encodeTagged } from './sharedCodec';

/** Where the list cache keeps the list it loaded, for `ttlMs` from when it was put there. */
export interface KeptList {
  get(): Promise<InvitationList | undefined>;
  put(list: InvitationList): Promise<void>;
  /** One invitation is now in `state` (null: gone). */
  change(id: string, state: Invitation | null): Promise<void>;
  forget(): Promise<void>;
}

/** The list with one invitation in its current state (removed when gone), as a new list: the old one may be in use. */
export function withChange(list: InvitationList, id: string, state: Invitation | null): InvitationList {
  // A copy and one slot changed: a click at 10,000 rows costs a copy, not a callback per row.
  const copy = list.invitations.slice();
  const index = indexOfId(copy, id);
  if (index === -1) {
    if (state !== null) copy.push(state);
  } else if (state === null) copy.splice(index, 1);
  else copy[index] = state;
  carrySortedPending(list.invitations, copy, id, state);
  return { ...list, invitations: copy };
}

/** This process's own memory: one replica, or no shared store. */
export class KeptInProcess implements KeptList {
  private kept: { list: InvitationList; at: number } | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(): Promise<InvitationList | undefined> {
    return Promise.resolve(this.kept && this.clock() - this.kept.at < this.ttlMs ? this.kept.list : undefined);
  }

  put(list: InvitationList): Promise<void> {
    this.kept = { list, at: this.clock() };
    return Promise.resolve();
  }

  change(id: string, state: Invitation | null): Promise<void> {
    if (this.kept) this.kept = { ...this.kept, list: withChange(this.kept.list, id, state) };
    return Promise.resolve();
  }

  forget(): Promise<void> {
    this.kept = undefined;
    return Promise.resolve();
  }
}

const LIST_KEY = 'list';
const GENERATION_KEY = 'list:generation';

/**
 * Kept in the shared store, so a page turn on another replica does not walk Vultr again. The
 * list is written once per walk under a generation id; each replica keeps the decoded list it
 * last read and, per load, only asks for the (tiny) generation to know it is still current. A
 * resend forgets the list for every replica: the next load walks Vultr again. It is a cache:
 * while the store cannot answer, a read is a miss and a write is skipped.
 */
export class KeptShared implements KeptList {
  private decoded: { generation: string; list: InvitationList } | undefined;

  constructor(
    private readonly store: Coordination,
    private readonly ttlMs: number,
  ) {}

  get(): Promise<InvitationList | undefined> {
    return this.read().catch(() => undefined);
  }

  private async read(): Promise<InvitationList | undefined> {
    const generation = await this.store.get(GENERATION_KEY);
    if (generation === null) return undefined;
    if (this.decoded?.generation === generation) return this.decoded.list;
    const text = await this.store.get(LIST_KEY);
    const kept = text === null ? null : (decodeTagged(text) as { generation: string; list: InvitationList } | null);
    if (kept?.generation !== generation) return undefined;
    this.decoded = kept;
    return kept.list;
  }

  async put(list: InvitationList): Promise<void> {
    const generation = randomUUID();
    this.decoded = { generation, list };
    await this.store.set(LIST_KEY, encodeTagged({ generation, list }), this.ttlMs).catch(() => undefined);
    await this.store.set(GENERATION_KEY, generation, this.ttlMs).catch(() => undefined);
  }

  change(): Promise<void> {
    return this.forget();
  }

  async forget(): Promise<void> {
    this.decoded = undefined;
    await this.store.delete(GENERATION_KEY).catch(() => undefined);
    await this.store.delete(LIST_KEY).catch(() => undefined);
  }
}
