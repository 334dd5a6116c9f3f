import type { Invitation, InvitationList } from '../vultr/invitation';
import { withChange, type KeptList } from './keptList';
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
 * One list walk at a time in this process (whoever asks meanwhile joins it), its result kept for
 * a while in `kept` (this process's memory, or the store the replicas share). A fresh load never
 * uses a kept list but does join the walk under way. Without a lifetime (TTL 0) nothing is kept
 * or joined: every load walks, as without a cache.
 */
export class ListCache implements InvitationListCache {
  private walk: Walk | undefined;

  constructor(
    private readonly inner: InvitationDirectory,
    private readonly kept: KeptList | undefined,
  ) {}

  async listInvitations(options: ListOptions = {}): Promise<InvitationList> {
    if (this.kept === undefined) return this.inner.listInvitations();
    const kept = options.fresh ? undefined : await this.kept.get();
    if (kept) return kept;
    this.walk ??= this.startWalk(this.kept);
    return this.walk.result;
  }

  async learn(invitationId: string, outcome: ResendOutcome): Promise<void> {
    const state = stateAfter(outcome);
    if (this.kept === undefined || state === 'unchanged') return;
    if (state === 'unknown') {
      // Forget the kept list, and let the next load start a walk of its own rather than join one begun before.
      if (this.walk) this.walk.keep = false;
      this.walk = undefined;
      await this.kept.forget();
      return;
    }
    this.walk?.changes.set(invitationId, state);
    await this.kept.change(invitationId, state);
  }

  private startWalk(kept: KeptList): Walk {
    const walk: Walk = { changes: new Map(), keep: true, result: Promise.resolve({ invitations: [], skipped: 0, complete: true }) };
    walk.result = this.inner
      .listInvitations()
      .then(async (loaded) => {
        let list = loaded;
        for (const [id, state] of walk.changes) list = withChange(list, id, state);
        if (walk.keep) await kept.put(list);
        return list;
      })
      .finally(() => {
        if (this.walk === walk) this.walk = undefined;
      });
    return walk;
  }
}
