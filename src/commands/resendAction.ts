import { resendFromList } from '../invites/service';
import { replyEphemeral } from '../slack/respond';
import { renderUnexpected } from '../views/problems';
import { renderListResendReport } from '../views/resendReport';
import { acceptClick, type ClickArgs } from './clickGuard';
import { auditLine, type InvitesDeps } from './deps';
import { auditResend, decodeBulkResend, decodeOneResend, type ResendClickValue } from './resendClicks';

/** Resend (one row) and Resend all expired, in the `/invites` message: resend, notify, replace the list in place. */
function listResendAction(deps: InvitesDeps, action: 'resend' | 'resend_all', decode: (raw: unknown) => ResendClickValue | null) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, action, decode);
    if (!click) return;
    const reply = { logger: deps.logger, event: 'action', user: click.user, fallback: { client: args.client, channel: click.channel } };
    try {
      const report = await resendFromList(
        { directory: deps.directory, resends: deps.resends, slack: args.client, logger: deps.logger, now: deps.now },
        { actorUserId: click.user, source: 'slash command', notifyChannel: deps.notifyChannel ?? click.channel },
        click.value.requests,
        { filter: click.value.listState.q, pageIndex: click.value.listState.p },
      );
      await replyEphemeral(args.respond, renderListResendReport(report, click.value.listState, deps.now()), { ...reply, replaceOriginal: true });
      auditResend(deps, action, click, report.result);
    } catch (err) {
      await replyEphemeral(args.respond, renderUnexpected(), { ...reply, replaceOriginal: false });
      auditLine(deps, 'action', { user: click.user, action, outcome: 'error', started: click.started, error: err });
    }
  };
}

export const resendAction = (deps: InvitesDeps) => listResendAction(deps, 'resend', decodeOneResend);
export const resendAllAction = (deps: InvitesDeps) => listResendAction(deps, 'resend_all', decodeBulkResend);
