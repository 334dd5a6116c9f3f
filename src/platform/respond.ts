import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describeError, type Logger } from '../util/log';
import type { SlackMessage } from '../views/message';

export interface ReplyContext {
  logger: Logger;
  replaceOriginal: boolean;
  event: string;
  user: string;
  /** Where to post the reply as an ephemeral message when the response_url no longer works. */
  fallback?: { client: WebClient; channel: string | undefined };
}

/**
 * Sends an ephemeral reply through the payload's response_url. Bolt 5 throws RespondError on a
 * non-2xx (an expired or over-used URL): then the reply is tried once more as
 * chat.postEphemeral, and whatever happens is logged with enough context to act on; nothing is
 * thrown into Bolt. Returns whether the person got the reply.
 */
export async function replyEphemeral(respond: RespondFn, message: SlackMessage, context: ReplyContext): Promise<boolean> {
  try {
    await respond({ response_type: 'ephemeral', replace_original: context.replaceOriginal, text: message.text, blocks: message.blocks });
    return true;
  } catch (err) {
    const fields = { event: context.event, user: context.user, undelivered_text: message.text.slice(0, 500), ...describeError(err) };
    const channel = context.fallback?.channel;
    if (context.fallback && channel !== undefined) {
      try {
        await context.fallback.client.chat.postEphemeral({ channel, user: context.user, text: message.text, blocks: message.blocks });
        context.logger.warn('reply sent by chat.postEphemeral instead', { ...fields, outcome: 'reply_fallback', channel });
        return true;
      } catch (fallbackErr) {
        context.logger.error('reply not delivered', {
          ...fields,
          outcome: 'reply_failed',
          channel,
          fallback_error: describeError(fallbackErr),
        });
        return false;
      }
    }
    context.logger.error('reply not delivered', { ...fields, outcome: 'reply_failed' });
    return false;
  }
}
