import { reload, type Reloaded } from '../domain/directory';
import { loadPendingPage, type InvitationPage } from '../domain/listing';
import type { InvitesDeps } from '../deps';
import type { ActionArgs } from '../platform/pipeline/actionArgs';
import type { ActionSpec } from '../platform/pipeline/pipeline';
import type { EphemeralScreen } from '../platform/surfaces/ephemeral';
import type { HomeScreen } from '../platform/surfaces/homeTab';
import { homeScreen } from '../screens/home';
import { decodePageValue, type PageValue } from '../views/actionPayloads';
import { renderHomeFailure } from '../views/homeTab';
import { renderInvitationList } from '../views/invitationList';
import { renderListFailure } from '../views/problems';

/** The Refresh button of a list (its action id ends in `:refresh`): the one click that reloads from Vultr. */
const isRefresh = (args: ActionArgs): boolean => args.body.actions.some((action) => action.action_id.endsWith(':refresh'));

/** Previous / Next (from the cached list) / Refresh (fresh from Vultr) on the `/invites` message. */
export const listPage: ActionSpec<InvitesDeps, PageValue, Reloaded<InvitationPage>> = {
  name: 'page',
  decode: decodePageValue,
  run: (deps, { value, args }) =>
    reload(() => loadPendingPage(deps.directory, deps.rowGroups, value.q, value.p, deps.now(), { fresh: isRefresh(args) })),
  audit: (shown) =>
    'data' in shown
      ? { outcome: 'ok', routine: true, fields: { page: shown.data.pageIndex } }
      : { outcome: `vultr_${shown.error.kind}`, routine: false, fields: { error: shown.error } },
};

/** The requested page replaces the list; a failure is a new message, so the old page stays readable. */
export const pageOnList: EphemeralScreen<InvitesDeps, PageValue, Reloaded<InvitationPage>> = (deps, _request, shown) =>
  Promise.resolve(
    'data' in shown
      ? { message: renderInvitationList({ page: shown.data, now: deps.now() }), replace: true }
      : { message: renderListFailure(shown.error), replace: false },
  );

/**
 * Previous / Next / Refresh on the App Home tab. The page is loaded when its publish's turn comes
 * (so a slow load never replaces a newer tab); what it showed is kept here for the audit line.
 */
export interface HomePageTurn {
  fresh: boolean;
  shown?: Awaited<ReturnType<typeof homeScreen>>['audit'];
}

export const homePage: ActionSpec<InvitesDeps, PageValue, HomePageTurn> = {
  name: 'page',
  decode: decodePageValue,
  run: (_deps, { args }) => Promise.resolve({ fresh: isRefresh(args) }),
  audit: ({ shown }) => {
    const { outcome, routine, ...fields } = shown ?? { outcome: 'not_published', routine: false };
    return { outcome, routine, fields };
  },
};

export const pageOnHome: HomeScreen<InvitesDeps, PageValue, HomePageTurn> = {
  async show(deps, { value }, turn) {
    const { tab, audit } = await homeScreen(deps, value.p, { fresh: turn.fresh });
    turn.shown = audit;
    return tab;
  },
  failure: ({ value }, error) => renderHomeFailure(error, { pageIndex: value.p }),
};
