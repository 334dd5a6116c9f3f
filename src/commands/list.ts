import { loadPendingPage } from '../domain/listing';
import { isVultrError } from '../vultr/errors';
import { MAX_FILTER_LENGTH } from '../views/actionPayloads';
import { renderInvitationList } from '../views/invitationList';
import { problemMessage, renderListFailure, renderRefusal, renderUnexpected } from '../views/problems';
import type { SlackMessage } from '../views/message';
import type { Subcommand } from './command';

/** `/invites [TEXT]`: acknowledge at once, then authorize, load fresh from Vultr (someone who types expects it) and reply ephemerally. */
export const list: Subcommand<{ filter: string }> = async (deps, { ack, command }, context, { filter }) => {
  await ack();
  const user = command.user_id;
  const reply = (message: SlackMessage) => context.reply?.(message, { replace: false, event: 'command' });
  const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
    context.audit('command', { user, action: 'list', outcome, ...extra }, outcome === 'ok');
  const decision = await deps.access.check(user);
  if (!decision.allowed) {
    await reply(renderRefusal(decision.reason));
    return audit(decision.reason);
  }
  try {
    const page = await loadPendingPage(deps.directory, deps.rowGroups, filter, 0, deps.now(), { fresh: true });
    // The walk is shared by everyone who asks meanwhile; rendering and delivery wait their turn (acks first).
    await deps.postAck.run(async () => {
      await reply(renderInvitationList({ page, now: deps.now() }));
    });
    audit('ok', { shown: page.rows.length, total: page.total });
  } catch (err) {
    await reply(isVultrError(err) ? renderListFailure(err) : renderUnexpected(err));
    audit(isVultrError(err) ? `vultr_${err.kind}` : 'error', { error: err });
  }
};

/** A filter longer than a button could carry: answered in the ack. */
export const tooLong: Subcommand<unknown> = async (_deps, { ack, command }, context) => {
  const message = problemMessage(`The filter is too long: at most ${MAX_FILTER_LENGTH} characters. Try part of the e-mail address.`);
  await ack({ response_type: 'ephemeral', text: message.text });
  context.audit('command', { user: command.user_id, action: 'list', outcome: 'bad_input' }, false);
};
