import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { replyEphemeral } from '../platform/respond';
import { renderRefusal } from '../views/problems';
import { auditLine, type AuditEvent, type InvitesDeps } from '../deps';

export type ClickArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export interface AcceptedClick<T> {
  value: T;
  user: string;
  started: number;
  /** The channel of the message clicked, when there is one. */
  channel: string | undefined;
  /** The clicked message's ts (channel messages, for chat.update), when there is one. */
  messageTs: string | undefined;
}

/** The Refresh button of a list (its action id ends in `:refresh`): the one click that reloads from Vultr. */
export const isRefresh = (args: ClickArgs): boolean => args.action.action_id.endsWith(':refresh');

/** A refusal a click can get before anything else happens. */
export type ClickRefusal = 'bad_request' | 'not_allowed' | 'check_failed' | 'misconfigured';

/** Where a click came from: its audit event and how a refusal is shown there. */
export interface ClickSurface {
  event: AuditEvent;
  refuse: (reason: ClickRefusal, user: string) => Promise<unknown>;
}

/** Messages: a refusal is posted as a new ephemeral message through the click's response_url, so the list stays intact. */
export const messageRefusals = (deps: InvitesDeps, args: ClickArgs): ClickSurface => ({
  event: 'action',
  refuse: (reason, user) =>
    replyEphemeral(args.respond, renderRefusal(reason), { logger: deps.logger, replaceOriginal: false, event: 'action', user }),
});

/**
 * What every click goes through before it may reach Vultr: acknowledge within Slack's 3 s,
 * parse the untrusted button value, and check the clicker (never assume whoever clicks is
 * whoever listed). `surface` shows a refusal where the click came from (a view has no response_url).
 */
export async function acceptClick<T>(
  deps: InvitesDeps,
  args: ClickArgs,
  action: string,
  decode: (raw: unknown) => T | null,
  surface: ClickSurface = messageRefusals(deps, args),
): Promise<AcceptedClick<T> | null> {
  const started = Date.now();
  await args.ack();
  const user = args.body.user.id;
  const refuse = async (reason: ClickRefusal) => {
    await surface.refuse(reason, user);
    auditLine(deps, surface.event, { user, action, outcome: reason, started });
    return null;
  };
  const value = decode(args.action.value);
  if (value === null) return refuse('bad_request');
  const decision = await deps.access.check(user);
  if (!decision.allowed) return refuse(decision.reason);
  const container = args.body.container as { channel_id?: string; message_ts?: string } | undefined;
  const channel = args.body.channel?.id ?? container?.channel_id;
  return { value, user, started, channel, messageTs: args.body.message?.ts ?? container?.message_ts };
}
