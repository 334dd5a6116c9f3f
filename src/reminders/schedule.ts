import { Cron } from 'croner';
import { describeError, type Logger } from '../log';

/**
 * Runs the reminder digest on a cron schedule inside the long-running app (croner parses the
 * expression and handles the time zone). `protect` skips a tick while the previous run is still
 * going, so a slow Vultr never stacks digests.
 */
export function scheduleReminders(pattern: string, timeZone: string, run: () => Promise<unknown>, logger: Logger): { stop(): void } {
  const job = new Cron(
    pattern,
    {
      timezone: timeZone,
      protect: true,
      catch: (err: unknown) => logger.error('reminder run crashed', { event: 'reminder', outcome: 'error', ...describeError(err) }),
    },
    async () => {
      await run();
    },
  );
  logger.info('reminders scheduled', { event: 'reminder', schedule: pattern, time_zone: timeZone, next_run: job.nextRun()?.toISOString() });
  return { stop: () => job.stop() };
}
