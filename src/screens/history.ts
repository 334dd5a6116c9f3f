import { loadHistoryPage, retentionCutoff, type HistoryCursor } from '../domain/history';
import type { InvitesDeps } from '../deps';
import { StoreUnavailableError } from '../coordination/coordination';
import { renderHistory, renderHistoryFailure } from '../views/history';
import type { SlackMessage } from '../views/message';

/** What `/invites history` and its Older button show, with the audit line's outcome. */
export interface HistoryScreen {
  message: SlackMessage;
  audit: { outcome: string; routine: boolean } & Record<string, unknown>;
}

/** A page of the history (the first without a cursor), or why it could not be read. */
export async function historyScreen(deps: InvitesDeps, filter: string, cursor?: HistoryCursor): Promise<HistoryScreen> {
  try {
    const since = retentionCutoff(deps.now(), deps.historyDays);
    const page = await loadHistoryPage(deps.history.log, deps.directory, { filter, since, ...(cursor ? { cursor } : {}) });
    return {
      message: renderHistory({ page, filter, historyDays: deps.historyDays }),
      audit: {
        outcome: 'ok',
        routine: page.vultrError === undefined,
        shown: page.entries.length,
        ...(page.vultrError ? { vultr_error: page.vultrError.kind } : {}),
      },
    };
  } catch (err) {
    return {
      message: renderHistoryFailure(err),
      audit: { outcome: err instanceof StoreUnavailableError ? 'store_unavailable' : 'error', routine: false, error: err },
    };
  }
}
