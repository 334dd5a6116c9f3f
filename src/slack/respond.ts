import type { RespondFn } from '@slack/bolt';
import { describeError, type Logger } from '../log';
import type { SlackMessage } from '../views/invitationList';

/**
 * Sends an ephemeral reply through the payload's response_url. Bolt 5 throws RespondError on a
 * non-2xx (an expired or over-used URL): that is logged with enough context to act on, never
 * thrown into Bolt. Returns whether Slack took it.
 */
export async function replyEphemeral(
  respond: RespondFn,
  message: SlackMessage,
  context: { logger: Logger; replaceOriginal: boolean; event: string; user: string },
): Promise<boolean> {
  try {
    await respond({
      response_type: 'ephemeral',
      replace_original: context.replaceOriginal,
      text: message.text,
      blocks: message.blocks,
    });
    return true;
  } catch (err) {
    context.logger.error('reply not delivered', {
      event: context.event,
      user: context.user,
      outcome: 'reply_failed',
      undelivered_text: message.text.slice(0, 500),
      ...describeError(err),
    });
    return false;
  }
}
