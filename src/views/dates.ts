import { formatDistanceStrict } from 'date-fns';

/**
 * The one place dates are turned into text. Slack renders <!date^…> tokens in each viewer's
 * own time zone; the fallback (for old clients and notifications) is an absolute UTC time.
 */

function utcFallback(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function slackDate(date: Date): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} at {time}|${utcFallback(date)}>`;
}

/** A day alone ("Nov 20" in each viewer's time zone). */
export function slackDay(date: Date): string {
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short}|${date.toISOString().slice(0, 10)}>`;
}

/** "2 days": how long from one moment to a later one. */
export function durationBetween(start: Date, end: Date): string {
  return formatDistanceStrict(start, end);
}

/** "in 3 days" / "2 hours ago", measured from `now`. */
export function relativeTo(date: Date, now: Date): string {
  return formatDistanceStrict(date, now, { addSuffix: true });
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
