import type { WebClient } from '@slack/web-api';
import { decodeRequestValue, type AccessRequest, type Decision } from '../domain/approval';
import type { InvitesDeps } from '../deps';
import { announceInvitation } from '../platform/announceInvitation';
import type { ActionRequest, ActionSpec } from '../platform/pipeline/pipeline';
import type { EphemeralScreen } from '../platform/surfaces/ephemeral';
import { describeError } from '../util/log';
import { decisionLine, renderApprovalCard, renderDecidedCard, renderDecisionDm } from '../views/accessRequest';
import { inviteOutcomeText } from '../views/inviteModal';
import { userMention } from '../views/mrkdwn';
import { problemMessage } from '../views/problems';

type Verdict = 'approve' | 'deny';

/** What a click on an approval card came to. */
export type DecisionOutcome =
  | { kind: 'self_decision' }
  /** The click names no card (no channel or ts): nothing can be decided. */
  | { kind: 'bad_request' }
  | { kind: 'already_decided'; decision: Decision }
  | { kind: 'busy'; by: string | null }
  | { kind: 'decided'; decision: Decision }
  /** Vultr did not create the invitation: the card says why and keeps its buttons. */
  | { kind: 'vultr_refused' };

/**
 * Approve or Deny on an approval card. Any allowed person but the requester decides; the first
 * click takes the card (others are told who is deciding or who decided); Approve creates the
 * invitation once; the card is updated in place for everyone and the requester gets a DM.
 */
function decisionSpec(verdict: Verdict): ActionSpec<InvitesDeps, AccessRequest, DecisionOutcome> {
  return {
    name: verdict,
    notAllowed: 'not_an_approver',
    decode: decodeRequestValue,
    async run(deps, click) {
      const { user, value: request, channel, messageTs } = click;
      if (user === request.r) return { kind: 'self_decision' };
      if (channel === undefined || messageTs === undefined) return { kind: 'bad_request' };
      const card = `${channel}:${messageTs}`;
      const turn = await deps.decisions.take(card, user);
      if (turn.kind === 'decided') return { kind: 'already_decided', decision: turn.decision };
      if (turn.kind === 'busy') return turn;
      let decision: Decision | null = null;
      try {
        decision = await decide(deps, click, verdict, { channel, ts: messageTs, key: card });
        return decision ? { kind: 'decided', decision } : { kind: 'vultr_refused' };
      } finally {
        await turn.finish(decision);
      }
    },
    audit(outcome, { value: request }) {
      const fields = { requester: request.r, email: request.e };
      switch (outcome.kind) {
        case 'decided':
          return { outcome: outcome.decision.kind, routine: true, fields };
        case 'already_decided':
          return { outcome: outcome.kind, routine: false, fields: { ...fields, decided_by: outcome.decision.by } };
        case 'busy':
          return { outcome: outcome.kind, routine: false, fields: { ...fields, deciding: outcome.by } };
        default:
          return { outcome: outcome.kind, routine: false, fields };
      }
    },
  };
}

export const approve = decisionSpec('approve');
export const deny = decisionSpec('deny');

/** What the clicker alone is told (the card itself shows the decision to everyone). */
export const decisionOnCard: EphemeralScreen<InvitesDeps, AccessRequest, DecisionOutcome> = (_deps, _request, outcome) => {
  const tell = (text: string) => Promise.resolve({ message: problemMessage(text), replace: false });
  switch (outcome.kind) {
    case 'self_decision':
      return tell(':no_entry: You cannot decide your own request; another admin has to.');
    case 'bad_request':
      return tell(':warning: This card could not be found. Nothing was done.');
    case 'already_decided':
      return tell(`${decisionLine(outcome.decision)}. This request is already decided; nothing more was done.`);
    case 'busy':
      return tell(
        `${outcome.by === null ? 'Another admin' : userMention(outcome.by)} is deciding this request right now; nothing more was done.`,
      );
    default:
      return Promise.resolve(null);
  }
};

/** The decision itself; null when Vultr did not create the invitation (the card keeps Try again). */
async function decide(
  deps: InvitesDeps,
  click: ActionRequest<AccessRequest>,
  verdict: Verdict,
  { channel, ts, key: card }: { channel: string; ts: string; key: string },
): Promise<Decision | null> {
  const { value: request, user } = click;
  const client = click.args.client;
  let decision: Decision = { kind: 'denied', by: user, expiresAt: null };
  if (verdict === 'approve') {
    const { outcome, joined } = await deps.creates.create(`card:${card}`, { email: request.e, apiEnabled: request.a });
    if (outcome.kind === 'failed') {
      const failed = renderApprovalCard(request, inviteOutcomeText(outcome, request.e, request.a, deps.now()));
      await client.chat.update({ channel, ts, text: failed.text, blocks: failed.blocks });
      return null;
    }
    // Already pending (invited meanwhile, or a create that timed out went through): the request is met.
    decision = { kind: 'approved', by: user, expiresAt: outcome.invitation.expiresAt };
    if (outcome.kind === 'created' && !joined)
      await announceInvitation(client, deps.logger, { channel, threadTs: ts }, user, outcome.invitation, request.a);
  }
  const decided = renderDecidedCard(request, decision);
  await client.chat.update({ channel, ts, text: decided.text, blocks: decided.blocks });
  await deps.requests.release(request.r, card);
  await directMessage(deps, client, request, decision);
  return decision;
}

/** The requester's DM; a failure is logged (the decision stands and the card shows it). */
async function directMessage(deps: InvitesDeps, client: WebClient, request: AccessRequest, decision: Decision): Promise<void> {
  try {
    const opened = await client.conversations.open({ users: request.r });
    const dm = renderDecisionDm(request, decision);
    await client.chat.postMessage({ channel: opened.channel?.id ?? request.r, text: dm.text, blocks: dm.blocks });
  } catch (err) {
    deps.logger.warn('decision DM not sent', { event: 'decision', requester: request.r, outcome: 'dm_failed', ...describeError(err) });
  }
}
