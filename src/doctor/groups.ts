import { isVultrError } from '../vultr/errors';
import { plural } from '../util/plural';
import { findGroup } from '../domain/groupCatalog';
import { oneLine } from '../views/mrkdwn';
import { fail, ok, warn, type Check } from './check';

const NAME = 'Groups';

/**
 * Whether the key can list the organization's IAM groups: without that no inviter can pick the
 * group a new member joins, and members keep joining with no access at all.
 */
export const checkGroups: Check = async ({ vultr, config }) => {
  try {
    const groups = await vultr.listGroups();
    if (config.defaultGroup === undefined) return ok(NAME, `${plural(groups.length, 'group')} readable`);
    const preselected = findGroup(groups, config.defaultGroup);
    return preselected
      ? ok(NAME, `${plural(groups.length, 'group')} readable; the form preselects ${oneLine(preselected.name)} (INVITES_DEFAULT_GROUP)`)
      : fail(
          NAME,
          `INVITES_DEFAULT_GROUP names no group of the organization (${plural(groups.length, 'group')} readable)`,
          'set it to a group id or display name from the Vultr console (Account → Users → Groups), or remove it',
        );
  } catch (err) {
    if (!isVultrError(err)) throw err;
    if (err.kind === 'auth' && err.status === 403) {
      return fail(
        NAME,
        'Vultr refused to list the groups (403)',
        "give the API key's user the iam.group.List permission in the organization (or all of iam.group.*, which adding members needs too), or use the root user's key",
      );
    }
    if (err.kind === 'auth') {
      return fail(
        NAME,
        `Vultr refused the key (${err.status ?? 'auth'})`,
        'fix the "Vultr API key" line first, then run `npm run doctor` again',
      );
    }
    return warn(NAME, `could not list the groups: ${err.message}`, 'run `npm run doctor` again; if it persists, check status.vultr.com');
  }
};
