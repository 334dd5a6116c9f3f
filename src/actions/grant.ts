import type { GrantIntent, GrantOutcome } from '../domain/groupGrants';
import { grantRecord } from '../domain/groupGrants';
import type { InvitesDeps } from '../deps';
import type { ActionSpec } from '../platform/pipeline/pipeline';
import type { ChannelScreen } from '../platform/surfaces/channelMessage';
import { invitationIdPattern } from '../vultr/schemas';
import { renderGrantNews, renderGrantWaiting } from '../views/grantNews';
import { problemMessage } from '../views/problems';

/** What a Retry on a failed grant came to. */
export type RetryOutcome =
  /** No intent under that invitation (a forged value, or closed long ago). */
  | { kind: 'unknown' }
  | { kind: 'already_granted'; intent: GrantIntent }
  /** Ran at once: granted or failed again; null when it must wait (the member is not listed yet, Vultr did not answer). */
  | { kind: 'ran'; intent: GrantIntent; outcome: GrantOutcome | null };

const decodeInvitationId = (raw: string | undefined): string | null => (raw !== undefined && invitationIdPattern.test(raw) ? raw : null);

/**
 * **Retry** on a grant that Vultr refused: the intent waits again and is granted at once, through
 * the same exactly-once path as the grant runs (lease, membership check, compare-and-set).
 */
export const retryGrant: ActionSpec<InvitesDeps, string, RetryOutcome> = {
  name: 'grant_retry',
  decode: decodeInvitationId,
  async run(deps, click) {
    const intent = await deps.grants.retry(click.value, click.user);
    if (intent === null) return { kind: 'unknown' };
    if (intent.state.kind === 'granted') return { kind: 'already_granted', intent };
    const list = await deps.vultr.listInvitations();
    const [outcome = null] = await deps.grants.run(deps.vultr, list.invitations, 0, click.value);
    if (outcome) await deps.history.record([grantRecord(outcome, deps.now().getTime())]);
    return { kind: 'ran', intent, outcome };
  },
  audit(outcome, { value }) {
    const fields = { invitation_id: value };
    if (outcome.kind !== 'ran') return { outcome: outcome.kind, routine: false, fields };
    return {
      outcome: outcome.outcome?.kind ?? 'waiting',
      routine: outcome.outcome?.kind === 'granted',
      fields: { ...fields, group_id: outcome.intent.group.id },
    };
  },
};

/** The grant's message after a Retry: what it came to, for everyone; a forged or stale click is told so alone. */
export const grantRetried: ChannelScreen<InvitesDeps, string, RetryOutcome> = (_deps, _request, outcome) => {
  switch (outcome.kind) {
    case 'unknown':
      return Promise.resolve({ tell: problemMessage(':warning: This grant is not one the bot knows (any more). Nothing was done.') });
    case 'already_granted':
      return Promise.resolve({ tell: problemMessage(':white_check_mark: This member was already added; nothing more was done.') });
    case 'ran': {
      const update = outcome.outcome ? renderGrantNews(outcome.outcome) : renderGrantWaiting(outcome.intent);
      return Promise.resolve({
        update,
        otherwise: (slackError: string) =>
          problemMessage(`${update.text}\n(The message could not be updated: Slack said \`${slackError}\`.)`),
      });
    }
  }
};
