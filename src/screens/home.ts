import { loadHome } from '../domain/homeList';
import type { ListOptions } from '../domain/directory';
import type { WatchEvent } from '../domain/watch';
import type { InvitesDeps } from '../deps';
import { isVultrError } from '../vultr/errors';
import { renderHome, renderHomeFailure, type HomeTab } from '../views/homeTab';

/** The watcher's recent news for the Home tab; undefined when the watcher is off. */
export async function recentActivityOf(deps: InvitesDeps): Promise<readonly WatchEvent[] | undefined> {
  // The Home tab still shows the list while the store cannot answer, without the news.
  return deps.watchState ? ((await deps.watchState.read().catch(() => null))?.recent ?? []) : undefined;
}

/** A page of the Home tab (the list cached unless `fresh`), or why it could not be loaded; with its audit fields. */
export async function homeScreen(
  deps: InvitesDeps,
  pageIndex: number,
  options: ListOptions = {},
): Promise<{ tab: HomeTab; audit: { outcome: string; routine: boolean } & Record<string, unknown> }> {
  try {
    const list = await loadHome(deps.directory, pageIndex, deps.now(), options);
    const recent = await recentActivityOf(deps);
    return {
      tab: renderHome({ ...list, now: deps.now(), ...(recent ? { recent } : {}) }),
      audit: { outcome: 'ok', routine: true, page: list.page.pageIndex, shown: list.page.rows.length, total: list.page.total },
    };
  } catch (err) {
    return {
      tab: renderHomeFailure(err, { pageIndex }),
      audit: { outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error', routine: false, error: err },
    };
  }
}
