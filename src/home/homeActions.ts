import { acceptClick, type ClickArgs, type ClickSurface } from '../commands/clickGuard';
import { auditLine, type InvitesDeps } from '../commands/deps';
import { auditResend, decodeBulkResend, decodeOneResend, type ResendClickValue } from '../commands/resendClicks';
import { resendFromHome } from '../invites/home';
import { publishHome } from '../slack/publishHome';
import { decodePageValue } from '../views/actionPayloads';
import { renderHomeFailure, renderHomeResendReport } from '../views/home';
import { showHomeList, showHomeRefusal } from './showHome';

/** A click in a view has no response_url: a refused or malformed click re-publishes the explanation instead of the list. */
const homeSurface = (deps: InvitesDeps, args: ClickArgs): ClickSurface => ({
  event: 'home',
  refuse: (reason, user) => showHomeRefusal(deps, args.client, user, reason),
});

/** Previous / Next / Refresh: publish the requested page, freshly loaded. */
export function homePageAction(deps: InvitesDeps) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, 'page', decodePageValue, homeSurface(deps, args));
    if (!click) return;
    const shown = await showHomeList(deps, args.client, click.user, click.value.p);
    auditLine(deps, 'home', { user: click.user, action: 'page', started: click.started, ...shown });
  };
}

/**
 * Resend and Resend all expired, from the Home tab: the same exactly-once rules as everywhere
 * (resendAndNotify), announced in INVITES_NOTIFY_CHANNEL (Home has no channel of its own), then
 * the outcome on top of the refreshed page.
 */
function homeResendAction(deps: InvitesDeps, action: 'resend' | 'resend_all', decode: (raw: unknown) => ResendClickValue | null) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, action, decode, homeSurface(deps, args));
    if (!click) return;
    const pageIndex = click.value.listState.p;
    try {
      const { result, list } = await resendFromHome(
        { directory: deps.directory, resends: deps.resends, slack: args.client, logger: deps.logger, now: deps.now },
        { actorUserId: click.user, source: 'App Home', notifyChannel: deps.notifyChannel },
        click.value.requests,
        pageIndex,
      );
      await publishHome(args.client, click.user, renderHomeResendReport(result, list, pageIndex, deps.now()), deps.logger);
      auditResend(deps, action, click, result, 'home');
    } catch (err) {
      await publishHome(args.client, click.user, renderHomeFailure(err, { pageIndex }), deps.logger);
      auditLine(deps, 'home', { user: click.user, action, outcome: 'error', started: click.started, error: err });
    }
  };
}

export const homeResendOneAction = (deps: InvitesDeps) => homeResendAction(deps, 'resend', decodeOneResend);
export const homeResendAllAction = (deps: InvitesDeps) => homeResendAction(deps, 'resend_all', decodeBulkResend);
