import { loadPendingPage, type InvitationPage } from '../domain/listing';
import { messageRefusals, type ClickArgs } from '../listeners/clickGuard';
import type { InvitesDeps } from '../deps';
import type { ResendClick, ResendSurface } from '../listeners/resendClick';
import { replyEphemeral, type ReplyContext } from '../platform/respond';
import { ACTION_RESEND, ACTION_RESEND_ALL } from '../views/actionPayloads';
import { problemMessage, renderUnexpected } from '../views/problems';
import { progressText } from '../views/resendNotice';
import { renderListResendReport } from '../views/resendReport';

const reply = (deps: InvitesDeps, args: ClickArgs, click: ResendClick, replaceOriginal: boolean): ReplyContext => ({
  logger: deps.logger,
  event: 'action',
  user: click.user,
  replaceOriginal,
  fallback: { client: args.client, channel: click.channel },
});

/**
 * The `/invites` message: ephemeral, so it changes only through the click's response_url. The
 * outcome replaces the list in place; anything said later is a new ephemeral message.
 */
export const listSurface: ResendSurface<InvitationPage> = {
  event: 'action',
  source: 'slash command',
  actions: { one: ACTION_RESEND, all: ACTION_RESEND_ALL },
  auditNames: { one: 'resend', all: 'resend_all' },
  refusals: messageRefusals,
  notifyTarget: (deps, click) => ({ notifyChannel: deps.notifyChannel ?? click.channel }),
  async showProgress(deps, args, click, count) {
    await replyEphemeral(args.respond, problemMessage(progressText(count)), reply(deps, args, click, true));
  },
  load: (deps, click) => loadPendingPage(deps.directory, click.value.listState.q, click.value.listState.p, deps.now()),
  async deliver(deps, args, click, report) {
    await replyEphemeral(args.respond, renderListResendReport(report, click.value.listState, deps.now()), reply(deps, args, click, true));
  },
  async fail(deps, args, click) {
    await replyEphemeral(args.respond, renderUnexpected(), reply(deps, args, click, false));
  },
};
