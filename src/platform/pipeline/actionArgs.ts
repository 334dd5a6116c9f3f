import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';

/** Any block action: a button, a static or external select, an overflow menu. */
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The untrusted value an element carries: a button's value, or the chosen option's value of a select or overflow menu. */
export function actionValueOf(action: BlockAction['actions'][number]): string | undefined {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option) return action.selected_option.value;
  return undefined;
}

/** Where the clicked element sits: the message's channel and ts (a channel message), when there are. */
export function clickedMessageOf(body: BlockAction): { channel: string | undefined; messageTs: string | undefined } {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return { channel: body.channel?.id ?? container?.channel_id, messageTs: body.message?.ts ?? container?.message_ts };
}
