import type { ClickArgs, ClickSurface } from '../listeners/clickGuard';
import type { InvitesDeps } from '../deps';
import type { ResendSurface } from '../listeners/resendClick';
import { loadHome, type HomeList } from '../domain/homeList';
import { ACTION_HOME_RESEND, ACTION_HOME_RESEND_ALL } from '../views/actionPayloads';
import { renderHomeFailure, renderHomeNotice, renderHomeResendReport } from '../views/homeTab';
import { progressText } from '../views/resendNotice';
import { recentActivityOf, showHomeRefusal } from './showHome';

/** A click in a view has no response_url: a refused or malformed click re-publishes the explanation instead of the list. */
export const homeRefusals = (deps: InvitesDeps, args: ClickArgs): ClickSurface => ({
  event: 'home',
  refuse: (reason, user) => showHomeRefusal(deps, args.client, user, reason),
});

/**
 * The App Home tab: every change is a views.publish of the whole tab, one at a time per user.
 * Home has no channel of its own, so the team is told only in INVITES_NOTIFY_CHANNEL.
 */
export const homeSurface: ResendSurface<HomeList> = {
  event: 'home',
  source: 'App Home',
  actions: { one: ACTION_HOME_RESEND, all: ACTION_HOME_RESEND_ALL },
  auditNames: { one: 'resend', all: 'resend_all' },
  refusals: homeRefusals,
  notifyTarget: (deps) => ({ notifyChannel: deps.notifyChannel }),
  async showProgress(deps, args, click, count) {
    await deps.home.publish(args.client, click.user, () => renderHomeNotice(progressText(count)));
  },
  load: (deps, click) => loadHome(deps.directory, click.value.listState.p, deps.now()),
  async deliver(deps, args, click, report) {
    const recent = await recentActivityOf(deps);
    await deps.home.publish(args.client, click.user, () => renderHomeResendReport(report, click.value.listState.p, deps.now(), recent));
  },
  async fail(deps, args, click, error) {
    await deps.home.publish(args.client, click.user, () => renderHomeFailure(error, { pageIndex: click.value.listState.p }));
  },
};
