import type { WebClient } from '@slack/web-api';
import { resendFromDigest } from '../invites/reminders';
import { describeError } from '../log';
import { replyEphemeral } from '../slack/respond';
import { renderDigestResendReport, renderDigestUpdateFailure } from '../views/digestReport';
import type { SlackMessage } from '../views/invitationList';
import { renderUnexpected } from '../views/problems';
import { acceptClick, type ClickArgs } from '../commands/clickGuard';
import { auditLine, type InvitesDeps } from '../commands/deps';
import { auditResend, decodeBulkResend, decodeOneResend, type ResendClickValue } from '../commands/resendClicks';

/** chat.update, or the Slack error code it failed with. */
async function updateMessage(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<string | null> {
  try {
    await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    return null;
  } catch (err) {
    const described = describeError(err);
    return String(described.slack_error ?? described.error_message);
  }
}

/**
 * Resend (one row) and Resend all expired, in the reminder digest: a shared channel message,
 * so the result replaces the digest for everyone (chat.update) and the notification goes into
 * its thread. Refusals and failures reach only the clicker (ephemeral).
 */
function digestResendAction(
  deps: InvitesDeps,
  withinMs: number,
  action: 'digest_resend' | 'digest_resend_all',
  decode: (raw: unknown) => ResendClickValue | null,
) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, action, decode);
    if (!click) return;
    const reply = { logger: deps.logger, event: 'action', user: click.user, replaceOriginal: false, fallback: { client: args.client, channel: click.channel } };
    try {
      const notifyChannel = deps.notifyChannel ?? click.channel;
      const report = await resendFromDigest(
        { directory: deps.directory, resends: deps.resends, slack: args.client, logger: deps.logger, now: deps.now },
        {
          actorUserId: click.user,
          source: 'digest',
          notifyChannel,
          ...(click.messageTs && notifyChannel === click.channel ? { notifyThreadTs: click.messageTs } : {}),
        },
        click.value.requests,
        withinMs,
      );
      const now = deps.now();
      if ('error' in report.digest) {
        await replyEphemeral(args.respond, renderDigestUpdateFailure(report.result, now, { vultr: report.digest.error }), reply);
      } else {
        const message = renderDigestResendReport(report.result, report.digest.data, now);
        const failed =
          click.channel && click.messageTs ? await updateMessage(args.client, click.channel, click.messageTs, message) : 'no message to update';
        if (failed) await replyEphemeral(args.respond, renderDigestUpdateFailure(report.result, now, { slack: failed }), reply);
      }
      auditResend(deps, action, click, report.result);
    } catch (err) {
      await replyEphemeral(args.respond, renderUnexpected(), reply);
      auditLine(deps, 'action', { user: click.user, action, outcome: 'error', started: click.started, error: err });
    }
  };
}

export const digestResend = (deps: InvitesDeps, withinMs: number) => digestResendAction(deps, withinMs, 'digest_resend', decodeOneResend);
export const digestResendAll = (deps: InvitesDeps, withinMs: number) =>
  digestResendAction(deps, withinMs, 'digest_resend_all', decodeBulkResend);
