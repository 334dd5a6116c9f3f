import type { AccessRequest, Decision, DecisionOutcome, DecisionProblem } from '../domain/requestCards';
import { decisionLine } from './accessRequest';
import { escapeMrkdwn, userMention, vultrText } from './mrkdwn';

/** What the person who clicked Approve or Deny alone is told (the card shows the decision to everyone). */

/** Decided: nothing to say when all went well (the card says it); the truth when something after the decision failed. */
export function decisionToldText(request: AccessRequest, decision: Decision, problems: readonly DecisionProblem[]): string | null {
  if (problems.length === 0) return null;
  const done =
    decision.kind === 'approved'
      ? `:white_check_mark: Approved: the invitation for *${escapeMrkdwn(request.email)}* went out (or was already pending), and ${userMention(request.requester)} is told.`
      : `:no_entry_sign: Denied: ${userMention(request.requester)} is told.`;
  const lines = problems.map((problem) => {
    switch (problem.kind) {
      case 'card_not_updated':
        return `The card could not be updated (Slack said \`${escapeMrkdwn(problem.error)}\`), so it may still show its buttons; whoever clicks one is told the request is already decided.`;
      case 'not_recorded':
        return 'The decision could not be saved in the bot’s store, so the card may be offered again; approving it again sends no second invitation.';
      case 'group_not_recorded':
        return `The group could not be saved in the bot’s store: once they accept, add them to *${vultrText(request.group?.name ?? '', 100)}* in the Vultr console.`;
    }
  });
  return [done, ...lines].join('\n');
}

type Refused = Exclude<DecisionOutcome, { kind: 'decided' }>;

/** A click that decided nothing, and why; null for a Vultr refusal (the card itself says why). */
export function refusedDecisionText(outcome: Refused): string | null {
  switch (outcome.kind) {
    case 'self_decision':
      return ':no_entry: You cannot decide your own request; another admin has to.';
    case 'unknown_card':
    case 'card_mismatch':
      return ':warning: This request card is not one the bot knows (forged, older than a week, or lost with the bot’s store). Nothing was done; the requester can send the request again.';
    case 'already_decided':
      return `${decisionLine(outcome.decision)}. This request is already decided; nothing more was done.`;
    case 'busy':
      return `${outcome.by === null ? 'Another admin' : userMention(outcome.by)} is deciding this request right now; nothing more was done.`;
    case 'vultr_refused':
      return null;
  }
}
