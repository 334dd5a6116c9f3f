import { fail, ok, warn, type CheckResult } from './check';
import { manifestBotScopes } from './requiredScopes';
import type { BotIdentity } from '../platform/botIdentity';

const NAME = 'Slack bot token';
const reinstall =
  'api.slack.com/apps → your app → "OAuth & Permissions" → "Reinstall to Workspace", then copy the Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN';

/** auth.test failed: the token is unusable, or Slack could not be asked. */
export function slackTokenRefused(slackError: string): CheckResult {
  const revoked = ['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed', 'token_expired'].includes(slackError);
  return revoked
    ? fail(NAME, `Slack refused the token (${slackError})`, reinstall)
    : fail(
        NAME,
        `could not ask Slack (${slackError})`,
        'check that this host can reach Slack (SLACK_API_URL, proxy, firewall) and run `npm run doctor` again',
      );
}

/** auth.test worked: who the bot is, and whether every scope manifest.yml asks for was granted. */
export function slackTokenWorks(bot: BotIdentity): CheckResult {
  const who = `workspace ${bot.team} (${bot.teamId}), bot user @${bot.botUser} (${bot.botUserId})`;
  if (bot.scopes === undefined) {
    return warn(
      NAME,
      `${who}; Slack did not report the granted scopes`,
      `check under "OAuth & Permissions" that the bot has ${manifestBotScopes.join(', ')}`,
    );
  }
  const granted = new Set(bot.scopes);
  const missing = manifestBotScopes.filter((scope) => !granted.has(scope));
  if (missing.length > 0) {
    return fail(
      NAME,
      `${who}; missing scopes: ${missing.join(', ')}`,
      `add them as manifest.yml does (update the app's manifest), then ${reinstall}`,
    );
  }
  return ok(NAME, `${who}; all ${manifestBotScopes.length} scopes of manifest.yml granted`);
}
