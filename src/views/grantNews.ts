import type { GrantIntent, GrantOutcome } from '../domain/groupGrants';
import type { RetryOutcome } from '../domain/grantRetry';
import type { VultrError } from '../vultr/errors';
import { actions, button, section } from './blocks';
import type { SlackMessage } from './message';
import { userMention, vultrText } from './mrkdwn';
import { vultrFailureText } from './problems';

/** The watcher's channel message when an invitation with a group is accepted: joined, or why not, with what to do. */

export const ACTION_GRANT_RETRY = 'grant_retry';
export const ACTION_GRANT_CHOOSE = 'grant_choose';

const address = (email: string) => `*${vultrText(email, 254)}*`;
const group = (name: string) => `*${vultrText(name, 100)}*`;

/** Why Vultr would not add the member, in words for the channel. */
function grantFailureText(error: VultrError): string {
  const status = error.status !== undefined ? ` (HTTP ${error.status})` : '';
  switch (error.kind) {
    case 'auth':
      return `Vultr refused${status}: the bot's API key may not add group members. Give its user \`iam.group.AddMember\` (or \`iam.group.*\`), then Retry.`;
    case 'not_found':
      return 'Vultr says the group no longer exists. Choose another group.';
    default:
      return vultrFailureText(error);
  }
}

export function renderGrantNews(outcome: GrantOutcome): SlackMessage {
  const { intent } = outcome;
  const chosen = `(chosen by ${userMention(intent.chosenBy)})`;
  switch (outcome.kind) {
    case 'granted': {
      const text = outcome.alreadyMember
        ? `:white_check_mark: ${address(intent.email)} accepted; they were already in ${group(intent.group.name)} ${chosen}`
        : `:white_check_mark: ${address(intent.email)} accepted and joined ${group(intent.group.name)} ${chosen}`;
      return { text, blocks: [section(text)] };
    }
    case 'failed': {
      const text = `:warning: ${address(intent.email)} accepted, but could not be added to ${group(intent.group.name)} ${chosen}: ${grantFailureText(outcome.error)} Until someone grants access they see “No Active Organization”.`;
      const value = intent.invitationId;
      return {
        text,
        blocks: [
          section(text),
          actions('grant_actions', [
            button({ actionId: ACTION_GRANT_RETRY, text: 'Retry', style: 'primary', value }),
            button({ actionId: ACTION_GRANT_CHOOSE, text: 'Choose another group', value }),
          ]),
        ],
      };
    }
    case 'expired': {
      const text = `:hourglass: ${address(intent.email)} was not added to ${group(intent.group.name)} ${chosen}: the invitation was not accepted, or the member not found, within 7 days. Nothing more will be tried; grant access in the Vultr console if they joined.`;
      return { text, blocks: [section(text)] };
    }
  }
}

/** After a Retry that must wait (the member not listed yet, or Vultr silent): the next grant run tries again by itself. */
export function renderGrantWaiting(intent: GrantIntent): SlackMessage {
  const text = `:hourglass_flowing_sand: Adding ${address(intent.email)} to ${group(intent.group.name)} (chosen by ${userMention(intent.chosenBy)}): Vultr does not list the member yet, or did not answer. The bot tries again by itself.`;
  return { text, blocks: [section(text)] };
}

/** The grant's channel message after a retry ran. */
export function grantMessageAfter(ran: Extract<RetryOutcome, { kind: 'ran' }>): SlackMessage {
  return ran.outcome ? renderGrantNews(ran.outcome) : renderGrantWaiting(ran.intent);
}

/** A Retry or another group that found nothing to do: no such grant, or the member already added. */
export function retryRefusalText(kind: 'unknown' | 'already_granted'): string {
  return kind === 'unknown'
    ? ':warning: This grant is not one the bot knows (any more). Nothing was done.'
    : ':white_check_mark: This member was already added; nothing more was done.';
}
