import type { WebClient } from '@slack/web-api';
import { decodeRequestValue, type AccessRequest, type Decision } from '../domain/approval';
import { describeError } from '../util/log';
import { acceptClick, type AcceptedClick, type ClickArgs } from '../listeners/clickGuard';
import { auditLine, type InvitesDeps } from '../deps';
import { announceInvitation } from '../slack/announceInvitation';
import { replyEphemeral } from '../platform/respond';
import { decisionLine, renderApprovalCard, renderDecidedCard, renderDecisionDm } from '../views/accessRequest';
import { inviteOutcomeText } from '../views/inviteModal';
import { problemMessage } from '../views/problems';
import { userMention } from '../views/mrkdwn';

type Verdict = 'approve' | 'deny';

/**
 * Approve or Deny on an approval card. Any allowed person but the requester decides; the first
 * click takes the card (others are told who is deciding or who decided); Approve creates the
 * invitation once; the card is updated in place for everyone and the requester gets a DM.
 */
export function decisionClick(deps: InvitesDeps, verdict: Verdict) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, verdict, decodeRequestValue);
    if (!click) return;
    const { user, value: request } = click;
    const tell = (text: string) =>
      replyEphemeral(args.respond, problemMessage(text), { logger: deps.logger, replaceOriginal: false, event: 'decision', user });
    const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
      auditLine(deps, 'decision', {
        user,
        action: verdict,
        outcome,
        started: click.started,
        requester: request.r,
        email: request.e,
        ...extra,
      });

    if (user === request.r) {
      await tell(':no_entry: You cannot decide your own request; another admin has to.');
      return audit('self_decision');
    }
    const { channel, messageTs } = click;
    if (channel === undefined || messageTs === undefined) {
      await tell(':warning: This card could not be found. Nothing was done.');
      return audit('bad_request');
    }
    const card = `${channel}:${messageTs}`;
    const turn = await deps.decisions.take(card, user);
    if (turn.kind === 'decided') {
      await tell(`${decisionLine(turn.decision)}. This request is already decided; nothing more was done.`);
      return audit('already_decided', { decided_by: turn.decision.by });
    }
    if (turn.kind === 'busy') {
      await tell(`${turn.by === null ? 'Another admin' : userMention(turn.by)} is deciding this request right now; nothing more was done.`);
      return audit('busy', { deciding: turn.by });
    }
    let decision: Decision | null = null;
    try {
      decision = await decide(deps, args.client, click, verdict, { channel, ts: messageTs, key: card });
      audit(decision ? decision.kind : 'vultr_refused');
    } catch (err) {
      await tell(":warning: Something went wrong on the bot's side. The details are in its logs; please try again.");
      audit('error', { error: err });
    } finally {
      await turn.finish(decision);
    }
  };
}

/** The decision itself; null when Vultr did not create the invitation (the card keeps Try again). */
async function decide(
  deps: InvitesDeps,
  client: WebClient,
  click: AcceptedClick<AccessRequest>,
  verdict: Verdict,
  { channel, ts, key: card }: { channel: string; ts: string; key: string },
): Promise<Decision | null> {
  const { value: request, user } = click;
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
