import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { findPending, parseEmail } from '../domain/create';
import { describeError } from '../util/log';
import type { InvitesDeps } from '../deps';
import { requestContextOf, type RequestContext } from '../platform/requestContext';
import { announceInvitation } from '../platform/announceInvitation';
import {
  INVITE_API_BLOCK,
  INVITE_EMAIL_BLOCK,
  INVITE_GROUP_BLOCK,
  inviteOutcomeText,
  pendingFieldError,
  renderFormAlreadyUsed,
  renderInviteModal,
  renderInviteOutcome,
  renderInviteProgress,
  renderInviteRefusal,
} from '../views/inviteModal';
import { ACCESS_BUDGET_MS } from '../platform/accessPolicy';
import { renderModalNotOpened, STORE_DOWN_TEXT } from '../views/problems';
import type { GroupRef } from '../domain/groupGrants';
import { groupSentence } from '../views/groupChoice';
import { chosenGroup, groupChoicesWithin } from './groupField';
import { escapeMrkdwn } from '../views/mrkdwn';
import type { Invitation } from '../vultr/invitation';
import { StoreUnavailableError, storeAnswers } from '../coordination/coordination';
import { withinBudget } from '../util/withinBudget';
import { openModal, updateModal } from '../platform/openModal';
import { parseSubmission, type ViewSubmitArgs } from '../platform/viewPayloads';

/** How long opening the form waits for Vultr's groups, and for the access check and the groups together (the trigger lasts 3 s, views.open must follow). */
const GROUPS_BUDGET_MS = 1200;
const FORM_BUDGET_MS = 2000;
/** How long the submit waits for Vultr's list to say "already pending" as a field error; after that it goes ahead. */
export const PENDING_CHECK_BUDGET_MS = 1500;
/** How long the submit waits for the store to say "this form was already submitted". */
const CLAIM_BUDGET_MS = 500;
/** How long a submitted form is remembered: Slack may send one submission twice, within seconds. */
const FORM_REMEMBERED_MS = 60 * 60_000;

/**
 * Opens the "Invite to Vultr" modal, or (not allowed) a modal saying why and how to ask.
 * Checked here and again on submit: the modal may stay open while access changes.
 */
export async function openInviteModal(
  deps: InvitesDeps,
  context: RequestContext,
  client: WebClient,
  triggerId: string,
  user: string,
  email: string | undefined,
): Promise<boolean> {
  const opened = Date.now();
  const decision = await deps.access.checkWithin(user, ACCESS_BUDGET_MS);
  // Read only for someone who may invite, within what is left of the trigger's time.
  const groupsBudgetMs = Math.max(0, Math.min(GROUPS_BUDGET_MS, FORM_BUDGET_MS - (Date.now() - opened)));
  const view = decision.allowed
    ? renderInviteModal({
        ...(email ? { email } : {}),
        notifyChannel: deps.notifyChannel,
        groups: await groupChoicesWithin(deps, groupsBudgetMs),
      })
    : renderInviteRefusal(decision.reason);
  return openModal(client, triggerId, view, (failed, extra) =>
    context.audit(
      'invite',
      { user, action: 'open', outcome: failed ?? (decision.allowed ? 'opened' : decision.reason), ...extra },
      !failed && decision.allowed,
    ),
  );
}

/**
 * The **New invitation** button of the `/invites` list and the App Home. If the form cannot open,
 * the person is told: in the list's conversation, or (from the Home tab, which has no
 * response_url) in the app's Messages tab.
 */
export function newInvitationButton(deps: InvitesDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    const { ack, body, client } = args;
    await ack();
    const context = requestContextOf(args);
    const user = body.user.id;
    if (await openInviteModal(deps, context, client, body.trigger_id, user, undefined)) return;
    const message = renderModalNotOpened('/invites new');
    if (body.response_url && context.reply) {
      await context.reply(message, { replace: false, event: 'invite' });
      return;
    }
    await client.chat
      .postMessage({ channel: user, text: message.text, blocks: message.blocks })
      .catch((err: unknown) =>
        deps.logger.warn('reply not delivered', { event: 'invite', user, outcome: 'reply_failed', ...describeError(err) }),
      );
  };
}

/**
 * A submitted invite modal. Everything that can be answered quickly is answered in the ack
 * (field errors, refusals); the creation itself happens after the ack, behind a "Creating…"
 * view that is then updated with the outcome. A submission Slack sends again for the same view
 * creates nothing more, and neither does any other creation for the same address.
 */
export function inviteSubmitted(deps: InvitesDeps) {
  return async (args: ViewSubmitArgs): Promise<void> => {
    const { ack, body, client } = args;
    const context = requestContextOf(args);
    const submission = parseSubmission(body);
    if (!submission) {
      await ack({
        response_action: 'errors',
        errors: { [INVITE_EMAIL_BLOCK]: 'This form could not be read. Close it and run /invites new again.' },
      });
      context.audit('invite', { user: 'unknown', action: 'submit', outcome: 'bad_request' }, false);
      return;
    }
    const { user, viewId } = submission;
    const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
      context.audit('invite', { user, action: 'submit', outcome, ...extra }, outcome === 'created');
    const email = parseEmail(submission.text(INVITE_EMAIL_BLOCK));
    if (!email.ok) {
      await ack({ response_action: 'errors', errors: { [INVITE_EMAIL_BLOCK]: email.problem } });
      return audit('bad_input');
    }
    const apiEnabled = submission.checked(INVITE_API_BLOCK);
    const group = await chosenGroup(deps, submission.selected(INVITE_GROUP_BLOCK));
    if (!group.ok) {
      await ack({ response_action: 'errors', errors: { [INVITE_GROUP_BLOCK]: group.problem } });
      return audit('bad_group', { email: email.email });
    }
    const decision = await deps.access.checkWithin(user, ACCESS_BUDGET_MS);
    if (!decision.allowed) {
      await ack({ response_action: 'update', view: renderInviteRefusal(decision.reason) });
      return audit(decision.reason);
    }
    if (await pendingWithin(deps, email.email, PENDING_CHECK_BUDGET_MS)) {
      await ack({ response_action: 'errors', errors: { [INVITE_EMAIL_BLOCK]: pendingFieldError() } });
      return audit('pending_exists', { email: email.email });
    }
    if (!storeAnswers(deps.store.health())) {
      await ack({ response_action: 'update', view: renderInviteOutcome(STORE_DOWN_TEXT) });
      return audit('store_unavailable', { email: email.email });
    }
    // Before the ack, so the store gets a short budget (unknown counts as first); the address's creation is once anyway.
    if (!(await withinBudget(deps.store.claimOnce(`invite-form:${viewId}`, FORM_REMEMBERED_MS), CLAIM_BUDGET_MS, true))) {
      await ack({ response_action: 'update', view: renderFormAlreadyUsed() });
      return audit('duplicate_submission', { email: email.email });
    }
    await ack({ response_action: 'update', view: renderInviteProgress(email.email) });

    const outcome = await deps.creates.create({ email: email.email, apiEnabled }).catch((err: unknown) => {
      if (!(err instanceof StoreUnavailableError)) throw err;
      return null;
    });
    if (outcome === null) {
      await updateModal(client, deps.logger, { viewId, view: renderInviteOutcome(STORE_DOWN_TEXT), event: 'invite', user });
      return audit('store_unavailable', { email: email.email });
    }
    const note =
      outcome.kind === 'created'
        ? await announceInvitation(client, deps.logger, { channel: deps.notifyChannel }, user, outcome.invitation, apiEnabled)
        : undefined;
    const grant = outcome.kind === 'failed' ? '' : ` ${await intendGrant(deps, outcome.invitation, group.group, user)}`;
    const shown = renderInviteOutcome(`${inviteOutcomeText(outcome, email.email, apiEnabled, deps.now())}${grant}`, note);
    await updateModal(client, deps.logger, { viewId, view: shown, event: 'invite', user });
    audit(outcome.kind === 'failed' ? `vultr_${outcome.error.kind}` : outcome.kind, {
      email: email.email,
      api_enabled: apiEnabled,
      ...(group.group ? { group_id: group.group.id } : {}),
      ...(outcome.kind === 'failed' ? { error: outcome.error } : { invitation_id: outcome.invitation.id }),
    });
  };
}

/** Whether Vultr lists a pending invitation for the address, if it says so within the budget (unknown counts as no). */
function pendingWithin(deps: InvitesDeps, email: string, budgetMs: number): Promise<boolean> {
  return withinBudget(
    findPending(deps.directory, email).then((found) => found !== undefined),
    budgetMs,
    false,
  );
}

/** Records that accepting the invitation adds the person to `group`; what the outcome says about it. */
async function intendGrant(deps: InvitesDeps, invitation: Invitation, group: GroupRef | undefined, chosenBy: string): Promise<string> {
  if (group === undefined) return groupSentence(undefined);
  try {
    await deps.grants.intend({ invitationId: invitation.id, email: invitation.emailInvited, group, chosenBy });
    return groupSentence(group);
  } catch (err) {
    deps.logger.warn('grant not recorded', {
      event: 'invite',
      invitation_id: invitation.id,
      outcome: 'grant_not_recorded',
      ...describeError(err),
    });
    const why = err instanceof StoreUnavailableError ? 'the bot’s store did not answer' : 'an error, in the bot’s logs';
    return `:warning: The group could not be recorded (${why}): add them to *${escapeMrkdwn(group.name)}* in the Vultr console once they accept.`;
  }
}
