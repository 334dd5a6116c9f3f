import { acceptClick, type ClickArgs } from '../listeners/clickGuard';
import { auditLine, type InvitesDeps } from '../listeners/deps';
import { decodePageValue } from '../views/actionPayloads';
import { homeRefusals } from './homeSurface';
import { showHomeList } from './showHome';

/** Previous / Next / Refresh: publish the requested page, freshly loaded. */
export function homePageAction(deps: InvitesDeps) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, 'page', decodePageValue, homeRefusals(deps, args));
    if (!click) return;
    const shown = await showHomeList(deps, args.client, click.user, click.value.p);
    auditLine(deps, 'home', { user: click.user, action: 'page', started: click.started, ...shown });
  };
}
