import type { InvitationDirectory } from './directory';
import { grantRecord, type GrantIntent, type GrantOutcome, type GroupGrants, type GroupRef, type MembershipDirectory } from './groupGrants';
import type { History } from './history';

/** What a Retry on a failed grant came to. */
export type RetryOutcome =
  /** No intent under that invitation (a forged value, or closed long ago). */
  | { kind: 'unknown' }
  | { kind: 'already_granted'; intent: GrantIntent }
  /** Ran at once: granted or failed again; null when it must wait (the member is not listed yet, Vultr did not answer). */
  | { kind: 'ran'; intent: GrantIntent; outcome: GrantOutcome | null };

/**
 * A failed grant tried again at once (optionally with another group), through the same
 * exactly-once path as the grant runs; the outcome goes to the history.
 */
export async function retryNow(
  deps: { grants: GroupGrants; vultr: InvitationDirectory & MembershipDirectory; history: History; now: () => Date },
  invitationId: string,
  user: string,
  group?: GroupRef,
): Promise<RetryOutcome> {
  const intent = await deps.grants.retry(invitationId, user, group);
  if (intent === null) return { kind: 'unknown' };
  if (intent.state.kind === 'granted') return { kind: 'already_granted', intent };
  const list = await deps.vultr.listInvitations();
  const [outcome = null] = await deps.grants.run(deps.vultr, list.invitations, 0, invitationId);
  if (outcome) await deps.history.record([grantRecord(outcome, deps.now().getTime())]);
  return { kind: 'ran', intent, outcome };
}
