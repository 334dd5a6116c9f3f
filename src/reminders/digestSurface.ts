import type { WebClient } from '@slack/web-api';
import { loadDigest, type Digest } from '../invites/digest';
import { messageRefusals, type ClickArgs } from '../listeners/clickGuard';
import type { InvitesDeps } from '../listeners/deps';
import type { ResendClick, ResendSurface } from '../listeners/resendClick';
import { describeError } from '../log';
import { replyEphemeral, type ReplyContext } from '../slack/respond';
import { ACTION_DIGEST_RESEND, ACTION_DIGEST_RESEND_ALL } from '../views/actionPayloads';
import { renderDigestResendReport, renderDigestUpdateFailure } from '../views/digestReport';
import type { SlackMessage } from '../views/invitationList';
import { problemMessage, renderUnexpected } from '../views/problems';
import { progressText } from '../views/resendNotice';

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

const privately = (deps: InvitesDeps, args: ClickArgs, click: ResendClick): ReplyContext => ({
  logger: deps.logger,
  event: 'action',
  user: click.user,
  replaceOriginal: false,
  fallback: { client: args.client, channel: click.channel },
});

/**
 * The reminder digest: a shared channel message, so the result replaces it for everyone
 * (chat.update, one update of a message at a time) and the team is told in its thread.
 * Progress, refusals and failures reach only the clicker (ephemeral).
 */
export function digestSurface(withinMs: number): ResendSurface<Digest> {
  return {
    event: 'action',
    source: 'digest',
    actions: { one: ACTION_DIGEST_RESEND, all: ACTION_DIGEST_RESEND_ALL },
    auditNames: { one: 'digest_resend', all: 'digest_resend_all' },
    refusals: messageRefusals,
    notifyTarget(deps, click) {
      const notifyChannel = deps.notifyChannel ?? click.channel;
      return { notifyChannel, ...(click.messageTs && notifyChannel === click.channel ? { notifyThreadTs: click.messageTs } : {}) };
    },
    async showProgress(deps, args, click, count) {
      await replyEphemeral(args.respond, problemMessage(progressText(count).replace('replaces this message', 'updates the digest')), privately(deps, args, click));
    },
    sharedMessageKey: (click) => (click.channel && click.messageTs ? `${click.channel}:${click.messageTs}` : undefined),
    load: (deps) => loadDigest(deps.directory, deps.now(), withinMs),
    async deliver(deps, args, click, { result, shown, notifyProblem }) {
      const now = deps.now();
      if ('error' in shown) {
        await replyEphemeral(args.respond, renderDigestUpdateFailure(result, now, { vultr: shown.error }, notifyProblem), privately(deps, args, click));
        return;
      }
      const { channel, messageTs } = click;
      const failed =
        channel && messageTs
          ? await updateMessage(args.client, channel, messageTs, renderDigestResendReport(result, shown.data, now, notifyProblem))
          : 'no message to update';
      if (failed) await replyEphemeral(args.respond, renderDigestUpdateFailure(result, now, { slack: failed }, notifyProblem), privately(deps, args, click));
    },
    async fail(deps, args, click) {
      await replyEphemeral(args.respond, renderUnexpected(), privately(deps, args, click));
    },
  };
}
