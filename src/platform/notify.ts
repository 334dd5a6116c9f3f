import type { WebClient } from '@slack/web-api';
import { describeError, type Logger } from '../util/log';
import type { SlackMessage } from '../views/message';
import { slackErrorOf } from './slackError';

export type NotifyResult = { ok: true; channel: string } | { ok: false; channel: string; slackError: string };

/**
 * Posts a notification to the team's channel. Never throws: a resend that happened must be
 * reported to the person even when the channel post fails, so the failure is returned.
 */
export async function postNotification(
  client: WebClient,
  channel: string,
  message: SlackMessage,
  logger: Logger,
  threadTs?: string,
): Promise<NotifyResult> {
  try {
    await client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { ok: true, channel };
  } catch (err) {
    const described = describeError(err);
    const slackError = slackErrorOf(err);
    logger.warn('notification not posted', { event: 'notify', channel, outcome: slackError, ...described });
    return { ok: false, channel, slackError };
  }
}
