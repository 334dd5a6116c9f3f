import { StoreUnavailableError } from '../coordination/coordination';
import type { VultrError } from '../vultr/errors';
import { section } from './blocks';
import type { SlackMessage } from './message';
import { channelMention, escapeMrkdwn, vultrText } from './mrkdwn';

/**
 * Failure texts, written for the person who clicked: what failed, whether anything happened,
 * what to do next. Never a stack trace, raw JSON or a secret.
 */

/** `not_allowed`: listing and resending; `not_an_approver`: deciding an access request (an Approve or Deny click). */
export type RefusalReason = 'not_allowed' | 'not_an_approver' | 'check_failed' | 'misconfigured' | 'foreign_workspace' | 'bad_request';

/** Whoever may not use the bot can ask for an invitation: the refusal says how. */
export const ASK_FOR_ACCESS = 'To ask an admin for a Vultr invitation, use `/invites request`.';

const refusals: Record<RefusalReason, string> = {
  not_allowed: `:no_entry: You are not allowed to list or resend Vultr invitations. ${ASK_FOR_ACCESS}`,
  not_an_approver:
    ':no_entry: You are not allowed to decide access requests: only the people who may use the bot approve or deny them. Nothing was done.',
  check_failed:
    ':warning: Could not check whether you are allowed to use this (Slack did not answer). Nothing was done. Please try again in a minute.',
  misconfigured:
    ':no_entry: The bot is misconfigured: Slack refused the check of who may use it. Nothing was done, and trying again will not help. Ask whoever runs the bot (the admin who installed it) to run `npm run doctor`; the exact Slack error is in its logs.',
  foreign_workspace: ':no_entry: This app is not installed for this workspace. Nothing was done.',
  bad_request:
    ':warning: That button is not one this bot understands (it may come from an old version of the message). Nothing was done. Run `/invites` for a fresh list.',
};

export function vultrFailureText(error: VultrError): string {
  const status = error.status !== undefined ? ` (HTTP ${error.status})` : '';
  switch (error.kind) {
    case 'unreachable':
      return 'Vultr could not be reached. Try again in a minute.';
    case 'interrupted':
      return 'The connection to Vultr broke before it answered. Try again in a minute.';
    case 'timeout':
      return 'Vultr did not answer in time. Try again in a minute.';
    case 'auth':
      return `Vultr refused the bot's API key${status}. The key is wrong or its user lacks permission to manage organization invitations (iam.invitation.*). Ask whoever runs the bot to check VULTR_API_KEY.`;
    case 'rate_limited':
      return 'Vultr is rate-limiting requests right now. Try again in a minute.';
    case 'server':
      return `Vultr had an internal error${status}. Try again in a few minutes.`;
    case 'invalid_response':
      return "Vultr answered in a format this bot does not understand. The details are in the bot's logs.";
    case 'too_large':
      return "Vultr sent more than this bot accepts in one answer or one list, so it stopped reading. The details are in the bot's logs.";
    case 'not_found':
      return 'Vultr says this invitation no longer exists.';
    case 'rejected':
      return `Vultr refused the request${status}${error.vultrMessage ? `: “${vultrText(error.vultrMessage, 300)}”` : ''}.`;
  }
}

export function problemMessage(mrkdwn: string): SlackMessage {
  return { text: mrkdwn, blocks: [section(mrkdwn)] };
}

export function renderRefusal(reason: RefusalReason): SlackMessage {
  return problemMessage(refusals[reason]);
}

export function renderListFailure(error: VultrError): SlackMessage {
  return problemMessage(`:warning: Could not load the invitations. ${vultrFailureText(error)} Nothing was changed.`);
}

/** How to fix a notification that could not be posted (the resend itself already happened). */
export function notifyFailureText(channel: string, slackError: string): string {
  const where = channelMention(channel);
  if (channel.startsWith('D')) {
    return `:warning: Could not post the notification in this direct message (${escapeMrkdwn(slackError)}). Ask whoever runs the bot to set INVITES_NOTIFY_CHANNEL to the team's channel. The resend itself worked.`;
  }
  switch (slackError) {
    case 'not_in_channel':
    case 'channel_not_found':
      return `:warning: Could not post the notification to ${where} (${slackError}): the bot is not a member there. Type \`/invite @invites-bot\` in that channel.`;
    case 'is_archived':
      return `:warning: Could not post the notification to ${where}: the channel is archived. Ask whoever runs the bot to set INVITES_NOTIFY_CHANNEL to an active channel.`;
    default:
      return `:warning: Could not post the notification to ${where} (${escapeMrkdwn(slackError)}). The resend itself worked.`;
  }
}

/** What a failure that is not Vultr's is shown as: the store being down says so, anything else is a bug in the logs. */
export function renderUnexpected(err?: unknown): SlackMessage {
  return problemMessage(unexpectedText(err));
}

export function unexpectedText(err?: unknown): string {
  if (err instanceof StoreUnavailableError) return STORE_DOWN_TEXT;
  return ":warning: Something went wrong on the bot's side. The details are in its logs; please try again.";
}

/** Sending is refused while the shared store cannot answer: two replicas could both send. */
export const STORE_DOWN_TEXT =
  ':warning: Nothing was sent: the bot’s shared store (Redis) is not answering, and sending without it could e-mail someone twice. Lists still work; please try again in a minute.';

/** Slack would not open a form (its 3-second trigger ran out, or Slack refused the view). */
export function renderModalNotOpened(command: string): SlackMessage {
  return problemMessage(
    `:warning: Slack did not open the form (it may have taken too long to answer). Nothing was done. Please run \`${command}\` again.`,
  );
}
