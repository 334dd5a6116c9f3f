import type { WebClient } from '@slack/web-api';
import { describeError } from '../util/log';
import { slackRefusalOf } from './slackError';

import { botIdentityOf, type BotIdentity } from './botIdentity';

/** Startup cannot go on: the message says what to fix, in words an operator can act on. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/**
 * The one auth.test at startup: which workspace this bot belongs to (requests from any other are
 * refused) and who it is. A rejected token names SLACK_BOT_TOKEN; Slack's error code is kept.
 */
export async function verifyBotToken(client: WebClient): Promise<BotIdentity> {
  let result;
  try {
    result = await client.auth.test();
  } catch (err) {
    const slackError = slackRefusalOf(err);
    const message = describeError(err).error_message;
    throw new StartupError(
      slackError !== undefined
        ? `SLACK_BOT_TOKEN was refused by Slack (${slackError}): copy the "Bot User OAuth Token" from "OAuth & Permissions" again, or reinstall the app`
        : `Could not verify SLACK_BOT_TOKEN: Slack could not be reached (${String(message)})`,
    );
  }
  if (!result.team_id || !result.bot_id || !result.user_id) {
    throw new StartupError(
      'SLACK_BOT_TOKEN is not a bot token (auth.test named no team, bot or bot user): use the "Bot User OAuth Token" (xoxb-…)',
    );
  }
  return botIdentityOf(result);
}
