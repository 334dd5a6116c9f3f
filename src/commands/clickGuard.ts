import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { replyEphemeral } from '../slack/respond';
import { renderRefusal } from '../views/problems';
import { auditLine, type InvitesDeps } from './deps';

export type ClickArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export interface AcceptedClick<T> {
  value: T;
  user: string;
  started: number;
  /** The channel of the message clicked, when there is one. */
  channel: string | undefined;
}

/**
 * What every click goes through before it may reach Vultr: acknowledge within Slack's 3 s,
 * parse the untrusted button value, and check the clicker (never assume whoever clicks is
 * whoever listed). A refusal is posted as a new ephemeral message, so the list stays intact.
 */
export async function acceptClick<T>(
  deps: InvitesDeps,
  args: ClickArgs,
  action: string,
  decode: (raw: unknown) => T | null,
): Promise<AcceptedClick<T> | null> {
  const started = Date.now();
  await args.ack();
  const user = args.body.user.id;
  const refuse = async (reason: 'bad_request' | 'not_allowed' | 'check_failed') => {
    await replyEphemeral(args.respond, renderRefusal(reason), { logger: deps.logger, replaceOriginal: false, event: 'action', user });
    auditLine(deps, 'action', { user, action, outcome: reason, started });
    return null;
  };
  const value = decode(args.action.value);
  if (value === null) return refuse('bad_request');
  const decision = await deps.access.check(user);
  if (!decision.allowed) return refuse(decision.reason);
  const channel = args.body.channel?.id ?? (args.body.container as { channel_id?: string } | undefined)?.channel_id;
  return { value, user, started, channel };
}
