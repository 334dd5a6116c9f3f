import { resendFromList } from '../invites/service';
import { replyEphemeral } from '../slack/respond';
import { decodeResendValue } from '../views/actionPayloads';
import { renderUnexpected } from '../views/problems';
import { renderResendReport } from '../views/resendReport';
import { acceptClick, type ClickArgs } from './clickGuard';
import { auditLine, type InvitesDeps } from './deps';

/** Resend: resend exactly once as shown, tell the team, and replace the list with the outcome. */
export function resendAction(deps: InvitesDeps) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, 'resend', decodeResendValue);
    if (!click) return;
    const reply = { logger: deps.logger, event: 'action', user: click.user };
    try {
      const report = await resendFromList(
        { directory: deps.directory, resends: deps.resends, slack: args.client, logger: deps.logger, now: deps.now },
        {
          actorUserId: click.user,
          invitationId: click.value.i,
          shownExpiry: click.value.e,
          filter: click.value.q,
          pageIndex: click.value.p,
          notifyChannel: deps.notifyChannel ?? click.channel,
          source: 'slash command',
        },
      );
      await replyEphemeral(args.respond, renderResendReport(report, deps.now()), { ...reply, replaceOriginal: true });
      auditLine(deps, 'action', {
        user: click.user,
        action: 'resend',
        invitation_id: click.value.i,
        outcome: report.outcome.kind,
        joined: report.joined,
        notified: report.notification?.ok ?? null,
        ...(report.outcome.kind === 'resent' ? { email_invited: report.outcome.invitation.emailInvited } : {}),
        started: click.started,
      });
    } catch (err) {
      await replyEphemeral(args.respond, renderUnexpected(), { ...reply, replaceOriginal: false });
      auditLine(deps, 'action', { user: click.user, action: 'resend', invitation_id: click.value.i, outcome: 'error', started: click.started, error: err });
    }
  };
}
