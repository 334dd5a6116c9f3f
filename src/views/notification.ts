import type { ActionSource } from '../domain/batch';
import { sectionsOf } from './blocks';
import { expiryClause } from './dates';
import type { SlackMessage } from './message';
import { userMention, vultrText } from './mrkdwn';

export interface ResentInvitation {
  emailInvited: string;
  expiresAt: Date | null;
}

/** The channel message that tells the team who resent which invitation. */
export function renderResendNotification(input: {
  actorUserId: string;
  resent: readonly ResentInvitation[];
  source: ActionSource;
  now: Date;
}): SlackMessage {
  const lines = input.resent.map(
    (inv) => `• ${vultrText(inv.emailInvited, 254)}: ${expiryClause(inv.expiresAt, input.now, 'now expires', 'new expiration unknown')}`,
  );
  const what = input.resent.length === 1 ? 'an invitation' : `${input.resent.length} invitations`;
  const headline = `:envelope_with_arrow: ${userMention(input.actorUserId)} resent ${what} (from the ${input.source})`;
  return {
    text: `${userMention(input.actorUserId)} resent ${what}`,
    // Every address is named (the team's record of who was e-mailed), over as many sections as it takes.
    blocks: sectionsOf([headline, ...lines]),
  };
}
