import { Cron } from 'croner';
import { describeError, type Logger } from '../../util/log';

/**
 * Runs the reminder digest on a cron schedule inside the long-running app (croner parses the
 * expression and handles the time zone). `protect` skips a tick while the previous run is still
 * going, so a slow Vultr never stacks digests. With several replicas each one runs the schedule,
 * and `claim` decides which one posts a tick: the tick is the scheduled time itself (the same on
 * every replica), so a late replica cannot post it again.
 */
export function scheduleReminders(
  pattern: string,
  timeZone: string,
  run: () => Promise<unknown>,
  claim: (tick: Date) => Promise<boolean>,
  logger: Logger,
): { stop(): void } {
  const job = new Cron(
    pattern,
    {
      timezone: timeZone,
      protect: true,
      catch: (err: unknown) => logger.error('reminder run crashed', { event: 'reminder', outcome: 'error', ...describeError(err) }),
    },
    async () => {
      // The occurrence this run is for: the latest scheduled time up to now. (currentRun() is when the
      // timer fired, which a busy event loop can push past the scheduled second.)
      const tick = job.previousRuns(1, new Date(Date.now() + 1))[0] ?? new Date();
      // Without the store no replica can know whether another posted: skip this tick (fail closed).
      const claimed = await claim(tick).catch((err: unknown) => {
        logger.warn('reminder tick skipped: the store did not answer', {
          event: 'reminder',
          outcome: 'store_unavailable',
          tick: tick.toISOString(),
          ...describeError(err),
        });
        return null;
      });
      if (claimed === null) return;
      if (!claimed) {
        logger.info('reminder tick posted by another replica', {
          event: 'reminder',
          outcome: 'claimed_elsewhere',
          tick: tick.toISOString(),
        });
        return;
      }
      await run();
    },
  );
  logger.info('reminders scheduled', { event: 'reminder', schedule: pattern, time_zone: timeZone, next_run: job.nextRun()?.toISOString() });
  return { stop: () => job.stop() };
}
