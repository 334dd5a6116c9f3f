import type { WebClient } from '@slack/web-api';
import type { ActionSource } from '../domain/batch';
import type { ResendReport } from '../domain/report';
import { replyEphemeral, type ReplyContext } from '../platform/respond';
import { slackErrorOf } from '../platform/slackError';
import { renderChannelMessageUpdateFailure } from '../views/digestReport';
import type { SlackMessage } from '../views/invitationList';
import { problemMessage, renderUnexpected } from '../views/problems';
import { progressText } from '../views/resendNotice';
import { messageRefusals, type ClickArgs } from './clickGuard';
import type { InvitesDeps } from '../deps';
import type { ResendClick, ResendSurface } from './resendClick';

/** chat.update, or the Slack error code it failed with. */
async function updateMessage(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<string | null> {
  try {
    await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    return null;
  } catch (err) {
    return slackErrorOf(err);
  }
}

const privately = (deps: InvitesDeps, args: ClickArgs, click: ResendClick): ReplyContext => ({
  logger: deps.logger,
  event: 'action',
  user: click.user,
  replaceOriginal: false,
  fallback: { client: args.client, channel: click.channel },
});

/** What differs between shared channel messages with Resend buttons (the digest, the watcher's announcements). */
export interface ChannelMessageSpec<Shown> {
  source: ActionSource;
  actions: { one: string; all: string };
  auditNames: { one: string; all: string };
  /** How the clicker's private notes name the message: "the digest". */
  noun: string;
  load(deps: InvitesDeps, click: ResendClick): Promise<Shown>;
  /** The message after the click, for everyone in the channel. */
  render(args: ClickArgs, report: ResendReport<Shown> & { shown: { data: Shown } }, now: Date): SlackMessage;
}

/**
 * A shared channel message: the result replaces it for everyone (chat.update; reload and update
 * one click at a time, by its shared message key) and the team is told in its thread when it sits in the notification channel.
 * Progress, refusals and failures reach only the clicker (ephemeral).
 */
export function channelMessageSurface<Shown>(spec: ChannelMessageSpec<Shown>): ResendSurface<Shown> {
  return {
    event: 'action',
    source: spec.source,
    actions: spec.actions,
    auditNames: spec.auditNames,
    refusals: messageRefusals,
    notifyTarget(deps, click) {
      const notifyChannel = deps.notifyChannel ?? click.channel;
      return { notifyChannel, ...(click.messageTs && notifyChannel === click.channel ? { notifyThreadTs: click.messageTs } : {}) };
    },
    async showProgress(deps, args, click, count) {
      await replyEphemeral(
        args.respond,
        problemMessage(progressText(count).replace('replaces this message', `updates ${spec.noun}`)),
        privately(deps, args, click),
      );
    },
    sharedMessageKey: (click) => (click.channel && click.messageTs ? `${click.channel}:${click.messageTs}` : undefined),
    load: (deps, click) => spec.load(deps, click),
    async deliver(deps, args, click, report) {
      const now = deps.now();
      const { result, shown, notifyProblem } = report;
      const failure = (why: Parameters<typeof renderChannelMessageUpdateFailure>[2]) =>
        replyEphemeral(
          args.respond,
          renderChannelMessageUpdateFailure(result, now, why, spec.noun, notifyProblem),
          privately(deps, args, click),
        );
      if ('error' in shown) {
        await failure({ vultr: shown.error });
        return;
      }
      const { channel, messageTs } = click;
      const failed =
        channel && messageTs
          ? await updateMessage(args.client, channel, messageTs, spec.render(args, { ...report, shown }, now))
          : 'no message to update';
      if (failed) await failure({ slack: failed });
    },
    async fail(deps, args, click) {
      await replyEphemeral(args.respond, renderUnexpected(), privately(deps, args, click));
    },
  };
}
