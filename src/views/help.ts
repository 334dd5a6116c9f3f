import { section } from './blocks';
import type { SlackMessage } from './message';

const usage = [
  "*`/invites`* lists the organization's pending Vultr invitations, soonest expiration first, with a *Resend* button on each.",
  '*`/invites TEXT`* lists only the invitations whose invited e-mail contains TEXT (case-insensitive), e.g. `/invites @example.com`.',
  '*`/invites new [e-mail]`* opens a form to invite someone to the Vultr organization (optionally with API access). Vultr e-mails them an invitation valid for 3 days, and the notification channel is told: `📨 @alice invited bob@example.com (API access: off) · expires …`. If the address already has a pending invitation, use *Resend* instead. The *New invitation* button under the list and in the App Home opens the same form.',
  '*`/invites request`* is for everyone else: ask for an invitation (for yourself or a colleague) with a reason. The request is posted in the notification channel, where someone allowed to use the bot (not you) clicks *Approve* or *Deny*; you get a direct message with the decision. At most 3 open requests per person.',
  '*`/invites history [TEXT]`* shows what was done through the bot, newest first: resends, new invitations, access requests and decisions, and the invitations accepted or expired. TEXT keeps only the entries whose address, person, action or outcome contains it. Only visible to you.',
  '*`/invites help`* shows this message.',
  "Resend asks Vultr to e-mail the invitation again and extends its expiration. The list is only visible to you; resends are announced in the team's notification channel.",
].join('\n');

export function renderHelp(): SlackMessage {
  return { text: 'How to use /invites', blocks: [section(usage)] };
}
