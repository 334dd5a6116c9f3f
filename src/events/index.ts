import type { App } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { homeOpened } from './homeOpened';

/** Registers the Events API events the bot answers. */
export function registerEvents(app: App, deps: InvitesDeps): void {
  app.event('app_home_opened', homeOpened(deps));
}
