import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { MAX_OPEN_REQUESTS, MAX_REASON_LENGTH, type AccessRequest } from '../domain/approval';
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
  REQUEST_REASON_BLOCK,
  requestPendingText,
  requestRateText,
} from '../views/accessRequest';
import { channelMention, escapeMrkdwn } from '../views/mrkdwn';
import { openModal } from '../platform/openModal';
import { parseSubmission } from '../platform/viewPayloads';
import { slackErrorOf } from '../platform/slackError';
import { withinBudget } from '../util/withinBudget';

/** The profile e-mail lookup must leave time for views.open within the trigger's 3 s. */
const PROFILE_EMAIL_BUDGET_MS = 1000;

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
  const email = await profileEmail(client, user);
  const view = renderRequestModal({ ...(email ? { email } : {}), notifyChannel: deps.notifyChannel });
  return openModal(client, triggerId, view, audit('opened'));
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** A submitted request: checked in the ack, then the approval card is posted and the modal says where. */
export function requestSubmitted(deps: InvitesDeps) {
  return async (args: SubmitArgs): Promise<void> => {
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
    if (!email.ok || Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return audit('bad_input');
    }
    const channel = deps.notifyChannel;
    if (channel === undefined) {
      await ack({ response_action: 'update', view: renderRequestNotice(NO_CHANNEL) });
      return audit('no_channel');
    }
    // Acked before the count is read: with Redis that read is a network call, and Slack waits 3 s at most.
    await ack({
      response_action: 'update',
      view: renderRequestNotice(`:hourglass_flowing_sand: Sending your request to ${channelMention(channel)}…`),
    });
    const showOutcome = (text: string) =>
      client.views
        .update({ view_id: submission.viewId, view: renderRequestNotice(text) })
        .catch((err: unknown) =>
          deps.logger.warn('request outcome not shown', { event: 'request', user, outcome: 'view_update_failed', ...describeError(err) }),
        );
    // Vultr unreachable: the card is posted anyway, and Approve checks again before creating.
    const pending = await findPending(deps.directory, email.email).catch(() => undefined);
    if (pending) {
      await showOutcome(requestPendingText(pending, deps.now()));
      return audit('pending_exists', { email: email.email, invitation_id: pending.id });
    }
    const hourly = await deps.requestRate.take();
    if (hourly === null) {
      await showOutcome(requestRateText(channel));
      return audit('hourly_limit');
    }
    const ticket = await deps.requests.reserve(user);
    if (ticket === null) {
      await deps.requestRate.giveBack(hourly);
      await showOutcome(
        `:no_entry: You already have ${MAX_OPEN_REQUESTS} open requests in ${channelMention(channel)}. Wait until an admin decides one of them.`,
      );
      return audit('too_many_open');
    }

    const request: AccessRequest = {
      r: user,
      e: email.email,
      a: submission.checked(REQUEST_API_BLOCK),
      w: reason,
      t: Math.floor(deps.now().getTime() / 1000),
    };
    const card = renderApprovalCard(request);
    let text: string;
    try {
      const posted = await client.chat.postMessage({ channel, text: card.text, blocks: card.blocks, unfurl_links: false });
      await deps.requests.bind(user, ticket, `${posted.channel ?? channel}:${posted.ts ?? ''}`);
      text = `:white_check_mark: Your request for *${escapeMrkdwn(email.email)}* went to ${channelMention(channel)}. You will get a direct message when an admin decides.`;
      audit('requested', { email: email.email, api_enabled: request.a, card_ts: posted.ts });
    } catch (err) {
      await Promise.all([deps.requests.release(user, ticket), deps.requestRate.giveBack(hourly)]);
      text = `:warning: Your request could not be posted in ${channelMention(channel)} (${escapeMrkdwn(slackErrorOf(err))}). Nothing was sent; please try again later or ask an admin directly.`;
      audit('card_not_posted', { email: email.email, ...describeError(err) });
    }
    await showOutcome(text);
  };
}
