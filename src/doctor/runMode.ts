import { fail, needsBot, ok, warn, type Check } from './check';
import { slackErrorOf } from '../platform/slackError';

const NAME = 'Run mode';
const appTokenFix =
  'api.slack.com/apps → your app → "Basic Information" → "App-Level Tokens" → generate a token with the scope connections:write and put it in SLACK_APP_TOKEN; Socket Mode must be enabled ("Socket Mode" page)';

/**
 * Socket Mode: the app token can open a connection (the URL Slack hands out is never used).
 * HTTP mode: the signing secret looks like Slack's, and Slack must be told where to send requests.
 */
export const checkRunMode: Check = async ({ config, slack, bot }) => {
  const settings = config.slack;
  if (settings.mode === 'socket' && settings.appToken !== undefined) {
    if (bot === undefined) return needsBot(NAME);
    try {
      await slack.openSocketConnection(settings.appToken);
      return ok(NAME, 'Socket Mode: the app token opens a connection (no public URL needed)');
    } catch (err) {
      return fail(NAME, `Socket Mode: Slack refused the app token (${slackErrorOf(err)})`, appTokenFix);
    }
  }
  const urls = `Slack must send the /invites command, interactivity and event subscriptions to https://YOUR-HOST/slack/events, with socket_mode_enabled: false in the app settings`;
  // Slack's signing secrets are 32 hex digits; the configuration accepts any hex of 16 or more.
  if (!/^[a-f0-9]{32}$/i.test(settings.signingSecret ?? '')) {
    return warn(
      NAME,
      "HTTP mode: SLACK_SIGNING_SECRET is not 32 hex digits like Slack's",
      `copy it again from "Basic Information" → App Credentials → Signing Secret; ${urls}`,
    );
  }
  return ok(NAME, `HTTP mode on port ${settings.port}: the signing secret has Slack's form; ${urls}`);
};
