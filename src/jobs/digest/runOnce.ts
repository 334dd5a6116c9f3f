import type { WebClient } from '@slack/web-api';
import type { PostingConfig } from '../../config';
import type { Store } from '../../coordination/coordination';
import { GroupGrants } from '../../domain/groupGrants';
import { groupsOfRows, type GroupsOfRows } from '../../domain/rowGroups';
import { runReminderDigest, type DigestRun } from './postDigest';
import { describeError, type Logger } from '../../util/log';
import { slackClientFor, vultrClientFor } from '../../platform/clients';
import { openStore } from '../../platform/openStore';
import { verifyBotToken } from '../../platform/verifyBotToken';
import { digestTargetProblem } from './verifyDigestTarget';

/** `npm run remind`: post one digest with its own Slack and Vultr clients, then close them. */
export async function runReminderOnce(config: PostingConfig, options: { logger: Logger; now?: () => Date }): Promise<DigestRun> {
  const channel = config.notifyChannel;
  if (channel === undefined) {
    return { kind: 'failed', reason: 'INVITES_NOTIFY_CHANNEL is not set: the digest needs a channel to be posted to' };
  }
  const slack = slackClientFor(config, options.logger, { slackRateLimits: 'wait' });
  const problem = await digestTargetProblem(slack, channel);
  if (problem !== undefined) {
    options.logger.error('reminder digest', { event: 'reminder', outcome: 'failed', channel, reason: problem });
    return { kind: 'failed', reason: problem };
  }
  const vultr = vultrClientFor(config, options.logger);
  const store = await storeForGroups(config, slack, options.logger);
  // Without the store the digest still goes out, its rows without their groups.
  const rowGroups: GroupsOfRows = store ? groupsOfRows(new GroupGrants(store), options.logger) : () => Promise.resolve(new Map());
  try {
    return await runReminderDigest(
      {
        directory: vultr,
        rowGroups,
        slack,
        logger: options.logger,
        now: options.now ?? (() => new Date()),
      },
      { channel, withinMs: config.reminders.withinMs, postWhenEmpty: config.reminders.postWhenEmpty },
    );
  } finally {
    await Promise.all([vultr.close(), store?.close()]);
  }
}

/** The bot's store (the intended groups are kept there), or null with a warn line when it cannot be opened. */
async function storeForGroups(config: PostingConfig, slack: WebClient, logger: Logger): Promise<Store | null> {
  try {
    // Redis keys are namespaced by the Slack team unless a prefix is configured: only then is Slack asked again.
    const teamId = config.redis && config.redis.prefix === undefined ? (await verifyBotToken(slack)).teamId : '';
    return openStore(config, teamId, logger);
  } catch (err) {
    logger.warn('intended groups not shown: the store could not be opened', {
      event: 'reminder',
      outcome: 'store_unavailable',
      ...describeError(err),
    });
    return null;
  }
}
