import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import type { RequestContext } from '../platform/requestContext';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** One subcommand of `/invites`: it acknowledges (within Slack's 3 s) and answers. */
export type Subcommand<R> = (deps: InvitesDeps, args: CommandArgs, context: RequestContext, request: R) => Promise<void>;
