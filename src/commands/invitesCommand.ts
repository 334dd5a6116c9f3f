import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { loadPendingPage } from '../invites/listing';
import { replyEphemeral } from '../slack/respond';
import { isVultrError } from '../vultr/errors';
import { MAX_FILTER_LENGTH } from '../views/actionPayloads';
import { renderHelp } from '../views/help';
import { renderInvitationList } from '../views/invitationList';
import { renderListFailure, renderRefusal, renderUnexpected } from '../views/problems';
import { auditLine, type InvitesDeps } from '../listeners/deps';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * Slack HTML-escapes `&`, `<` and `>` in a command's text (`a&b` arrives as `a&amp;b`); the filter is
 * what the person typed. `&amp;` goes last so a typed `&lt;` stays `&lt;`.
 */
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Control characters never belong in a filter; they would only garble the echo. */
export function parseCommandText(text: string | undefined): { kind: 'help' } | { kind: 'list'; filter: string } | { kind: 'too_long' } {
  const cleaned = unescapeSlack(text ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (/^(help|-h|--help|\?)$/i.test(cleaned)) return { kind: 'help' };
  if (cleaned.length > MAX_FILTER_LENGTH) return { kind: 'too_long' };
  return { kind: 'list', filter: cleaned };
}

/** `/invites [help|TEXT]`: acknowledge at once, then authorize, load and reply ephemerally. */
export function invitesCommand(deps: InvitesDeps) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const started = Date.now();
    const user = command.user_id;
    const parsed = parseCommandText(command.text);
    if (parsed.kind === 'help') {
      const help = renderHelp();
      await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
      auditLine(deps, 'command', { user, action: 'help', outcome: 'ok', started });
      return;
    }
    if (parsed.kind === 'too_long') {
      await ack({ response_type: 'ephemeral', text: `The filter is too long: at most ${MAX_FILTER_LENGTH} characters. Try part of the e-mail address.` });
      auditLine(deps, 'command', { user, action: 'list', outcome: 'bad_input', started });
      return;
    }
    await ack();
    const reply = { logger: deps.logger, replaceOriginal: false, event: 'command', user, fallback: { client, channel: command.channel_id } };

    const decision = await deps.access.check(user);
    if (!decision.allowed) {
      await replyEphemeral(respond, renderRefusal(decision.reason), reply);
      auditLine(deps, 'command', { user, action: 'list', outcome: decision.reason, started });
      return;
    }
    try {
      const page = await loadPendingPage(deps.directory, parsed.filter, 0, deps.now());
      await replyEphemeral(respond, renderInvitationList({ page, now: deps.now() }), reply);
      auditLine(deps, 'command', { user, action: 'list', outcome: 'ok', started, shown: page.rows.length, total: page.total });
    } catch (err) {
      const message = isVultrError(err) ? renderListFailure(err) : renderUnexpected();
      await replyEphemeral(respond, message, reply);
      auditLine(deps, 'command', { user, action: 'list', outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error', started, error: err });
    }
  };
}
