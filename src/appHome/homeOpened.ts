import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { auditLine, type InvitesDeps } from '../deps';
import { showHomeList, showHomeRefusal } from './showHome';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * The Home tab was opened (Bolt acknowledges events itself): publish the first page of the list,
 * fresh from Vultr, for allowed users, the explanation for everyone else. The Messages tab is left alone.
 */
export function homeOpened(deps: InvitesDeps) {
  return async ({ event, client }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    const started = Date.now();
    const user = event.user;
    const decision = await deps.access.check(user);
    if (!decision.allowed) {
      const published = await showHomeRefusal(deps, client, user, decision.reason);
      auditLine(deps, 'home', { user, action: 'open', outcome: decision.reason, published, started });
      return;
    }
    auditLine(deps, 'home', { user, action: 'open', started, ...(await showHomeList(deps, client, user, 0, { fresh: true })) });
  };
}
