import { plural } from './plural';
/**
 * Durations as the configuration writes them (`90m`, `48h`, `2d`) and as messages say them
 * ("1 day 12 hours"). Plain arithmetic on fixed units: a day is always 24 hours here, so the text
 * never wraps at months the way calendar-based formatting does (31 days is "31 days").
 */

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unitMs = { s: SECOND, m: MINUTE, h: HOUR, d: DAY } as const;

/** What INVITES_REMIND_WITHIN accepts: a whole number (up to 5 digits) and one unit. */
export const DURATION_PATTERN = /^\d{1,5}\s*[mhd]$/i;

/** What INVITES_WATCH_INTERVAL accepts: the same, and seconds (`30s`) too. */
export const INTERVAL_PATTERN = /^\d{1,6}\s*[smhd]$/i;

/** The watcher's shortest interval: each run lists every invitation from Vultr. */
export const MIN_WATCH_INTERVAL_MS = 2 * SECOND;

function parseWith(pattern: RegExp, raw: string): number | undefined {
  const text = raw.trim();
  if (!pattern.test(text)) return undefined;
  const unit = text.slice(-1).toLowerCase() as keyof typeof unitMs;
  return Number.parseInt(text, 10) * unitMs[unit];
}

/** Milliseconds for `90m`, `48h` or `2d`; undefined for anything else. */
export function parseDuration(raw: string): number | undefined {
  return parseWith(DURATION_PATTERN, raw);
}

/** Milliseconds for `30s`, `5m`, `1h` or `1d`; undefined for anything else. */
export function parseInterval(raw: string): number | undefined {
  return parseWith(INTERVAL_PATTERN, raw);
}

/** "2 days", "1 hour 30 minutes", "31 days"; seconds are dropped, anything under a minute is "0 minutes". */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  const parts = [
    [Math.floor(minutes / (DAY / MINUTE)), 'day'],
    [Math.floor(minutes / (HOUR / MINUTE)) % 24, 'hour'],
    [minutes % 60, 'minute'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, noun]) => plural(n, noun));
  return said.length > 0 ? said.join(' ') : '0 minutes';
}
