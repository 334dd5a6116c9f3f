import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { loadPendingPage } from '../domain/listing';
import { replyEphemeral } from '../platform/respond';
import { isVultrError } from '../vultr/errors';
import { MAX_FILTER_LENGTH } from '../views/actionPayloads';
import { renderHelp } from '../views/help';
import { renderInvitationList } from '../views/invitationList';
import { renderListFailure, renderModalNotOpened, renderRefusal, renderUnexpected } from '../views/problems';
import { auditLine, type InvitesDeps } from '../deps';
import { openRequestModal } from '../requests/accessRequest';
import { openInviteModal } from '../requests/newInvitation';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

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
  | { kind: 'request' };

/** Control characters never belong in a filter; they would only garble the echo. */
export function parseCommandText(text: string | undefined): CommandRequest {
  const cleaned = unescapeSlack(text ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
  if (/^(help|-h|--help|\?)$/i.test(cleaned)) return { kind: 'help' };
  if (/^request$/i.test(cleaned)) return { kind: 'request' };
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

/** `/invites [help|TEXT]`: acknowledge at once, then authorize, load fresh from Vultr (someone who types expects it) and reply ephemerally. */
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
    if (parsed.kind === 'new' || parsed.kind === 'request') {
      // The modal must open within the trigger's 3 s: acknowledge, then open it straight away.
      await ack();
      const opened =
        parsed.kind === 'new'
          ? await openInviteModal(deps, client, command.trigger_id, user, parsed.email)
          : await openRequestModal(deps, client, command.trigger_id, user);
      if (!opened) {
        const reply = {
          logger: deps.logger,
          replaceOriginal: false,
          event: 'command',
          user,
          fallback: { client, channel: command.channel_id },
        };
        await replyEphemeral(respond, renderModalNotOpened(`/invites ${parsed.kind}`), reply);
      }
      return;
    }
    if (parsed.kind === 'too_long') {
      await ack({
        response_type: 'ephemeral',
        text: `The filter is too long: at most ${MAX_FILTER_LENGTH} characters. Try part of the e-mail address.`,
      });
      auditLine(deps, 'command', { user, action: 'list', outcome: 'bad_input', started });
      return;
    }
    await ack();
    const reply = {
      logger: deps.logger,
      replaceOriginal: false,
      event: 'command',
      user,
      fallback: { client, channel: command.channel_id },
    };

    const decision = await deps.access.check(user);
    if (!decision.allowed) {
      await replyEphemeral(respond, renderRefusal(decision.reason), reply);
      auditLine(deps, 'command', { user, action: 'list', outcome: decision.reason, started });
      return;
    }
    try {
      const page = await loadPendingPage(deps.directory, parsed.filter, 0, deps.now(), { fresh: true });
      await replyEphemeral(respond, renderInvitationList({ page, now: deps.now() }), reply);
      auditLine(deps, 'command', { user, action: 'list', outcome: 'ok', started, shown: page.rows.length, total: page.total });
    } catch (err) {
      const message = isVultrError(err) ? renderListFailure(err) : renderUnexpected();
      await replyEphemeral(respond, message, reply);
      auditLine(deps, 'command', { user, action: 'list', outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error', started, error: err });
    }
  };
}
