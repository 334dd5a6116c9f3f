/**
 * Slack's `<!date^SECONDS^FORMAT|FALLBACK>` tokens, formatted the way a Slack client formats
 * them: in the viewer's time zone, with "Today"/"Yesterday"/"Tomorrow" for the *_pretty forms.
 */

function part(date: Date, timeZone: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, ...options }).format(date);
}

/** The calendar day in a zone, as a comparable number of days. */
function dayNumber(date: Date, timeZone: string): number {
  const [month, day, year] = part(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).split('/').map(Number);
  return Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1) / 86_400_000;
}

function pretty(date: Date, now: Date, timeZone: string, fallback: string): string {
  const offset = dayNumber(date, timeZone) - dayNumber(now, timeZone);
  if (offset === 0) return 'Today';
  if (offset === -1) return 'Yesterday';
  if (offset === 1) return 'Tomorrow';
  return fallback;
}

export function formatDateToken(seconds: number, format: string, options: { timeZone: string; now: Date }): string {
  const date = new Date(seconds * 1000);
  const { timeZone, now } = options;
  const short = () => part(date, timeZone, { month: 'short', day: 'numeric', year: 'numeric' });
  const long = () => part(date, timeZone, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
  const plain = () => part(date, timeZone, { month: 'long', day: 'numeric', year: 'numeric' });
  const replacements: Record<string, () => string> = {
    date_num: () => part(date, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    date: plain,
    date_short: short,
    date_long: long,
    date_pretty: () => pretty(date, now, timeZone, plain()),
    date_short_pretty: () => pretty(date, now, timeZone, short()),
    date_long_pretty: () => pretty(date, now, timeZone, long()),
    time: () => part(date, timeZone, { hour: 'numeric', minute: '2-digit' }),
    time_secs: () => part(date, timeZone, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
  };
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => replacements[name]?.() ?? whole);
}
