import type { WebClient } from '@slack/web-api';
import type { ActionSource } from '../../domain/batch';
import type { SlackMessage } from '../../views/message';
import { problemMessage, renderRefusal, renderUnexpected } from '../../views/problems';
import type { ActionRequest, PipelineDeps, Surface } from '../pipeline/pipeline';
import { slackErrorOf } from '../slackError';

/** What a shared message becomes after an action, and what the clicker is told if it cannot be updated; or only what the clicker is told. */
export type ChannelShown = { update: SlackMessage; otherwise: (slackError: string) => SlackMessage } | { tell: SlackMessage };

export type ChannelScreen<D, V, O> = (deps: D, request: ActionRequest<V>, outcome: O, notifyProblem?: string) => Promise<ChannelShown>;

/** chat.update, or the Slack error code it failed with. */
export async function updateMessage(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<string | null> {
  try {
    await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    return null;
  } catch (err) {
    return slackErrorOf(err);
  }
}

/**
 * A message in a channel several people can click at once (the digest, the watcher's
 * announcements): the result replaces it for everyone (chat.update; reload and update one click
 * at a time), and the team is told in its thread when it sits in the notification channel.
 * Progress, refusals and failures reach only the clicker (ephemeral). `noun` names the message: "the digest".
 */
export function channelMessageSurface<D extends PipelineDeps, V, O>(
  source: ActionSource,
  noun: string,
  show: ChannelScreen<D, V, O>,
): Surface<D, V, O> {
  const tell = (request: ActionRequest<unknown>, message: SlackMessage) =>
    request.context.reply?.(message, { replace: false, event: 'action' });
  return {
    event: 'action',
    placeOf(deps, click) {
      const notifyChannel = deps.notifyChannel ?? click.channel;
      return { source, notifyChannel, ...(click.messageTs && notifyChannel === click.channel ? { notifyThreadTs: click.messageTs } : {}) };
    },
    refuse: async (_deps, _args, context, reason) => context.reply?.(renderRefusal(reason), { replace: false, event: 'action' }),
    async progress(_deps, request, text) {
      await tell(request, problemMessage(text.replace('replaces this message', `updates ${noun}`)));
    },
    sharedKey: (request) => (request.channel && request.messageTs ? `${request.channel}:${request.messageTs}` : undefined),
    async deliver(deps, request, outcome, notifyProblem) {
      const shown = await show(deps, request, outcome, notifyProblem);
      if ('tell' in shown) {
        await tell(request, shown.tell);
        return;
      }
      const { channel, messageTs } = request;
      const failed =
        channel && messageTs ? await updateMessage(request.args.client, channel, messageTs, shown.update) : 'no message to update';
      if (failed) await tell(request, shown.otherwise(failed));
    },
    async fail(_deps, request, error) {
      await tell(request, renderUnexpected(error));
    },
  };
}
