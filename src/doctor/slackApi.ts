import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Config } from '../config';
import type { Logger } from '../util/log';
import { slackClientOptions } from '../platform/clientOptions';
import { botIdentityOf, type BotIdentity } from '../platform/botIdentity';
import { readChannel, type ChannelFacts } from '../platform/channel';
import { slackClientFor } from '../platform/clients';

/**
 * The few Slack Web API reads the doctor makes, each reduced to the facts a check needs. None of
 * them posts anything. Slack's refusals surface as errors whose `slackErrorOf` is Slack's code.
 */

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
      return botIdentityOf(await bot.auth.test());
    },
    async openSocketConnection(appToken) {
      await new WebClient(appToken, options).apps.connections.open();
    },
    channel: (id) => readChannel(bot, id),
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
