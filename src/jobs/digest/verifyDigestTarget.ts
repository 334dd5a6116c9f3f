import type { WebClient } from '@slack/web-api';
import { describeError } from '../../util/log';
import { verifyBotToken } from '../../platform/verifyBotToken';
import { readChannel } from '../../platform/channel';
import { slackRefusalOf } from '../../platform/slackError';

/**
 * What a one-shot digest run checks before anything else, even when nothing is due: that Slack
 * still accepts the bot token and that the channel exists and is not archived. A revoked token
 * or a deleted channel must fail the run (and the cron job) the day it happens, not the first
 * day something is due. Returns the reason it cannot post, or undefined.
 */
export async function digestTargetProblem(client: WebClient, channel: string): Promise<string | undefined> {
  try {
    await verifyBotToken(client);
  } catch (err) {
    return (err as Error).message;
  }
  try {
    if ((await readChannel(client, channel)).isArchived)
      return `INVITES_NOTIFY_CHANNEL ${channel} is archived: unarchive it or choose another channel`;
    return undefined;
  } catch (err) {
    const slackError = slackRefusalOf(err);
    if (slackError === 'channel_not_found') {
      return `INVITES_NOTIFY_CHANNEL ${channel} was not found: check the channel ID (for a private channel, invite the bot first)`;
    }
    return `Could not check INVITES_NOTIFY_CHANNEL ${channel} (${slackError ?? String(describeError(err).error_message)})`;
  }
}
