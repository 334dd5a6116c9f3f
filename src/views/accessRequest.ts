import type { ModalView, PlainTextOption, StaticSelect } from '@slack/types';
import type { GroupRef } from '../domain/groupGrants';
import { groupInput, groupOption, groupSentence, NO_GROUP, noGroupOption, type GroupChoices } from './groupChoice';
import { MAX_REASON_LENGTH } from '../domain/approval';
import type { AccessRequest, Decision, RequestCard } from '../domain/requestCards';
import { actions, button, confirmDialog, context, section } from './blocks';
import { expiryPhrase, slackDate } from './dates';
import { apiAccessText } from './inviteModal';
import type { SlackMessage } from './message';
import { checkbox, emailInput, modal, SELECT_LIMITS, textInput } from './modalInputs';
import { channelMention, escapeMrkdwn, oneLine, truncate, userMention, vultrText } from './mrkdwn';
import type { Invitation } from '../vultr/invitation';

/** `/invites request`: the modal, the approval card in the notification channel, the requester's DM. */

export const CALLBACK_REQUEST = 'invites_request_modal';
export const REQUEST_EMAIL_BLOCK = 'email';
export const REQUEST_API_BLOCK = 'api';
export const REQUEST_REASON_BLOCK = 'reason';
export const REQUEST_GROUP_BLOCK = 'group';
/** The group select on an open card: the approver may change the group asked for before approving. */
export const ACTION_REQUEST_GROUP = 'request_group';
export const ACTION_APPROVE = 'request_approve';
export const ACTION_DENY = 'request_deny';
const TITLE = 'Ask for Vultr access';

export function renderRequestModal(options: { email?: string; notifyChannel: string; groups: GroupChoices }): ModalView {
  return modal({
    callbackId: CALLBACK_REQUEST,
    title: TITLE,
    submit: 'Send request',
    blocks: [
      emailInput(REQUEST_EMAIL_BLOCK, 'Address to invite', options.email),
      groupInput(REQUEST_GROUP_BLOCK, options.groups, 'The group whose access you need; the approver may change it.'),
      checkbox(REQUEST_API_BLOCK, 'API access', 'I need to use the Vultr API'),
      textInput(REQUEST_REASON_BLOCK, 'Reason', {
        maxLength: MAX_REASON_LENGTH,
        multiline: true,
        hint: 'What do you need Vultr for? The approvers read this.',
      }),
      section(
        `Your request is posted in ${channelMention(options.notifyChannel)}, where an admin approves or denies it. You get a direct message with the decision.`,
      ),
    ],
  });
}

export function renderRequestNotice(text: string): ModalView {
  return modal({ callbackId: CALLBACK_REQUEST, title: TITLE, close: 'Close', blocks: [section(text)] });
}

function requestLines(request: AccessRequest): string {
  const quoted = escapeMrkdwn(request.reason)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  return [
    `:raising_hand: ${userMention(request.requester)} asks for a Vultr invitation for *${escapeMrkdwn(request.email)}* (${apiAccessText(request.apiEnabled)})`,
    quoted,
    request.group
      ? `Group: *${vultrText(request.group.name, 100)}* (added when they accept)`
      : 'Group: none asked for (no access until granted)',
    `Asked ${slackDate(request.askedAt)}`,
  ].join('\n');
}

/** The hour's requests are used up (INVITES_REQUESTS_PER_HOUR): nothing was posted. */
export function requestRateText(channel: string): string {
  return `:no_entry: ${channelMention(channel)} has had as many access requests this hour as the bot takes. Nothing was sent; please try again in an hour, or ask an admin directly.`;
}

/** Vultr already has a pending invitation for the address (in any case): nothing was posted. */
export function requestPendingText(invitation: Pick<Invitation, 'emailInvited' | 'expiresAt'>, now: Date): string {
  return `:information_source: An invitation for *${vultrText(invitation.emailInvited, 254)}* is already pending (${expiryPhrase(invitation.expiresAt, now)}), so no request was posted. Look for the e-mail from Vultr (check spam too), or ask an admin to resend it.`;
}

/**
 * An open card: Approve (with confirmation) and Deny, and the group to grant (the approver may
 * change it; `groups` undefined when Vultr's could not be read); after a Vultr refusal, why, and
 * Try again. The buttons carry only the card's id, the group options the id and the group's.
 */
export function renderApprovalCard(
  { id: value, request }: Pick<RequestCard, 'id' | 'request'>,
  failure?: string,
  groups?: readonly GroupRef[],
): SlackMessage {
  const approve = button({
    actionId: ACTION_APPROVE,
    text: failure ? 'Try again' : 'Approve',
    style: 'primary',
    value,
    confirm: confirmDialog({
      title: 'Send the invitation?',
      text: truncate(
        `Vultr will e-mail an invitation to ${request.email} (${apiAccessText(request.apiEnabled)}${request.group ? `, group ${oneLine(request.group.name)}` : ''}).`,
        300,
      ),
      confirm: 'Approve',
    }),
  });
  const deny = button({ actionId: ACTION_DENY, text: 'Deny', style: 'danger', value });
  const choice = groups && groups.length > 0 ? [cardGroupSelect(value, request.group, groups)] : [];
  return {
    text: `Access request from ${userMention(request.requester)} for ${escapeMrkdwn(request.email)}`,
    blocks: [section(requestLines(request)), ...(failure ? [context(failure)] : []), actions('request_decide', [approve, deny, ...choice])],
  };
}

/** The card's group select: each option's value is the card's id and the group's (or none). */
function cardGroupSelect(cardId: string, current: GroupRef | undefined, groups: readonly GroupRef[]): StaticSelect {
  const option = (o: PlainTextOption) => ({ ...o, value: `${cardId}:${o.value}` });
  const options = [noGroupOption(), ...groups.slice(0, SELECT_LIMITS.options - 1).map(groupOption)].map(option);
  return {
    type: 'static_select',
    action_id: ACTION_REQUEST_GROUP,
    placeholder: { type: 'plain_text', text: 'Group to grant' },
    options,
    initial_option: option(current ? groupOption(current) : noGroupOption()),
  };
}

/** A card group option's value: the card id and the group id (or NO_GROUP); null when it is not one. */
export function decodeCardGroup(raw: string | undefined): { cardId: string; groupId: string | null } | null {
  const match = /^([0-9a-f-]{36}):([A-Za-z0-9-]{1,64})$/.exec(raw ?? '');
  if (!match) return null;
  return { cardId: match[1]!, groupId: match[2] === NO_GROUP ? null : match[2]! };
}

export function decisionLine(decision: Decision): string {
  if (decision.kind === 'denied') return `:no_entry_sign: Denied by ${userMention(decision.by)}`;
  const expiry = decision.expiresAt ? ` · expires ${slackDate(decision.expiresAt)}` : '';
  return `:white_check_mark: Approved by ${userMention(decision.by)} · invitation sent${expiry}`;
}

/** A decided card: the request and who decided, no buttons. */
export function renderDecidedCard(request: AccessRequest, decision: Decision): SlackMessage {
  return {
    text: `Access request from ${userMention(request.requester)}: ${decision.kind} by ${userMention(decision.by)}`,
    blocks: [section(requestLines(request)), context(decisionLine(decision))],
  };
}

/** The requester's direct message. */
export function renderDecisionDm(request: AccessRequest, decision: Decision): SlackMessage {
  const address = `*${escapeMrkdwn(request.email)}*`;
  const text =
    decision.kind === 'approved'
      ? `:white_check_mark: Your request for a Vultr invitation for ${address} was approved by ${userMention(decision.by)}. Vultr e-mailed the invitation${decision.expiresAt ? `; it expires ${slackDate(decision.expiresAt)}` : ''}. ${groupSentence(request.group, 'you')}`
      : `:no_entry_sign: Your request for a Vultr invitation for ${address} was denied by ${userMention(decision.by)}. Ask them if you need to know why.`;
  return { text, blocks: [section(text)] };
}
