import { gapsOf, type InvitationDirectory, type ListOptions } from './directory';
import { expiredOf, pageOf, selectPending, type InvitationPage } from './listing';
import type { GroupsOfRows } from './rowGroups';
import { countByUrgency, type UrgencyCounts } from './urgency';

/** Rows per Home tab page: with header, counts, notice and navigation this stays far below a view's 100 blocks. */
export const HOME_ROWS_PER_PAGE = 40;

/** What the Home tab shows: one page of every pending invitation, and counts by urgency over all of them. */
export interface HomeList {
  page: InvitationPage;
  counts: UrgencyCounts;
}

export async function loadHome(
  directory: InvitationDirectory,
  groupsOf: GroupsOfRows,
  pageIndex: number,
  now: Date,
  options: ListOptions = {},
): Promise<HomeList> {
  const list = await directory.listInvitations(options);
  const pending = selectPending(list.invitations, '');
  const gaps = gapsOf(list);
  const page = pageOf(pending, pageIndex, '', HOME_ROWS_PER_PAGE);
  return {
    page: { ...page, expired: expiredOf(pending, now), ...(gaps ? { gaps } : {}), groups: await groupsOf(page.rows) },
    counts: countByUrgency(
      pending.map((inv) => inv.expiresAt),
      now,
    ),
  };
}
