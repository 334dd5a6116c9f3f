import { formatDateToken } from './dateTokens';
import { replaceEmoji } from './emoji';
import { escapeHtml } from './html';
import { decodeSlackEntities } from './slackEntities';

/** What turning mrkdwn into HTML needs to know about the workspace and the viewer. */
export interface RenderContext {
  userName(id: string): string;
  channelName(id: string): string;
  timeZone: string;
  now: Date;
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/** One `<…>` control sequence: mention, channel, date, special mention or link. */
function controlToHtml(inner: string, context: RenderContext): string {
  const [target = '', label] = splitOnce(inner, '|');
  if (target.startsWith('@')) {
    return `<span class="mention">@${escapeHtml(label ?? context.userName(target.slice(1)))}</span>`;
  }
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? context.channelName(target.slice(1)))}</span>`;
  if (target.startsWith('!date^')) {
    const [, seconds, format = '{date}'] = target.split('^');
    const value = Number(seconds);
    if (!Number.isFinite(value)) return escapeHtml(decodeSlackEntities(label ?? ''));
    const text = formatDateToken(value, format, context);
    return `<time datetime="${new Date(value * 1000).toISOString()}">${escapeHtml(text)}</time>`;
  }
  if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(label ?? target.slice(1).split('^')[0] ?? '')}</span>`;
  const href = decodeSlackEntities(target);
  const shown = escapeHtml(decodeSlackEntities(label ?? target));
  if (!SAFE_LINK.test(href)) return shown;
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** Slack applies *bold*, _italic_ and ~strike~ only at word boundaries, never inside a word. */
function styled(text: string, marker: string, tag: string): string {
  const m = marker === '*' ? '\\*' : marker;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}${m}])${m}(?=\\S)([^${m}\\n]*?\\S)${m}(?![\\p{L}\\p{N}${m}])`, 'gu');
  return text.replace(pattern, (_whole, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/**
 * Slack mrkdwn to HTML. Everything outside Slack's own syntax is escaped: a name or address
 * containing markup shows as text. Placeholders keep code spans and control sequences out of
 * the emphasis rules, as Slack does.
 */
export function mrkdwnToHtml(text: string, context: RenderContext): string {
  const kept: string[] = [];
  const keep = (html: string) => `\u0000${kept.push(html) - 1}\u0000`;
  let work = text.replace(/\u0000/g, '');
  work = work.replace(/```([\s\S]*?)```/g, (_w, code: string) => keep(`<pre>${escapeHtml(decodeSlackEntities(code))}</pre>`));
  work = work.replace(/`([^`\n]+)`/g, (_w, code: string) => keep(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`));
  work = work.replace(/<([^<>\n]+)>/g, (_w, inner: string) => keep(controlToHtml(inner, context)));
  let html = escapeHtml(replaceEmoji(decodeSlackEntities(work)));
  html = styled(html, '*', 'b');
  html = styled(html, '_', 'i');
  html = styled(html, '~', 's');
  return quotesAndBreaks(html).replace(/\u0000(\d+)\u0000/g, (_w, index: string) => kept[Number(index)] ?? '');
}

const QUOTED = /^&gt; ?/;

/**
 * Slack's blockquote: a line starting with `>` (which Slack sends escaped as `&gt;`, and which
 * escaping has turned into `&gt;` here either way) is quoted; consecutive quoted lines form one
 * quote. Other line breaks become <br>.
 */
function quotesAndBreaks(html: string): string {
  const groups: Array<{ quoted: boolean; lines: string[] }> = [];
  for (const line of html.split('\n')) {
    const quoted = QUOTED.test(line);
    const last = groups.at(-1);
    const text = line.replace(QUOTED, '');
    if (last?.quoted === quoted) last.lines.push(text);
    else groups.push({ quoted, lines: [text] });
  }
  return groups.map((g) => (g.quoted ? `<blockquote>${g.lines.join('<br>')}</blockquote>` : g.lines.join('<br>'))).join('');
}

/** plain_text objects: escaped, with emoji shortcodes when `emoji` is not false. */
export function plainToHtml(text: string, emoji = true): string {
  return escapeHtml(emoji ? replaceEmoji(text) : text).replace(/\n/g, '<br>');
}
