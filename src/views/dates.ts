import { plural } from '../util/plural';

/**
 * The one place dates are turned into text, with one rule: **an absolute date never says
 * "Today" or "Yesterday", and a relative text is elapsed time rounded down.**
 *
 * Why: Slack renders `<!date^…>` tokens in each viewer's own time zone, which the bot does not
 * know, so it cannot say which calendar day "2 days ago" falls on for the reader. A calendar word
 * ({date_short_pretty}: "Yesterday at 4:54 AM") next to elapsed time ("2 days ago", 36 h rounded
 * up) contradicts itself. So the token shows the date itself ("Nov 20 at 4:54 AM"), and the
 * relative text counts whole elapsed days, hours or minutes, rounded down: "1 day ago" means at
 * least 24 h, true in every zone (the calendar day may be one or two back, never fewer). The
 * fallback (old clients, notifications) is the absolute time in UTC, and says so.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function utcFallback(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** "Nov 20 at 4:54 AM" in each viewer's zone (never "Yesterday"); "2026-11-20 04:54 UTC" as the fallback. */
export function slackDate(date: Date): string {
  return `<!date^${unixSeconds(date)}^{date_short} at {time}|${utcFallback(date)}>`;
}

/** A day alone ("Nov 20" in each viewer's time zone). */
export function slackDay(date: Date): string {
  return `<!date^${unixSeconds(date)}^{date_short}|${date.toISOString().slice(0, 10)}>`;
}

/** Whole days, else whole hours, else whole minutes (else seconds), rounded down: "1 day" for 47 h. */
function elapsed(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return plural(Math.floor(abs / DAY), 'day');
  if (abs >= HOUR) return plural(Math.floor(abs / HOUR), 'hour');
  if (abs >= MINUTE) return plural(Math.floor(abs / MINUTE), 'minute');
  return plural(Math.floor(abs / 1000), 'second');
}

/** "2 days": how long from one moment to a later one. */
export function durationBetween(start: Date, end: Date): string {
  return elapsed(end.getTime() - start.getTime());
}

/** "in 3 days" / "2 hours ago", measured from `now`. */
export function relativeTo(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime();
  return ms > 0 ? `in ${elapsed(ms)}` : `${elapsed(ms)} ago`;
}

/** "expires in 3 days" / "expired 2 days ago" / "expiration unknown". */
export function expiryPhrase(expiresAt: Date | null, now: Date): string {
  if (expiresAt === null) return 'expiration unknown';
  return `${expiresAt.getTime() > now.getTime() ? 'expires' : 'expired'} ${relativeTo(expiresAt, now)}`;
}

/**
 * A clause about an expiration: "Expires <date token> (expires in 3 days)" with `verb`
 * "Expires", or "now expires …"; when the date is unknown, `unknown` instead.
 */
export function expiryClause(expiresAt: Date | null, now: Date, verb: string, unknown: string): string {
  return expiresAt === null ? unknown : `${verb} ${slackDate(expiresAt)} (${expiryPhrase(expiresAt, now)})`;
}
