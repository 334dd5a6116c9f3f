import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { InvitesDeps } from '../deps';
import { describeError } from '../util/log';
import { withinBudget } from '../util/withinBudget';
import { groupSuggestions } from '../views/groupChoice';

/** Slack shows an external select's options only if they come within 3 s. */
const SEARCH_BUDGET_MS = 2000;

/**
 * The group search of a form (an external select, for organizations with more than 100 groups):
 * the groups whose name holds what the person typed. Only for people who may invite; Vultr
 * failing or slow answers with no options (the select says none match), and one log line.
 */
export function groupSearch(deps: InvitesDeps) {
  return async ({ ack, body, options }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const allowed = await deps.access.checkWithin(user, SEARCH_BUDGET_MS / 2);
    if (!allowed.allowed) {
      await ack({ options: [] });
      return;
    }
    const groups = await withinBudget(
      deps.groups.list().catch((err: unknown) => {
        deps.logger.warn('group search failed', { event: 'invite', user, outcome: 'groups_unreadable', ...describeError(err) });
        return null;
      }),
      SEARCH_BUDGET_MS / 2,
      null,
    );
    await ack({ options: groups === null ? [] : groupSuggestions(groups, options.value) });
  };
}
