import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { registerResendButtons } from '../listeners/resendClick';
import { ACTION_PAGE } from '../views/actionPayloads';
import { invitesCommand } from './invitesCommand';
import { listSurface } from './listSurface';
import { pageAction } from './pageAction';

/** Registers `/invites` and the buttons of its message. */
export function registerInvitesListeners(app: App, deps: InvitesDeps): void {
  app.command('/invites', invitesCommand(deps));
  registerResendButtons(app, deps, listSurface);
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_PAGE}:(prev|next|refresh)$`), pageAction(deps));
}
