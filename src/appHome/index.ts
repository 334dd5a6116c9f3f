import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { registerResendButtons } from '../listeners/resendClick';
import { ACTION_HOME_PAGE } from '../views/actionPayloads';
import { homeOpened } from './homeOpened';
import { homePageAction } from './homePageAction';
import { homeSurface } from './homeSurface';

/** Registers the App Home tab: app_home_opened and the buttons of the published view. */
export function registerHomeListeners(app: App, deps: InvitesDeps): void {
  app.event('app_home_opened', homeOpened(deps));
  registerResendButtons(app, deps, homeSurface);
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_HOME_PAGE}:(prev|next|refresh)$`), homePageAction(deps));
}
