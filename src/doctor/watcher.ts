import { durationText } from '../util/duration';
import { ok, warn, type Check } from './check';

const NAME = 'Watcher';

/** Below this, each run's full listing is many Vultr requests a minute for news that is rarely that urgent. */
const RECOMMENDED_MIN_MS = 60_000;

/** Whether the watcher is on, how often it lists, and what an operator should know about its memory. */
export const checkWatcher: Check = ({ config }) => {
  const { intervalMs, announceNew } = config.watch;
  if (intervalMs === undefined) return Promise.resolve(ok(NAME, 'off (INVITES_WATCH_INTERVAL unset)'));
  const every = intervalMs < RECOMMENDED_MIN_MS ? `${intervalMs / 1000} seconds` : durationText(intervalMs);
  const what = announceNew ? 'accepted, expired and new invitations' : 'accepted and expired invitations';
  const where = config.redis ? 'state shared in Redis' : 'state kept in the SQLite store (one replica)';
  const summary = `every ${every}, announcing ${what} in ${config.notifyChannel ?? '?'}; ${where}`;
  if (intervalMs < RECOMMENDED_MIN_MS) {
    return Promise.resolve(
      warn(NAME, summary, 'each run lists every invitation from Vultr: set INVITES_WATCH_INTERVAL in minutes, e.g. 5m'),
    );
  }
  return Promise.resolve(ok(NAME, summary));
};
