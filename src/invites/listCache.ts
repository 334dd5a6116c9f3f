import type { Invitation, InvitationList } from '../vultr/invitation';
import type { InvitationDirectory, ListOptions } from './directory';
import type { ResendOutcome } from './resend';

/**
 * A directory that keeps the list it loaded for a while, and is told what a resend changed so
 * nobody is shown an invitation as it was before. An interface so a shared store (Redis) can
 * replace the in-process one. Nothing here decides whether an e-mail is sent: the resend path
 * reads the invitation from Vultr itself.
 */
export interface InvitationListCache extends InvitationDirectory {
  /** What a resend of `invitationId` ended in; afterwards no load returns the invitation as it was before. */
  learn(invitationId: string, outcome: ResendOutcome): Promise<void>;
}

/** What a resend's outcome says about the invitation now: its state, `null` when gone. */
export type StateAfter = Invitation | null | 'unchanged' | 'unknown';

export function stateAfter(outcome: ResendOutcome): StateAfter {
  switch (outcome.kind) {
    case 'resent':
      // Resent, but the new expiration could not be read back: a kept row would show the old one.
      return outcome.invitation.expiresAt === null ? 'unknown' : outcome.invitation;
    case 'changed':
    case 'recently_resent':
    case 'not_pending':
      return outcome.invitation;
    case 'gone':
      return null;
    case 'failed':
      return outcome.mayHaveSent ? 'unknown' : 'unchanged';
  }
}

interface Walk {
  result: Promise<InvitationList>;
  /** Changes learned while the walk ran: its pages may predate them. */
  changes: Map<string, Invitation | null>;
  /** False once something unknown changed meanwhile: its result still answers its callers but is not kept. */
  keep: boolean;
}

/**
 * The in-process cache: one list walk at a time (whoever asks meanwhile joins it), its result
 * kept for `ttlMs`. A fresh load never uses a kept list but does join the walk under way. A TTL
 * of 0 keeps and joins nothing: every load walks, as without a cache.
 */
export class ListCache implements InvitationListCache {
  private kept: { list: InvitationList; at: number } | undefined;
  private walk: Walk | undefined;

  constructor(
    private readonly inner: InvitationDirectory,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  listInvitations(options: ListOptions = {}): Promise<InvitationList> {
    if (this.ttlMs <= 0) return this.inner.listInvitations();
    if (!options.fresh && this.kept && this.clock() - this.kept.at < this.ttlMs) return Promise.resolve(this.kept.list);
    this.walk ??= this.startWalk();
    return this.walk.result;
  }

  learn(invitationId: string, outcome: ResendOutcome): Promise<void> {
    const state = stateAfter(outcome);
    if (this.ttlMs <= 0 || state === 'unchanged') return Promise.resolve();
    if (state === 'unknown') {
      // Forget the kept list, and let the next load start a walk of its own rather than join one begun before.
      this.kept = undefined;
      if (this.walk) this.walk.keep = false;
      this.walk = undefined;
      return Promise.resolve();
    }
    if (this.kept) this.kept = { ...this.kept, list: withChange(this.kept.list, invitationId, state) };
    this.walk?.changes.set(invitationId, state);
    return Promise.resolve();
  }

  private startWalk(): Walk {
    const walk: Walk = { changes: new Map(), keep: true, result: Promise.resolve({ invitations: [], skipped: 0, complete: true }) };
    walk.result = this.inner
      .listInvitations()
      .then((loaded) => {
        let list = loaded;
        for (const [id, state] of walk.changes) list = withChange(list, id, state);
        if (walk.keep) this.kept = { list, at: this.clock() };
        return list;
      })
      .finally(() => {
        if (this.walk === walk) this.walk = undefined;
      });
    return walk;
  }
}

/** The list with one invitation in its current state (removed when gone), as a new list: the old one may be in use. */
function withChange(list: InvitationList, id: string, state: Invitation | null): InvitationList {
  const copy = list.invitations.filter((inv) => inv.id !== id);
  if (state !== null) {
    const index = list.invitations.findIndex((inv) => inv.id === id);
    copy.splice(index === -1 ? copy.length : index, 0, state);
  }
  return { ...list, invitations: copy };
}
