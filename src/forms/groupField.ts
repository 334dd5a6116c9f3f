import type { InvitesDeps } from '../deps';
import { findGroup } from '../domain/groupCatalog';
import type { GroupRef } from '../domain/groupGrants';
import { withinBudget } from '../util/withinBudget';
import { NO_GROUP, type GroupChoices } from '../views/groupChoice';
import { isVultrError } from '../vultr/errors';

/** The group field every form shares (invite, request, another group after a failed grant): what it offers and what a submission chose. */

/** How long the submit waits for Vultr's groups to check the chosen one. */
const GROUP_CHECK_BUDGET_MS = 1000;

/** The form's group choices: Vultr's groups with the default preselected, or why there are none. */
export async function groupChoicesWithin(deps: InvitesDeps, budgetMs: number): Promise<GroupChoices> {
  const read = deps.groups.list().then(
    (groups): GroupChoices => {
      const preselected = findGroup(groups, deps.defaultGroup);
      return { kind: 'listed', groups, ...(preselected ? { preselected } : {}) };
    },
    (err: unknown): GroupChoices => ({ kind: 'unavailable', problem: isVultrError(err) ? err.kind.replace('_', ' ') : 'an error' }),
  );
  return withinBudget(read, budgetMs, { kind: 'unavailable', problem: 'Vultr did not answer in time' });
}

export type GroupPick = { ok: true; group: GroupRef | undefined } | { ok: false; problem: string };

/** The submitted group, checked against the organization's: a value that names none of them is refused. */
export async function chosenGroup(deps: InvitesDeps, value: string | null): Promise<GroupPick> {
  if (value === null || value === NO_GROUP) return { ok: true, group: undefined };
  const groups = await withinBudget(deps.groups.list(), GROUP_CHECK_BUDGET_MS, null);
  if (groups === null)
    return { ok: false, problem: 'Vultr’s groups could not be read to check this choice. Try again, or choose No group.' };
  const group = groups.find((g) => g.id === value);
  return group ? { ok: true, group } : { ok: false, problem: 'That is not one of your organization’s groups (any more). Choose another.' };
}
