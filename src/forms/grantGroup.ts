import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { ACCESS_BUDGET_MS, type AccessDecision } from '../platform/accessPolicy';
import { openModal, updateModal } from '../platform/openModal';
import { requestContextOf } from '../platform/requestContext';
import { parseSubmission, type ViewSubmitArgs } from '../platform/viewPayloads';
import { retryNow } from '../domain/grantRetry';
import { grantMessageAfter, retryRefusalText } from '../views/grantNews';
import { clickedMessageOf } from '../platform/pipeline/actionArgs';
import { describeError } from '../util/log';
import { GRANT_GROUP_BLOCK, renderGrantGroupModal, renderGrantGroupNotice } from '../views/grantGroupModal';
import { problemMessage, renderRefusal, unexpectedText } from '../views/problems';
import { invitationIdPattern } from '../vultr/schemas';
import { chosenGroup, groupChoicesWithin } from './groupField';

/** How long opening the modal waits for Vultr's groups (the trigger lasts 3 s). */
const GROUPS_BUDGET_MS = 1200;

/** Where the failed grant's message is: the modal carries it, to update that message after the submit. */
interface Origin {
  i: string;
  c: string;
  t: string;
}

function decodeOrigin(text: string): Origin | null {
  try {
    const value = JSON.parse(text) as Partial<Origin>;
    const ok =
      typeof value.i === 'string' &&
      invitationIdPattern.test(value.i) &&
      /^[CGD][A-Z0-9]{2,}$/.test(value.c ?? '') &&
      /^\d+\.\d+$/.test(value.t ?? '');
    return ok ? (value as Origin) : null;
  } catch {
    return null;
  }
}

/** Who may not use the bot may not grant either: the approvers' refusal, as on an approval card. */
const refusalOf = (reason: Exclude<AccessDecision, { allowed: true }>['reason']) =>
  renderRefusal(reason === 'not_allowed' ? 'not_an_approver' : reason);

/** **Choose another group** on a failed grant's message: a modal with the organization's groups. */
export function chooseAnotherGroup(deps: InvitesDeps) {
  return async (args: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    const { ack, body, client } = args;
    await ack();
    const context = requestContextOf(args);
    const user = body.user.id;
    const invitationId = body.actions[0]?.value ?? '';
    const { channel, messageTs: ts } = clickedMessageOf(body);
    const audit = (outcome: string, routine = false) =>
      context.audit('action', { user, action: 'grant_choose', outcome, invitation_id: invitationId }, routine);
    const tell = (text: string) => context.reply?.(problemMessage(text), { replace: false, event: 'action' });
    const decision = await deps.access.checkWithin(user, ACCESS_BUDGET_MS);
    if (!decision.allowed) {
      await context.reply?.(refusalOf(decision.reason), {
        replace: false,
        event: 'action',
      });
      return audit(decision.reason);
    }
    const intent = invitationIdPattern.test(invitationId) ? await deps.grants.get(invitationId).catch(() => null) : null;
    if (intent === null || channel === undefined || ts === undefined) {
      await tell(retryRefusalText('unknown'));
      return audit('unknown');
    }
    const groups = await groupChoicesWithin(deps, GROUPS_BUDGET_MS);
    const origin: Origin = { i: invitationId, c: channel, t: ts };
    await openModal(client, body.trigger_id, renderGrantGroupModal(intent, groups, JSON.stringify(origin)), (failed) =>
      audit(failed ?? 'opened', failed === null),
    );
  };
}

/** The other group chosen: checked in the ack, then granted at once and the grant's message updated. */
export function anotherGroupSubmitted(deps: InvitesDeps) {
  return async (args: ViewSubmitArgs): Promise<void> => {
    const { ack, body, client } = args;
    const context = requestContextOf(args);
    const submission = parseSubmission(body);
    const origin = submission ? decodeOrigin(submission.metadata) : null;
    const user = submission?.user ?? 'unknown';
    const audit = (outcome: string, routine = false) =>
      context.audit('action', { user, action: 'grant_group', outcome, invitation_id: origin?.i }, routine);
    if (!submission || !origin) {
      await ack({ response_action: 'update', view: renderGrantGroupNotice(':warning: This form could not be read. Nothing was done.') });
      return audit('bad_request');
    }
    const decision = await deps.access.checkWithin(user, ACCESS_BUDGET_MS);
    if (!decision.allowed) {
      await ack({
        response_action: 'update',
        view: renderGrantGroupNotice(refusalOf(decision.reason).text),
      });
      return audit(decision.reason);
    }
    const group = await chosenGroup(deps, submission.selected(GRANT_GROUP_BLOCK));
    if (!group.ok || group.group === undefined) {
      await ack({
        response_action: 'errors',
        errors: { [GRANT_GROUP_BLOCK]: group.ok ? 'Choose the group to add them to.' : group.problem },
      });
      return audit('bad_group');
    }
    await ack({ response_action: 'update', view: renderGrantGroupNotice(':hourglass_flowing_sand: Adding them…') });
    let text: string;
    try {
      const outcome = await retryNow(deps, origin.i, user, group.group);
      if (outcome.kind !== 'ran') {
        text = retryRefusalText(outcome.kind);
      } else {
        const message = grantMessageAfter(outcome);
        text = message.text;
        await client.chat.update({ channel: origin.c, ts: origin.t, text: message.text, blocks: message.blocks }).catch((err: unknown) =>
          deps.logger.warn('grant message not updated', {
            event: 'grants',
            invitation_id: origin.i,
            outcome: 'update_failed',
            ...describeError(err),
          }),
        );
      }
      audit(
        outcome.kind === 'ran' ? (outcome.outcome?.kind ?? 'waiting') : outcome.kind,
        outcome.kind === 'ran' && outcome.outcome?.kind === 'granted',
      );
    } catch (err) {
      text = unexpectedText(err);
      audit('error');
    }
    await updateModal(client, deps.logger, { viewId: submission.viewId, view: renderGrantGroupNotice(text), event: 'grants', user });
  };
}
