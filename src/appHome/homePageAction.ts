import { acceptClick, isRefresh, type ClickArgs } from '../listeners/clickGuard';
import { auditLine, type InvitesDeps } from '../deps';
import { decodePageValue } from '../views/actionPayloads';
import { homeRefusals } from './homeSurface';
import { showHomeList } from './showHome';

/** Previous / Next (from the cached list) / Refresh (fresh from Vultr): publish the requested page. */
export function homePageAction(deps: InvitesDeps) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, 'page', decodePageValue, homeRefusals(deps, args));
    if (!click) return;
    const shown = await showHomeList(deps, args.client, click.user, click.value.p, { fresh: isRefresh(args) });
    auditLine(deps, 'home', { user: click.user, action: 'page', started: click.started, ...shown });
  };
}
