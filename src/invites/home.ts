import type { InvitationPage } from './listing';
import { expiredOf, pageOf, selectPending } from './listing';
import type { ResendRequest } from './resend';
import { resendThenReload, type BatchResult, type InvitationDirectory, type Reloaded, type ResendContext, type ResendDeps } from './service';
import { countByUrgency, type UrgencyCounts } from './urgency';

/** Rows per Home tab page: with header, counts, notice and navigation this stays far below a view's 100 blocks. */
export const HOME_ROWS_PER_PAGE = 40;

/** What the Home tab shows: one page of every pending invitation, and counts by urgency over all of them. */
export interface HomeList {
  page: InvitationPage;
  counts: UrgencyCounts;
}

export async function loadHome(directory: InvitationDirectory, pageIndex: number, now: Date): Promise<HomeList> {
  const pending = selectPending(await directory.listInvitations(), '');
  return {
    page: { ...pageOf(pending, pageIndex, '', HOME_ROWS_PER_PAGE), expired: expiredOf(pending, now) },
    counts: countByUrgency(
      pending.map((inv) => inv.expiresAt),
      now,
    ),
  };
}

/** A Resend (or Resend all) click in the Home tab: the Home page it came from is reloaded. */
export async function resendFromHome(
  deps: ResendDeps,
  context: ResendContext,
  requests: readonly ResendRequest[],
  pageIndex: number,
): Promise<{ result: BatchResult; list: Reloaded<HomeList> }> {
  const { result, reloaded } = await resendThenReload(deps, context, requests, () => loadHome(deps.directory, pageIndex, deps.now()));
  return { result, list: reloaded };
}
