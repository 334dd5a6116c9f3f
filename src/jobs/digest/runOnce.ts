import { WebClient } from '@slack/web-api';
import type { PostingConfig } from '../../config';
import { runReminderDigest, type DigestRun } from './postDigest';
import type { Logger } from '../../util/log';
import { slackClientOptions } from '../../platform/clientOptions';
import { digestTargetProblem } from './verifyDigestTarget';
import { VultrClient } from '../../vultr/client';

/** `npm run remind`: post one digest with its own Slack and Vultr clients, then close them. */
export async function runReminderOnce(config: PostingConfig, options: { logger: Logger; now?: () => Date }): Promise<DigestRun> {
  const channel = config.notifyChannel;
  if (channel === undefined) {
    return { kind: 'failed', reason: 'INVITES_NOTIFY_CHANNEL is not set: the digest needs a channel to be posted to' };
  }
  const slack = new WebClient(config.slack.botToken, slackClientOptions(config, options.logger, undefined, 'wait'));
  const problem = await digestTargetProblem(slack, channel);
  if (problem !== undefined) {
    options.logger.error('reminder digest', { event: 'reminder', outcome: 'failed', channel, reason: problem });
    return { kind: 'failed', reason: problem };
  }
  const vultr = new VultrClient({
    apiUrl: config.vultr.apiUrl,
    apiKey: config.vultr.apiKey,
    timeoutMs: config.vultr.timeoutMs,
    logger: options.logger,
  });
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
