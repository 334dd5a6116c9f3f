import { describeError, type Logger } from '../util/log';
import type { Invitation } from '../vultr/invitation';
import { intentsOf, type GroupGrants, type GroupRef } from './groupGrants';

/** The group each shown row's acceptance will grant, by invitation id; rows without one are absent. */
export type RowGroups = ReadonlyMap<string, GroupRef>;

/** Looks up the intended groups of the rows about to be shown (one page: never the whole list). */
export type GroupsOfRows = (rows: readonly Invitation[]) => Promise<RowGroups>;

/**
 * The lookup over the store's intents. Only a waiting intent is shown: a closed one (expired,
 * granted) grants nothing any more, and a failed one waits for Retry. The groups are an extra on
 * the rows, so a store that does not answer costs them, not the list: one warn line, no groups.
 */
export function groupsOfRows(grants: GroupGrants, logger: Logger): GroupsOfRows {
  return async (rows) => {
    try {
      const intents = await intentsOf(
        grants,
        rows.map((inv) => inv.id),
      );
      return new Map([...intents].filter(([, intent]) => intent.state.kind === 'waiting').map(([id, intent]) => [id, intent.group]));
    } catch (err) {
      logger.warn('intended groups not shown: the store did not answer', {
        event: 'grants',
        outcome: 'store_unavailable',
        rows: rows.length,
        ...describeError(err),
      });
      return new Map();
    }
  };
}
