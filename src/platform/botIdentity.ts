import type { AuthTestResponse } from '@slack/web-api';

/** Who a bot token belongs to, as auth.test tells it: the one shape the app and the doctor read. */
export interface BotIdentity {
  team: string;
  teamId: string;
  botId: string;
  botUser: string;
  botUserId: string;
  /** The token's granted scopes (Slack's x-oauth-scopes header); undefined when Slack did not say. */
  scopes: string[] | undefined;
}

/** auth.test's answer reduced to a BotIdentity; a field Slack left out is `missing` (the app refuses such a token, the doctor shows it). */
export function botIdentityOf(result: AuthTestResponse, missing = '?'): BotIdentity {
  return {
    team: result.team ?? missing,
    teamId: result.team_id ?? missing,
    botId: result.bot_id ?? missing,
    botUser: result.user ?? missing,
    botUserId: result.user_id ?? missing,
    scopes: result.response_metadata?.scopes,
  };
}
