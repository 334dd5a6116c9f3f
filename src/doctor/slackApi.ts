import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../util/log';
import { slackClientOptions } from '../platform/clientOptions';
import { slackClientFor } from '../platform/clients';

/**
 * The few Slack Web API reads the doctor makes, each reduced to the facts a check needs. None of
 * them posts anything. Slack's refusals surface as errors whose `slackErrorOf` is Slack's code.
 */

export interface BotIdentity {
  team: string;
  teamId: string;
  botUser: string;
  botUserId: string;
  /** The bot token's granted scopes (Slack's x-oauth-scopes header); undefined when Slack did not say. */
  scopes: string[] | undefined;
}

export interface ChannelFacts {
  name: string | undefined;
  isDirectMessage: boolean;
  isPrivate: boolean;
  isArchived: boolean;
  botIsMember: boolean;
}

export interface UserFacts {
  deleted: boolean;
}

export interface DoctorSlack {
  identify(): Promise<BotIdentity>;
  /** Asks for a Socket Mode URL with the app token and drops it: proves the token without connecting. */
  openSocketConnection(appToken: string): Promise<void>;
  channel(id: string): Promise<ChannelFacts>;
  user(id: string): Promise<UserFacts>;
  usergroupMembers(id: string): Promise<string[]>;
}

/** One attempt: a doctor reports what it sees instead of waiting out retries. */
const noRetry: RetryOptions = { retries: 0 };

export function createDoctorSlack(config: Config, logger: Logger): DoctorSlack {
  const options = slackClientOptions(config, logger, noRetry);
  const bot = slackClientFor(config, logger, { slackRetry: noRetry });
  return {
    async identify() {
      const result = await bot.auth.test();
      return {
        team: result.team ?? '?',
        teamId: result.team_id ?? '?',
        botUser: result.user ?? '?',
        botUserId: result.user_id ?? '?',
        scopes: result.response_metadata?.scopes,
      };
    },
    async openSocketConnection(appToken) {
      await new WebClient(appToken, options).apps.connections.open();
    },
    async channel(id) {
      const { channel } = await bot.conversations.info({ channel: id });
      return {
        name: channel?.name,
        isDirectMessage: channel?.is_im === true || channel?.is_mpim === true,
        isPrivate: channel?.is_private === true,
        isArchived: channel?.is_archived === true,
        botIsMember: channel?.is_member === true,
      };
    },
    async user(id) {
      const { user } = await bot.users.info({ user: id });
      return { deleted: user?.deleted === true };
    },
    async usergroupMembers(id) {
      const result = await bot.usergroups.users.list({ usergroup: id });
      return result.users ?? [];
    },
  };
}
