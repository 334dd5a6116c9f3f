import { section } from './blocks';
import type { SlackMessage } from './invitationList';

const usage = [
  '*`/invites`* lists the organization\'s pending Vultr invitations, soonest expiration first, with a *Resend* button on each.',
  '*`/invites TEXT`* lists only the invitations whose invited e-mail contains TEXT (case-insensitive), e.g. `/invites @example.com`.',
  '*`/invites help`* shows this message.',
  'Resend asks Vultr to e-mail the invitation again and extends its expiration. The list is only visible to you; resends are announced in the team\'s notification channel.',
].join('\n');

export function renderHelp(): SlackMessage {
  return { text: 'How to use /invites', blocks: [section(usage)] };
}
