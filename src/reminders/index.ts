import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { InvitesDeps } from '../commands/deps';
import { ACTION_DIGEST_RESEND, ACTION_DIGEST_RESEND_ALL } from '../views/actionPayloads';
import { digestResend, digestResendAll } from './digestActions';

/** Registers the buttons of the reminder digest. */
export function registerDigestListeners(app: App, deps: InvitesDeps, withinMs: number): void {
  app.action<BlockAction<ButtonAction>>(ACTION_DIGEST_RESEND, digestResend(deps, withinMs));
  app.action<BlockAction<ButtonAction>>(ACTION_DIGEST_RESEND_ALL, digestResendAll(deps, withinMs));
}
