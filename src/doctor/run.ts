import type { Config } from '../config';
import { defaultRetrySettings } from '../vultr/retryPolicy';
import { vultrClientFor } from '../platform/clients';
import type { Logger } from '../util/log';
import { checkAccess } from './access';
import { checkGroups } from './groups';
import { ok, type CheckResult, type DoctorContext } from './check';
import { checkNotifyChannel } from './notifyChannel';
import { checkStore } from './store';
import { checkReminders } from './reminders';
import { checkRunMode } from './runMode';
import { slackErrorOf } from '../platform/slackError';
import { createDoctorSlack, type DoctorSlack } from './slackApi';
import { slackTokenRefused, slackTokenWorks } from './slackToken';
import { checkVultr } from './vultr';
import { checkWatcher } from './watcher';

/**
 * Every check after the configuration, in the order a newcomer fixes things. The bot token comes
 * first because the other Slack checks need it; the rest are independent and run together.
 */
export async function runChecks(
  config: Config,
  logger: Logger,
  slack: DoctorSlack = createDoctorSlack(config, logger),
): Promise<CheckResult[]> {
  const modeName = config.slack.mode === 'socket' ? 'Socket Mode' : 'HTTP mode';
  const configuration = ok('Configuration', `valid (${modeName})`);
  // One attempt: the doctor says what it sees now rather than waiting out backoffs.
  const vultr = vultrClientFor(config, logger, { vultrRetry: { ...defaultRetrySettings, maxRetries: 0 } });
  try {
    let context: DoctorContext;
    let token: CheckResult;
    try {
      const bot = await slack.identify();
      token = slackTokenWorks(bot);
      context = { config, slack, vultr, bot };
    } catch (err) {
      token = slackTokenRefused(slackErrorOf(err));
      context = { config, slack, vultr, bot: undefined };
    }
    const rest = await Promise.all(
      [checkRunMode, checkVultr, checkGroups, checkNotifyChannel, checkAccess, checkReminders, checkWatcher, checkStore].map((check) =>
        check(context),
      ),
    );
    return [configuration, token, ...rest];
  } finally {
    await vultr.close();
  }
}
