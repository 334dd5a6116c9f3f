import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_PAGE, ACTION_RESEND, ACTION_RESEND_ALL } from '../views/actionPayloads';
import type { InvitesDeps } from './deps';
import { invitesCommand } from './invitesCommand';
import { pageAction } from './pageAction';
import { resendAction, resendAllAction } from './resendAction';

/** Registers `/invites` and the buttons of its message. */
export function registerInvitesListeners(app: App, deps: InvitesDeps): void {
  app.command('/invites', invitesCommand(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_RESEND, resendAction(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_RESEND_ALL, resendAllAction(deps));
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_PAGE}:(prev|next|refresh)$`), pageAction(deps));
}
