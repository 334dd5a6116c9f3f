import { configOrExit, parseConfig, secretsOf } from './config';
import { Logger } from './util/log';
import { runReminderOnce } from './jobs/digest/runOnce';

/**
 * Entry point of `npm run remind`, for cron, a Kubernetes CronJob or any scheduler: exit 0 when
 * the digest was posted or nothing was due, non-zero with a clear message otherwise.
 */
async function main(): Promise<number> {
  const config = configOrExit(() => parseConfig(process.env, { receivesSlackRequests: false }));
  const logger = new Logger(config.logLevel, secretsOf(config));
  const run = await runReminderOnce(config, { logger });
  if (run.kind === 'failed') {
    // The reason can quote Vultr's or Slack's error text, which may echo a secret.
    process.stderr.write(`${logger.redact(`Reminder digest not posted: ${run.reason}`)}\n`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // The message could quote a request; the name is enough to look the failure up.
    process.stderr.write(`Reminder digest failed unexpectedly (${(err as Error).name}).\n`);
    process.exit(1);
  },
);
