import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import { describeError, type Logger } from '../util/log';
import { slackErrorOf } from './slackError';
import { withinBudget } from '../util/withinBudget';

export type AccessDecision = { allowed: true } | { allowed: false; reason: 'not_allowed' | 'check_failed' | 'misconfigured' };

export interface AccessRules {
  allowedUsers: readonly string[];
  allowedUsergroup: string | undefined;
}

/**
 * How long a check may take where Slack gives the person 3 s (a modal's trigger, a form's ack):
 * past it the answer is "could not check" rather than a lost window.
 */
export const ACCESS_BUDGET_MS = 1_200;

/** How long a user group's member list or a user's admin flag is trusted. */
export const ACCESS_CACHE_MS = 60_000;

/**
 * Slack errors that no retry will fix: the bot's setup is wrong (a free plan has no user groups,
 * the group id is wrong, a scope is missing). People are told the bot is misconfigured, not to
 * try again in a minute.
 */
const SETUP_ERRORS = new Set([
  'plan_upgrade_required',
  'no_such_subteam',
  'subteam_not_found',
  'missing_scope',
  'not_allowed_token_type',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'no_permission',
  'team_access_not_granted',
]);

/**
 * Who may list and resend: the users in INVITES_ALLOWED_USERS, the members of
 * INVITES_ALLOWED_USERGROUP, or, when neither is configured, the admins and owners of the bot's
 * own workspace (an admin of another workspace in a shared channel is not one of them). Checked
 * on every request that can reach Vultr. Answers are kept for a minute; concurrent first lookups
 * share one Slack call; a failed lookup refuses (fails closed) and is not kept.
 */
export class AccessPolicy {
  private readonly groupMembers: LRUCache<string, Set<string>>;
  private readonly adminFlags: LRUCache<string, { admin: boolean }>;

  constructor(
    client: WebClient,
    private readonly rules: AccessRules,
    private readonly teamId: string,
    private readonly logger: Logger,
  ) {
    this.groupMembers = new LRUCache({
      max: 1,
      ttl: ACCESS_CACHE_MS,
      fetchMethod: async (usergroup) => new Set((await client.usergroups.users.list({ usergroup })).users ?? []),
    });
    this.adminFlags = new LRUCache({
      max: 10_000,
      ttl: ACCESS_CACHE_MS,
      fetchMethod: async (user) => {
        const { user: info } = await client.users.info({ user });
        const ownWorkspace = info?.team_id === undefined || info.team_id === this.teamId;
        return { admin: ownWorkspace && (info?.is_admin === true || info?.is_owner === true) };
      },
    });
  }

  /** `check` within `budgetMs`; a slower Slack refuses (fails closed) as a failed check does. */
  checkWithin(userId: string, budgetMs: number): Promise<AccessDecision> {
    return withinBudget(this.check(userId), budgetMs, { allowed: false, reason: 'check_failed' });
  }

  async check(userId: string): Promise<AccessDecision> {
    try {
      if (this.rules.allowedUsers.includes(userId)) return { allowed: true };
      if (this.rules.allowedUsergroup !== undefined) {
        const members = await this.groupMembers.forceFetch(this.rules.allowedUsergroup);
        return members.has(userId) ? { allowed: true } : { allowed: false, reason: 'not_allowed' };
      }
      if (this.rules.allowedUsers.length > 0) return { allowed: false, reason: 'not_allowed' };
      return (await this.adminFlags.forceFetch(userId)).admin ? { allowed: true } : { allowed: false, reason: 'not_allowed' };
    } catch (err) {
      const described = describeError(err);
      const misconfigured = SETUP_ERRORS.has(slackErrorOf(err));
      this.logger[misconfigured ? 'error' : 'warn']('access check failed', {
        event: 'access_check',
        user: userId,
        outcome: misconfigured ? 'misconfigured' : 'check_failed',
        ...described,
      });
      return { allowed: false, reason: misconfigured ? 'misconfigured' : 'check_failed' };
    }
  }
}
