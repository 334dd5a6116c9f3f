import type { ModalView } from '@slack/types';
import type { CreateOutcome } from '../domain/create';
import { section } from './blocks';
import { expiryClause, slackDate } from './dates';
import type { SlackMessage } from './message';
import { groupInput, type GroupChoices } from './groupChoice';
import { checkbox, emailInput, modal } from './modalInputs';
import { channelMention, escapeMrkdwn, userMention, vultrText } from './mrkdwn';
import { ASK_FOR_ACCESS, renderRefusal, vultrFailureText, type RefusalReason } from './problems';

/** The `/invites new` modal and what it shows after a submit. */

export const CALLBACK_INVITE = 'invites_new_modal';
export const INVITE_EMAIL_BLOCK = 'email';
export const INVITE_API_BLOCK = 'api';
export const INVITE_GROUP_BLOCK = 'group';
const TITLE = 'Invite to Vultr';

export function apiAccessText(apiEnabled: boolean): string {
  return `API access: ${apiEnabled ? 'on' : 'off'}`;
}

function whatHappens(notifyChannel: string | undefined): string {
  const told = notifyChannel ? `; ${channelMention(notifyChannel)} is told` : '';
  return `Vultr e-mails an invitation valid for 3 days${told}.`;
}

export function renderInviteModal(options: { email?: string; notifyChannel: string | undefined; groups: GroupChoices }): ModalView {
  return modal({
    callbackId: CALLBACK_INVITE,
    title: TITLE,
    submit: 'Invite',
    blocks: [
      emailInput(INVITE_EMAIL_BLOCK, 'E-mail address', options.email),
      groupInput(INVITE_GROUP_BLOCK, options.groups, 'When they accept, the bot adds them to this group.'),
      checkbox(INVITE_API_BLOCK, 'API access', 'Let them use the Vultr API'),
      section(whatHappens(options.notifyChannel)),
    ],
  });
}

/** Shown at once when the form is accepted (the answer to the submission), until Vultr answers. */
export function renderInviteProgress(email: string): ModalView {
  return modal({
    callbackId: CALLBACK_INVITE,
    title: TITLE,
    close: 'Close',
    blocks: [section(`:hourglass_flowing_sand: Creating the invitation for *${escapeMrkdwn(email)}*…`)],
  });
}

/**
 * A form submitted again (a second address typed into one already used, or Slack repeating the
 * submission): it creates nothing more, whatever it now holds. The first submission's outcome
 * replaces this if it is still on its way.
 */
export function renderFormAlreadyUsed(): ModalView {
  return renderInviteOutcome(
    ':information_source: This form was already used, so nothing more was sent. To invite someone else, run `/invites new`.',
  );
}

/** The modal's final text: the new invitation, a pending one found instead, or Vultr's refusal. */
export function inviteOutcomeText(outcome: CreateOutcome, email: string, apiEnabled: boolean, now: Date): string {
  const address = `*${escapeMrkdwn(email)}*`;
  switch (outcome.kind) {
    case 'created':
      return `:white_check_mark: Invitation sent to ${address} (${apiAccessText(apiEnabled)}). ${expiryClause(outcome.invitation.expiresAt, now, 'Expires', 'Vultr did not say when it expires')}.`;
    case 'pending_exists':
      return `:information_source: ${address} already has a pending invitation (${expiryClause(outcome.invitation.expiresAt, now, 'expires', 'expiration unknown')}). Nothing new was sent; use *Resend* in \`/invites\` to e-mail it again.`;
    case 'failed':
      // A timeout or 5xx after the request went out: Vultr may have created it all the same.
      return outcome.error.mayHaveReachedVultr
        ? `:warning: Vultr did not confirm the invitation to ${address}; it may or may not have been created. ${vultrFailureText(outcome.error)} Check \`/invites ${escapeMrkdwn(email)}\` before trying again.`
        : `:warning: The invitation to ${address} was not created. ${vultrFailureText(outcome.error)}`;
  }
}

export function renderInviteOutcome(text: string, notifyNote?: string): ModalView {
  return modal({
    callbackId: CALLBACK_INVITE,
    title: TITLE,
    close: 'Close',
    blocks: [section(notifyNote ? `${text}\n${notifyNote}` : text)],
  });
}

/** The field error when a pending invitation already exists. */
export function pendingFieldError(): string {
  return 'This address already has a pending invitation. Use Resend in /invites to e-mail it again.';
}

/** The channel's line for every invitation created: "📨 @alice invited bob@example.com (API access: off) · expires …". */
export function renderInvitedNotice(by: string, email: string, apiEnabled: boolean, expiresAt: Date | null): SlackMessage {
  const expiry = expiresAt ? ` · expires ${slackDate(expiresAt)}` : '';
  const text = `📨 ${userMention(by)} invited ${vultrText(email, 254)} (${apiAccessText(apiEnabled)})${expiry}`;
  return { text, blocks: [section(text)] };
}

/** Why someone may not invite: for the usual refusal, the way to ask instead. */
export function inviteRefusalText(reason: RefusalReason): string {
  return reason === 'not_allowed'
    ? `:no_entry: You are not allowed to invite people to Vultr. ${ASK_FOR_ACCESS}`
    : renderRefusal(reason).text;
}

export function renderInviteRefusal(reason: RefusalReason): ModalView {
  return renderInviteOutcome(inviteRefusalText(reason));
}
