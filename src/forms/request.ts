import type { WebClient } from '@slack/web-api';
import { MAX_OPEN_REQUESTS, MAX_REASON_LENGTH } from '../domain/approval';
import type { AccessRequest, RequestCard } from '../domain/requestCards';
import { StoreUnavailableError, storeAnswers } from '../coordination/coordination';
import { findPending, parseEmail } from '../domain/create';
import { describeError } from '../util/log';
import type { InvitesDeps } from '../deps';
import { requestContextOf, type RequestContext } from '../platform/requestContext';
import {
  renderApprovalCard,
  renderRequestModal,
  renderRequestNotice,
  REQUEST_API_BLOCK,
  REQUEST_EMAIL_BLOCK,
  REQUEST_GROUP_BLOCK,
  REQUEST_REASON_BLOCK,
  requestPendingText,
  requestRateText,
} from '../views/accessRequest';
import { channelMention, escapeMrkdwn } from '../views/mrkdwn';
import { STORE_DOWN_TEXT, unexpectedText } from '../views/problems';
import { openModal, updateModal } from '../platform/openModal';
import { parseSubmission, type ViewSubmitArgs } from '../platform/viewPayloads';
import { slackErrorOf } from '../platform/slackError';
import { withinBudget } from '../util/withinBudget';
import { chosenGroup, groupChoicesWithin } from './groupField';

/** The profile e-mail lookup and the groups (read at once) must leave time for views.open within the trigger's 3 s. */
const PROFILE_EMAIL_BUDGET_MS = 1000;
const GROUPS_BUDGET_MS = 1200;
/** How long posting a card waits for Vultr's groups to offer on it (after the ack: nobody's trigger runs out). */
const CARD_GROUPS_BUDGET_MS = 2000;

const NO_CHANNEL =
  ':no_entry: Access requests need a channel where admins can approve them, and none is configured. Ask whoever runs the bot to set INVITES_NOTIFY_CHANNEL, or ask an admin directly.';

/** The person's Slack profile e-mail, when the bot may read it (users:read.email) and Slack answers quickly. */
function profileEmail(client: WebClient, user: string): Promise<string | undefined> {
  const lookup = client.users
    .info({ user })
    .then((answer) => (answer.user?.profile?.email ? parseEmail(answer.user.profile.email) : undefined))
    .then((parsed) => (parsed?.ok ? parsed.email : undefined));
  return withinBudget(lookup, PROFILE_EMAIL_BUDGET_MS, undefined);
}

/** `/invites request`: anyone may ask; without a notification channel there is nowhere to ask. */
export async function openRequestModal(
  deps: InvitesDeps,
  context: RequestContext,
  client: WebClient,
  triggerId: string,
  user: string,
): Promise<boolean> {
  const audit = (planned: string) => (failed: string | null, extra?: Record<string, unknown>) =>
    context.audit('request', { user, action: 'open', outcome: failed ?? planned, ...extra }, failed === null && planned === 'opened');
  if (deps.notifyChannel === undefined) return openModal(client, triggerId, renderRequestNotice(NO_CHANNEL), audit('no_channel'));
  const [email, groups] = await Promise.all([profileEmail(client, user), groupChoicesWithin(deps, GROUPS_BUDGET_MS)]);
  const view = renderRequestModal({ ...(email ? { email } : {}), notifyChannel: deps.notifyChannel, groups });
  return openModal(client, triggerId, view, audit('opened'));
}

/** A submitted request: checked in the ack, then the approval card is posted and the modal says where. */
export function requestSubmitted(deps: InvitesDeps) {
  return async (args: ViewSubmitArgs): Promise<void> => {
    const { ack, body, client } = args;
    const context = requestContextOf(args);
    const submission = parseSubmission(body);
    const user = submission?.user ?? 'unknown';
    const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
      context.audit('request', { user, action: 'submit', outcome, ...extra }, outcome === 'requested');
    if (!submission) {
      await ack({
        response_action: 'errors',
        errors: { [REQUEST_REASON_BLOCK]: 'This form could not be read. Close it and run /invites request again.' },
      });
      return audit('bad_request');
    }
    const email = parseEmail(submission.text(REQUEST_EMAIL_BLOCK));
    const reason = submission.text(REQUEST_REASON_BLOCK).trim();
    const errors: Record<string, string> = {};
    if (!email.ok) errors[REQUEST_EMAIL_BLOCK] = email.problem;
    if (reason === '') errors[REQUEST_REASON_BLOCK] = 'Say why you need access.';
    if (reason.length > MAX_REASON_LENGTH) errors[REQUEST_REASON_BLOCK] = `At most ${MAX_REASON_LENGTH} characters, please.`;
    const group = await chosenGroup(deps, submission.selected(REQUEST_GROUP_BLOCK));
    if (!group.ok) errors[REQUEST_GROUP_BLOCK] = group.problem;
    if (!email.ok || !group.ok || Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return audit('bad_input');
    }
    const channel = deps.notifyChannel;
    if (channel === undefined) {
      await ack({ response_action: 'update', view: renderRequestNotice(NO_CHANNEL) });
      return audit('no_channel');
    }
    // The card's record and the limits live in the store: without it nothing is posted.
    if (!storeAnswers(deps.store.health())) {
      await ack({ response_action: 'update', view: renderRequestNotice(STORE_DOWN_TEXT) });
      return audit('store_unavailable');
    }
    // Acked before the count is read: with Redis that read is a network call, and Slack waits 3 s at most.
    await ack({
      response_action: 'update',
      view: renderRequestNotice(`:hourglass_flowing_sand: Sending your request to ${channelMention(channel)}…`),
    });
    const showOutcome = (text: string) =>
      updateModal(client, deps.logger, { viewId: submission.viewId, view: renderRequestNotice(text), event: 'request', user });
    const request: AccessRequest = {
      requester: user,
      email: email.email,
      apiEnabled: submission.checked(REQUEST_API_BLOCK),
      reason,
      askedAt: deps.now(),
      ...(group.group ? { group: group.group } : {}),
    };
    try {
      const { text, outcome, fields } = await fileRequest(deps, client, channel, request);
      await showOutcome(text);
      audit(outcome, fields);
    } catch (err) {
      await showOutcome(unexpectedText(err));
      audit(err instanceof StoreUnavailableError ? 'store_unavailable' : 'error', { email: email.email, error: err });
    }
  };
}

interface Filed {
  /** What the requester's modal says (mrkdwn). */
  text: string;
  outcome: string;
  fields?: Record<string, unknown>;
}

/**
 * Checks the limits, posts the card and records it under the card's id (its buttons carry only
 * that). A card whose record cannot be stored is taken down again: its buttons could decide nothing.
 */
async function fileRequest(deps: InvitesDeps, client: WebClient, channel: string, request: AccessRequest): Promise<Filed> {
  const { requester: user, email } = request;
  // Vultr unreachable: the card is posted anyway, and Approve checks again before creating.
  const pending = await findPending(deps.directory, email).catch(() => undefined);
  if (pending)
    return { text: requestPendingText(pending, deps.now()), outcome: 'pending_exists', fields: { email, invitation_id: pending.id } };
  const hourly = await deps.requestRate.take();
  if (hourly === null) return { text: requestRateText(channel), outcome: 'hourly_limit' };
  const ticket = await deps.requests.reserve(user);
  if (ticket === null) {
    await deps.requestRate.giveBack(hourly);
    return {
      text: `:no_entry: You already have ${MAX_OPEN_REQUESTS} open requests in ${channelMention(channel)}. Wait until an admin decides one of them.`,
      outcome: 'too_many_open',
    };
  }
  const id = deps.cards.newId();
  const groups = await withinBudget(deps.groups.list(), CARD_GROUPS_BUDGET_MS, undefined);
  const message = renderApprovalCard({ id, request }, undefined, groups);
  let posted: { channel: string; ts: string };
  try {
    const answer = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
    posted = { channel: answer.channel ?? channel, ts: answer.ts ?? '' };
  } catch (err) {
    await Promise.all([deps.requests.release(user, ticket), deps.requestRate.giveBack(hourly)]);
    return {
      text: `:warning: Your request could not be posted in ${channelMention(channel)} (${escapeMrkdwn(slackErrorOf(err))}). Nothing was sent; please try again later or ask an admin directly.`,
      outcome: 'card_not_posted',
      fields: { email, ...describeError(err) },
    };
  }
  const card: RequestCard = { id, request, ...posted, state: { kind: 'open' } };
  try {
    await deps.cards.save(card);
    await deps.requests.bind(user, ticket, id);
  } catch (err) {
    await client.chat.delete({ channel: posted.channel, ts: posted.ts }).catch((deleteErr: unknown) =>
      deps.logger.warn('request card not taken down', {
        event: 'request',
        card: id,
        outcome: 'delete_failed',
        ...describeError(deleteErr),
      }),
    );
    await Promise.all([deps.requests.release(user, ticket), deps.requestRate.giveBack(hourly)]).catch(() => undefined);
    throw err;
  }
  return {
    text: `:white_check_mark: Your request for *${escapeMrkdwn(email)}* went to ${channelMention(channel)}. You will get a direct message when an admin decides.`,
    outcome: 'requested',
    fields: { email, api_enabled: request.apiEnabled, card: id, card_ts: posted.ts },
  };
}
