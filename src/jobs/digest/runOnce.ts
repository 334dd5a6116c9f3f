import type { PostingConfig } from '../../config';
import { runReminderDigest, type DigestRun } from './postDigest';
import type { Logger } from '../../util/log';
import { slackClientFor, vultrClientFor } from '../../platform/clients';
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
  try {
    return await runReminderDigest(
      {
        directory: vultr,
        slack,
        logger: options.logger,
        now: options.now ?? (() => new Date()),
      },
      { channel, withinMs: config.reminders.withinMs, postWhenEmpty: config.reminders.postWhenEmpty },
    );
  } finally {
    await vultr.close();
  }
}
