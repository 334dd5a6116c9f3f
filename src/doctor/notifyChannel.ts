import { fail, needsBot, ok, warn, type Check, type CheckResult } from './check';
import { slackErrorOf } from '../platform/slackError';

const NAME = 'Notification channel';

/**
 * Can the bot post resend notifications and digests to INVITES_NOTIFY_CHANNEL? A public channel
 * works without joining when chat:write.public is granted; a private channel needs the bot as a
 * member; a direct message never works. Only conversations.info is asked: nothing is posted.
 */
export const checkNotifyChannel: Check = async ({ config, slack, bot }) => {
  const id = config.notifyChannel;
  if (id === undefined) {
    return warn(
      NAME,
      'INVITES_NOTIFY_CHANNEL is not set: notifications go to the channel where a button was clicked, none are posted for App Home resends, and the digest cannot run',
      'set INVITES_NOTIFY_CHANNEL to a channel ID (channel details → Channel ID), a public channel or one the bot was invited to',
    );
  }
  if (bot === undefined) return needsBot(NAME);
  let channel;
  try {
    channel = await slack.channel(id);
  } catch (err) {
    return channelRefused(id, slackErrorOf(err));
  }
  const label = channel.name === undefined ? id : `#${channel.name} (${id})`;
  const invite = `in Slack, open ${label} and type /invite @${bot.botUser}`;
  if (channel.isDirectMessage) {
    return fail(
      NAME,
      `${id} is a direct message: the bot cannot post there`,
      'set INVITES_NOTIFY_CHANNEL to a public channel, or a private channel the bot was invited to',
    );
  }
  if (channel.isArchived) return fail(NAME, `${label} is archived`, `unarchive it, or set INVITES_NOTIFY_CHANNEL to another channel`);
  if (channel.botIsMember) return ok(NAME, `${label}: the bot is a member and can post`);
  if (channel.isPrivate) return fail(NAME, `${label} is private and the bot is not a member`, invite);
  if (bot.scopes?.includes('chat:write.public')) return ok(NAME, `${label}: public, the bot posts without joining (chat:write.public)`);
  return fail(
    NAME,
    `${label}: the bot is not a member and lacks chat:write.public`,
    `${invite}, or grant chat:write.public as manifest.yml does and reinstall the app`,
  );
};

function channelRefused(id: string, slackError: string): CheckResult {
  if (slackError === 'channel_not_found') {
    return fail(
      NAME,
      `Slack knows no channel ${id} that the bot can see`,
      'check the ID (channel details → Channel ID); for a private channel, invite the bot first (/invite @bot-name)',
    );
  }
  if (slackError === 'missing_scope') {
    return fail(
      NAME,
      `the bot may not read channel details (missing_scope)`,
      'grant channels:read and groups:read as manifest.yml does, then reinstall the app ("OAuth & Permissions" → "Reinstall to Workspace")',
    );
  }
  return fail(NAME, `could not look ${id} up (${slackError})`, 'run `npm run doctor` again; if it persists, check status.slack.com');
}
