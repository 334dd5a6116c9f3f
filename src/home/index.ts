import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { InvitesDeps } from '../commands/deps';
import { ACTION_HOME_PAGE, ACTION_HOME_RESEND, ACTION_HOME_RESEND_ALL } from '../views/actionPayloads';
import { homePageAction, homeResendAllAction, homeResendOneAction } from './homeActions';
import { homeOpened } from './homeOpened';

/** Registers the App Home tab: app_home_opened and the buttons of the published view. */
export function registerHomeListeners(app: App, deps: InvitesDeps): void {
  app.event('app_home_opened', homeOpened(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_HOME_RESEND, homeResendOneAction(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_HOME_RESEND_ALL, homeResendAllAction(deps));
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_HOME_PAGE}:(prev|next|refresh)$`), homePageAction(deps));
}
