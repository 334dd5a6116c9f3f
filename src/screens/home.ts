import { loadHome } from '../domain/homeList';
import type { ListOptions } from '../domain/directory';
import type { StoredAuditRecord } from '../coordination/auditLog';
import type { InvitesDeps } from '../deps';
import { isVultrError } from '../vultr/errors';
import { renderHome, renderHomeFailure, type HomeTab } from '../views/homeTab';

/** Records the Home tab's "Recent activity" shows. */
export const RECENT_ACTIVITY_RECORDS = 8;

/** The history's newest records for the Home tab; null while the store cannot answer (the list is still shown). */
export function recentActivityOf(deps: InvitesDeps): Promise<readonly StoredAuditRecord[] | null> {
  return deps.history.recent(RECENT_ACTIVITY_RECORDS);
}

/** A page of the Home tab (the list cached unless `fresh`), or why it could not be loaded; with its audit fields. */
export async function homeScreen(
  deps: InvitesDeps,
  pageIndex: number,
  options: ListOptions = {},
): Promise<{ tab: HomeTab; audit: { outcome: string; routine: boolean } & Record<string, unknown> }> {
  try {
    const list = await loadHome(deps.directory, deps.rowGroups, pageIndex, deps.now(), options);
    const recent = await recentActivityOf(deps);
    return {
      tab: renderHome({ ...list, now: deps.now(), recent }),
      audit: { outcome: 'ok', routine: true, page: list.page.pageIndex, shown: list.page.rows.length, total: list.page.total },
    };
  } catch (err) {
    return {
      tab: renderHomeFailure(err, { pageIndex }),
      audit: { outcome: isVultrError(err) ? `vultr_${err.kind}` : 'error', routine: false, error: err },
    };
  }
}
