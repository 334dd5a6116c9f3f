import type { WebClient } from '@slack/web-api';
import { decodeCardId, type Decision, type DecisionOutcome, type DecisionProblem, type RequestCard } from '../domain/requestCards';
import type { InvitesDeps } from '../deps';
import { announceInvitation } from '../platform/announceInvitation';
import type { ActionRequest, ActionSpec } from '../platform/pipeline/pipeline';
import type { EphemeralScreen } from '../platform/surfaces/ephemeral';
import { updateMessage } from '../platform/surfaces/channelMessage';
import { describeError } from '../util/log';
import { withinBudget } from '../util/withinBudget';
import { renderApprovalCard, renderDecidedCard, renderDecisionDm } from '../views/accessRequest';
import { decisionToldText, refusedDecisionText } from '../views/decisionNotice';
import { inviteOutcomeText } from '../views/inviteModal';
import type { SlackMessage } from '../views/message';
import { problemMessage } from '../views/problems';

type Verdict = 'approve' | 'deny';

/** How long re-offering the groups on a card waits for Vultr's (the click was acked long ago). */
const CARD_GROUPS_BUDGET_MS = 2000;

/**
 * Approve or Deny on an approval card. The button carries the card's id only: the request is
 * read from its record, and the click must come from the card's own message. Any allowed person
 * but the requester decides; the first click takes the card (others are told who is deciding or
 * who decided); Approve creates the invitation once per address; the decision is recorded before
 * the card is updated, so a card Slack will not update is still decided (and the approver is
 * told so); the requester's open-request slot is released and they get a DM.
 */
function decisionSpec(verdict: Verdict): ActionSpec<InvitesDeps, string, DecisionOutcome> {
  return {
    name: verdict,
    notAllowed: 'not_an_approver',
    decode: decodeCardId,
    async run(deps, click) {
      const turn = await deps.cards.take(click.value, click.user, { channel: click.channel, ts: click.messageTs });
      switch (turn.kind) {
        case 'yours':
          break;
        case 'decided':
          return { kind: 'already_decided', decision: turn.decision };
        default:
          return turn;
      }
      const { card } = turn;
      let decided = false;
      try {
        const decision = await decide(deps, click, verdict, card);
        if (decision === null) return { kind: 'vultr_refused', card };
        decided = true;
        const problems: DecisionProblem[] = [];
        // The invitation may be out already: nothing below may turn that into a failure.
        const recorded = await Promise.all([turn.finish(decision), deps.requests.release(card.request.requester, card.id)]).then(
          () => true,
          (err: unknown) => {
            deps.logger.error('decision not recorded', {
              event: 'decision',
              card: card.id,
              outcome: 'not_recorded',
              ...describeError(err),
            });
            return false;
          },
        );
        if (!recorded) problems.push({ kind: 'not_recorded' });
        if (!(await recordGroup(deps, card, decision))) problems.push({ kind: 'group_not_recorded' });
        const cardError = await updateCard(click.args.client, card, renderDecidedCard(card.request, decision));
        if (cardError !== null) problems.push({ kind: 'card_not_updated', error: cardError });
        await directMessage(deps, click.args.client, card, decision);
        return { kind: 'decided', card, decision, problems };
      } finally {
        if (!decided) await turn.finish({ kind: 'open' });
      }
    },
    audit(outcome, { value: card }) {
      switch (outcome.kind) {
        case 'decided':
          return {
            outcome: outcome.decision.kind,
            routine: outcome.problems.length === 0,
            fields: { ...cardFields(outcome.card), ...(outcome.problems.length > 0 ? { problems: outcome.problems } : {}) },
          };
        case 'vultr_refused':
          return { outcome: outcome.kind, routine: false, fields: cardFields(outcome.card) };
        case 'already_decided':
          return { outcome: outcome.kind, routine: false, fields: { card, decided_by: outcome.decision.by } };
        case 'busy':
          return { outcome: outcome.kind, routine: false, fields: { card, deciding: outcome.by } };
        default:
          return { outcome: outcome.kind, routine: false, fields: { card } };
      }
    },
  };
}

export const approve = decisionSpec('approve');
export const deny = decisionSpec('deny');

const cardFields = (card: RequestCard) => ({ card: card.id, requester: card.request.requester, email: card.request.email });

/** What the clicker alone is told (the card itself shows the decision to everyone). */
export const decisionOnCard: EphemeralScreen<InvitesDeps, string, DecisionOutcome> = (_deps, _id, outcome) => {
  const text =
    outcome.kind === 'decided' ? decisionToldText(outcome.card.request, outcome.decision, outcome.problems) : refusedDecisionText(outcome);
  return Promise.resolve(text === null ? null : { message: problemMessage(text), replace: false });
};

/**
 * The decision itself: for Approve, the invitation (once per address; already pending counts
 * as met); null when Vultr did not create it, and the card then says why and offers Try again.
 */
async function decide(deps: InvitesDeps, click: ActionRequest<string>, verdict: Verdict, card: RequestCard): Promise<Decision | null> {
  if (verdict === 'deny') return { kind: 'denied', by: click.user, expiresAt: null };
  const { email, apiEnabled } = card.request;
  const outcome = await deps.creates.create({ email, apiEnabled });
  const client = click.args.client;
  if (outcome.kind === 'failed') {
    const groups = await withinBudget(deps.groups.list(), CARD_GROUPS_BUDGET_MS, undefined);
    await updateCard(client, card, renderApprovalCard(card, inviteOutcomeText(outcome, email, apiEnabled, deps.now()), groups));
    return null;
  }
  if (outcome.kind === 'created')
    await announceInvitation(client, deps.logger, { channel: card.channel, threadTs: card.ts }, click.user, outcome.invitation, apiEnabled);
  // The approver approved the group on the card: theirs is the choice the grant names.
  const { group } = card.request;
  if (group)
    await deps.grants.intend({ invitationId: outcome.invitation.id, email: outcome.invitation.emailInvited, group, chosenBy: click.user });
  return { kind: 'approved', by: click.user, expiresAt: outcome.invitation.expiresAt, invitationId: outcome.invitation.id };
}

/**
 * The approver approved the group on the card: theirs is the choice the grant names. False when
 * it could not be stored (the invitation is out all the same; the approver is told to grant by hand).
 */
async function recordGroup(deps: InvitesDeps, card: RequestCard, decision: Decision): Promise<boolean> {
  const { group, email } = card.request;
  if (decision.kind !== 'approved' || decision.invitationId === undefined || group === undefined) return true;
  try {
    await deps.grants.intend({ invitationId: decision.invitationId, email, group, chosenBy: decision.by });
    return true;
  } catch (err) {
    deps.logger.error('grant not recorded', { event: 'decision', card: card.id, outcome: 'group_not_recorded', ...describeError(err) });
    return false;
  }
}

/** Updates the card where it was posted; what Slack said when it would not (null: updated). */
function updateCard(client: WebClient, card: RequestCard, message: SlackMessage): Promise<string | null> {
  return updateMessage(client, card.channel, card.ts, message);
}

/** The requester's DM; a failure is logged (the decision stands and the card shows it). */
async function directMessage(deps: InvitesDeps, client: WebClient, card: RequestCard, decision: Decision): Promise<void> {
  const { requester } = card.request;
  try {
    const opened = await client.conversations.open({ users: requester });
    const dm = renderDecisionDm(card.request, decision);
    await client.chat.postMessage({ channel: opened.channel?.id ?? requester, text: dm.text, blocks: dm.blocks });
  } catch (err) {
    deps.logger.warn('decision DM not sent', { event: 'decision', requester, outcome: 'dm_failed', ...describeError(err) });
  }
}
