import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { requestContextOf } from '../platform/requestContext';
import { homeScreen } from '../screens/home';
import { renderHomeRefusal } from '../views/homeTab';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * The Home tab was opened (Bolt acknowledges events itself): publish the first page of the list,
 * fresh from Vultr, for allowed users, the explanation for everyone else. The Messages tab is left alone.
 */
export function homeOpened(deps: InvitesDeps) {
  return async (args: Args): Promise<void> => {
    const { event, client } = args;
    if (event.tab !== 'home') return;
    const context = requestContextOf(args);
    const user = event.user;
    const decision = await deps.access.check(user);
    if (!decision.allowed) {
      const published = await deps.home.publish(client, user, () => renderHomeRefusal(decision.reason));
      context.audit('home', { user, action: 'open', outcome: decision.reason, published }, false);
      return;
    }
    let audit: Awaited<ReturnType<typeof homeScreen>>['audit'] = { outcome: 'error', routine: false };
    const published = await deps.home.publish(client, user, async () => {
      const screen = await homeScreen(deps, 0, { fresh: true });
      audit = screen.audit;
      return screen.tab;
    });
    const { outcome, routine, ...fields } = audit;
    context.audit('home', { user, action: 'open', outcome, ...fields, published }, routine);
  };
}
