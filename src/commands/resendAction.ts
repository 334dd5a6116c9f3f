import type { ResendRequest } from '../invites/resend';
import { resendFromList } from '../invites/service';
import { replyEphemeral } from '../slack/respond';
import { decodeBulkValue, decodeResendValue } from '../views/actionPayloads';
import { renderUnexpected } from '../views/problems';
import { renderListResendReport } from '../views/resendReport';
import { acceptClick, type ClickArgs } from './clickGuard';
import { auditLine, type InvitesDeps } from './deps';

interface ListResendClick {
  requests: ResendRequest[];
  listState: { q: string; p: number };
}

const decodeOne = (raw: unknown): ListResendClick | null => {
  const v = decodeResendValue(raw);
  return v && { requests: [{ invitationId: v.i, shownExpiry: v.e }], listState: { q: v.q, p: v.p } };
};

const decodeMany = (raw: unknown): ListResendClick | null => {
  const v = decodeBulkValue(raw);
  return v && { requests: v.b.map(([invitationId, shownExpiry]) => ({ invitationId, shownExpiry })), listState: { q: v.q, p: v.p } };
};

/** Resend (one row) and Resend all expired, in the `/invites` message: resend, notify, replace the list in place. */
function listResendAction(deps: InvitesDeps, action: 'resend' | 'resend_all', decode: (raw: unknown) => ListResendClick | null) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, action, decode);
    if (!click) return;
    const reply = { logger: deps.logger, event: 'action', user: click.user };
    const ids = click.value.requests.map((r) => r.invitationId);
    try {
      const report = await resendFromList(
        { directory: deps.directory, resends: deps.resends, slack: args.client, logger: deps.logger, now: deps.now },
        { actorUserId: click.user, source: 'slash command', notifyChannel: deps.notifyChannel ?? click.channel },
        click.value.requests,
        { filter: click.value.listState.q, pageIndex: click.value.listState.p },
      );
      await replyEphemeral(args.respond, renderListResendReport(report, click.value.listState, deps.now()), { ...reply, replaceOriginal: true });
      auditLine(deps, 'action', {
        user: click.user,
        action,
        invitation_ids: ids,
        outcome: summarize(report.result.items.map((i) => i.outcome.kind)),
        joined: report.result.items.some((i) => i.joined),
        notified: report.result.notification?.ok ?? null,
        resent_emails: report.result.items.flatMap((i) => (i.outcome.kind === 'resent' ? [i.outcome.invitation.emailInvited] : [])),
        started: click.started,
      });
    } catch (err) {
      await replyEphemeral(args.respond, renderUnexpected(), { ...reply, replaceOriginal: false });
      auditLine(deps, 'action', { user: click.user, action, invitation_ids: ids, outcome: 'error', started: click.started, error: err });
    }
  };
}

/** "resent" for one, "resent:6,failed:1" for a batch: one field to grep in the audit log. */
export function summarize(kinds: readonly string[]): string {
  if (kinds.length === 1) return kinds[0] as string;
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind}:${n}`).join(',');
}

export const resendAction = (deps: InvitesDeps) => listResendAction(deps, 'resend', decodeOne);
export const resendAllAction = (deps: InvitesDeps) => listResendAction(deps, 'resend_all', decodeMany);
