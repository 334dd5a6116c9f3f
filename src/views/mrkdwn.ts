import { charactersOf, sliceWhole } from '../util/wholeCharacters';

/**
 * Slack treats only &, < and > as control characters in mrkdwn. Every
 * string that comes from a user or from Vultr passes through here before it is shown, so an
 * invited address cannot smuggle in a mention, a link or <!channel>.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ELLIPSIS = '…';

/** Cuts plain text (not mrkdwn) to at most `max` characters on whole characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${sliceWhole(text, Math.max(0, max - 1))}${ELLIPSIS}`;
}

/** Line and paragraph breaks, tabs and the other control separators: each run becomes one space. */
const BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]+/g;
/**
 * What shows nothing but changes what is around it: control characters (Cc) and format characters
 * (Cf: bidi overrides and isolates such as U+202E, zero-width spaces and joiners, the BOM).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * Plain text on one line with nothing invisible: a value from outside cannot start a line of its
 * own (a forged ":white_check_mark: … accepted" under the real one) nor reorder what follows it.
 */
export function oneLine(text: string): string {
  return text.replace(BREAKS, ' ').replace(INVISIBLE, '');
}

/**
 * A string from Vultr (an address, a name, a status, an error message) as mrkdwn: on one line,
 * without invisible characters, cut to `max` characters, escaped. Every view shows Vultr's
 * strings through this.
 */
export function vultrText(text: string, max: number): string {
  return escapeMrkdwn(truncate(oneLine(text), max));
}

/** A `<…>` token: a date, a mention or a link. */
const TAG = /<[^<>\n]*>/.source;

/**
 * What must never be cut inside in mrkdwn: `<…>` tokens, `&amp;`-style entities, `:emoji:` codes,
 * and `*bold*`, `_italic_`, `~strike~` and `` `code` `` spans (a cut one shows its markers raw). A
 * span may hold whole `<…>` tokens but never starts or ends inside one (`{date_short}` has a `_`).
 */
const MRKDWN_TOKEN = new RegExp(
  [TAG, /&[a-z]+;/.source, /:[a-z0-9_+'-]+:/.source, ...['\\*', '_', '~', '`'].map((m) => `${m}(?:${TAG}|[^${m}<\\n])+${m}`)].join('|'),
  'gi',
);

/** A line as the pieces it may be cut between: whole tokens and, between them, whole characters. */
function unitsOf(line: string): string[] {
  const units: string[] = [];
  let plainFrom = 0;
  for (const token of line.matchAll(MRKDWN_TOKEN)) {
    units.push(...charactersOf(line.slice(plainFrom, token.index)), token[0]);
    plainFrom = token.index + token[0].length;
  }
  units.push(...charactersOf(line.slice(plainFrom)));
  return units;
}

/** The longest start of one line that ends between units and is at most `room` long. */
function cutLine(line: string, room: number): string {
  let cut = '';
  for (const unit of unitsOf(line)) {
    if (cut.length + unit.length > room) break;
    cut += unit;
  }
  return cut.trimEnd();
}

/**
 * Cuts mrkdwn to at most `max` characters, marking the cut, without breaking its syntax: it keeps
 * whole lines (rows of a list); only when not even the first line fits is that line cut, and then
 * between tokens, never inside a date, a mention, an entity or a formatted span.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split('\n');
  // Whole lines followed by a line holding only the ellipsis.
  let kept = 0;
  let used = 0;
  while (kept < lines.length && used + (lines[kept] as string).length + 1 + ELLIPSIS.length <= max) {
    used += (lines[kept] as string).length + 1;
    kept += 1;
  }
  if (kept > 0) return [...lines.slice(0, kept), ELLIPSIS].join('\n');
  return `${cutLine(lines[0] as string, Math.max(0, max - ELLIPSIS.length))}${ELLIPSIS}`;
}

export function userMention(userId: string): string {
  return `<@${userId}>`;
}

export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}
