import type { InvitesDeps } from '../deps';
import type { ActionSpec } from '../platform/pipeline/pipeline';
import type { EphemeralScreen } from '../platform/surfaces/ephemeral';
import { historyScreen, type HistoryScreen } from '../screens/history';
import { decodeHistoryValue, type HistoryValue } from '../views/actionPayloads';

/** **Older** under `/invites history`: the next page below the last one shown, with the same filter. */
export const historyOlder: ActionSpec<InvitesDeps, HistoryValue, HistoryScreen> = {
  name: 'history_older',
  decode: decodeHistoryValue,
  run: (deps, { value }) => historyScreen(deps, value.q, { seq: value.s, at: value.t }),
  audit: ({ audit: { outcome, routine, ...fields } }) => ({ outcome, routine, fields }),
};

/** The older page replaces the one shown, as the list's paging does. */
export const historyOnList: EphemeralScreen<InvitesDeps, HistoryValue, HistoryScreen> = (_deps, _request, shown) =>
  Promise.resolve({ message: shown.message, replace: true });
