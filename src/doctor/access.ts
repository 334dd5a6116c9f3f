import { plural } from '../util/plural';
import { fail, needsBot, ok, type Check } from './check';
import { slackErrorOf } from '../platform/slackError';
import type { DoctorSlack } from './slackApi';

const NAME = 'Access rules';

/** Who may use the bot, and whether every configured user and the user group really exist. */
export const checkAccess: Check = async ({ config, slack, bot }) => {
  const { allowedUsers, allowedUsergroup } = config.access;
  if (allowedUsers.length === 0 && allowedUsergroup === undefined) {
    return ok(NAME, 'workspace admins and owners (INVITES_ALLOWED_USERS and INVITES_ALLOWED_USERGROUP are unset)');
  }
  if (bot === undefined) return needsBot(NAME);
  const problems = (await Promise.all(allowedUsers.map((id) => userProblem(slack, id)))).filter((p): p is string => p !== undefined);
  if (allowedUsergroup !== undefined) {
    const groupProblem = await usergroupProblem(slack, allowedUsergroup);
    if (groupProblem !== undefined) problems.push(groupProblem);
  }
  if (problems.length > 0) {
    return fail(
      NAME,
      problems.join('; '),
      "fix the IDs in INVITES_ALLOWED_USERS / INVITES_ALLOWED_USERGROUP (profile → ⋮ → Copy member ID; a user group's ID starts with S)",
    );
  }
  return ok(NAME, describe(allowedUsers.length, allowedUsergroup));
};

function describe(users: number, usergroup: string | undefined): string {
  const parts = [...(users > 0 ? [plural(users, 'listed user')] : []), ...(usergroup ? [`members of user group ${usergroup}`] : [])];
  return parts.join(' and ');
}

async function userProblem(slack: DoctorSlack, id: string): Promise<string | undefined> {
  try {
    return (await slack.user(id)).deleted ? `${id} is deactivated` : undefined;
  } catch (err) {
    const error = slackErrorOf(err);
    return error === 'user_not_found' ? `no user ${id} in this workspace` : `could not look up ${id} (${error})`;
  }
}

async function usergroupProblem(slack: DoctorSlack, id: string): Promise<string | undefined> {
  try {
    const members = await slack.usergroupMembers(id);
    return members.length === 0 ? `user group ${id} has no members` : undefined;
  } catch (err) {
    const error = slackErrorOf(err);
    return error === 'no_such_subteam' ? `no user group ${id} in this workspace` : `could not look up user group ${id} (${error})`;
  }
}
