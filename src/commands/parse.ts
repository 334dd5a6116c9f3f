import { MAX_FILTER_LENGTH } from '../views/actionPayloads';

/**
 * Slack HTML-escapes `&`, `<` and `>` in a command's text (`a&b` arrives as `a&amp;b`); the filter is
 * what the person typed. `&amp;` goes last so a typed `&lt;` stays `&lt;`.
 */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export type CommandRequest =
  | { kind: 'help' }
  | { kind: 'list'; filter: string }
  | { kind: 'too_long' }
  /** `/invites new [e-mail]`: the address only prefills the modal, which validates it. */
  | { kind: 'new'; email: string | undefined }
  | { kind: 'request' }
  /** `/invites history [TEXT]`: the audit log, filtered like the list. */
  | { kind: 'history'; filter: string };

/** Which subcommand a `/invites` text asks for. Control characters never belong in a filter; they would only garble the echo. */
export function parseCommandText(text: string | undefined): CommandRequest {
  const cleaned = unescapeSlack(text ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  if (/^(help|-h|--help|\?)$/i.test(cleaned)) return { kind: 'help' };
  if (/^request$/i.test(cleaned)) return { kind: 'request' };
  const history = /^history(?:\s+(.*))?$/i.exec(cleaned);
  if (history) {
    const filter = history[1]?.trim() ?? '';
    return filter.length > MAX_FILTER_LENGTH ? { kind: 'too_long' } : { kind: 'history', filter };
  }
  const invite = /^new(?:\s+(.*))?$/i.exec(cleaned);
  // A client may send a typed address as a mailto link: <mailto:bob@example.com|bob@example.com>.
  if (invite)
    return {
      kind: 'new',
      email:
        invite[1]
          ?.replace(/^<mailto:[^|>]*\|([^>]*)>$/, '$1')
          .trim()
          .slice(0, 254) || undefined,
    };
  if (cleaned.length > MAX_FILTER_LENGTH) return { kind: 'too_long' };
  return { kind: 'list', filter: cleaned };
}
