import { Cron } from 'croner';
import { ok, type Check } from './check';

const NAME = 'Reminders';

/** The in-app digest schedule's next three runs, shown in the schedule's own time zone. */
export const checkReminders: Check = ({ config }) => {
  const { schedule, timeZone } = config.reminders;
  if (schedule === undefined) {
    return Promise.resolve(
      ok(NAME, 'no in-app schedule (INVITES_REMIND_SCHEDULE unset); run `node dist/remind.js` from a scheduler for the digest'),
    );
  }
  const cron = new Cron(schedule, { timezone: timeZone, paused: true });
  const runs = cron.nextRuns(3);
  cron.stop();
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return Promise.resolve(ok(NAME, `"${schedule}" in ${timeZone}: next ${runs.map((run) => format.format(run)).join('; ')}`));
};
