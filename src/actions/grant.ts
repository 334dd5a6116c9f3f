import type { InvitesDeps } from '../deps';
import type { ActionSpec } from '../platform/pipeline/pipeline';
import type { ChannelScreen } from '../platform/surfaces/channelMessage';
import { invitationIdPattern } from '../vultr/schemas';
import { problemMessage } from '../views/problems';
import { retryNow, type RetryOutcome } from '../domain/grantRetry';
import { grantMessageAfter, retryRefusalText } from '../views/grantNews';

export const decodeInvitationId = (raw: string | undefined): string | null =>
  raw !== undefined && invitationIdPattern.test(raw) ? raw : null;

/**
 * **Retry** on a grant that Vultr refused: the intent waits again and is granted at once, through
 * the same exactly-once path as the grant runs (lease, membership check, compare-and-set).
 */
export const retryGrant: ActionSpec<InvitesDeps, string, RetryOutcome> = {
  name: 'grant_retry',
  decode: decodeInvitationId,
  run: (deps, click) => retryNow(deps, click.value, click.user),
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
    case 'already_granted':
      return Promise.resolve({ tell: problemMessage(retryRefusalText(outcome.kind)) });
    case 'ran': {
      const update = grantMessageAfter(outcome);
      return Promise.resolve({
        update,
        otherwise: (slackError: string) =>
          problemMessage(`${update.text}\n(The message could not be updated: Slack said \`${slackError}\`.)`),
      });
    }
  }
};
