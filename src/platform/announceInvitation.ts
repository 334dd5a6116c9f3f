import type { WebClient } from '@slack/web-api';
import type { Logger } from '../util/log';
import type { Invitation } from '../vultr/invitation';
import { renderInvitedNotice } from '../views/inviteModal';
import { channelMention, escapeMrkdwn } from '../views/mrkdwn';
import { postNotification } from './notify';

/**
 * Tells the team about an invitation just created ("📨 @alice invited …"), once per creation
 * (callers pass only the creation that was not joined). Returns a line for the person who
 * created it: where the team was told, or why it was not.
 */
export async function announceInvitation(
  client: WebClient,
  logger: Logger,
  target: { channel: string | undefined; threadTs?: string },
  by: string,
  invitation: Invitation,
  apiEnabled: boolean,
): Promise<string> {
  if (target.channel === undefined) {
    return ':information_source: No notification channel is configured (INVITES_NOTIFY_CHANNEL), so the team was not told in a channel.';
  }
  const notice = renderInvitedNotice(by, invitation.emailInvited, apiEnabled, invitation.expiresAt);
  const posted = await postNotification(client, target.channel, notice, logger, target.threadTs);
  return posted.ok
    ? `${channelMention(target.channel)} was told.`
    : `:warning: Could not tell ${channelMention(target.channel)} (${escapeMrkdwn(posted.slackError)}); the invitation itself was sent.`;
}
