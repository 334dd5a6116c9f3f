import type { WebClient } from '@slack/web-api';
import { describeError, type Logger } from '../log';

export type AccessDecision = { allowed: true } | { allowed: false; reason: 'not_allowed' | 'check_failed' };

export interface AccessRules {
  allowedUsers: readonly string[];
  allowedUsergroup: string | undefined;
}

interface Cached<T> {
  value: T;
  expiresAt: number;
}

/** How long a user group's member list or a user's admin flag is trusted. */
export const ACCESS_CACHE_MS = 60_000;

/**
 * Who may list and resend: the users in INVITES_ALLOWED_USERS, the members of
 * INVITES_ALLOWED_USERGROUP, or, when neither is configured, the workspace's admins and owners.
 * Checked on every request that can reach Vultr. A failed lookup refuses (fails closed) and is
 * not cached, so the next click asks Slack again.
 */
export class AccessPolicy {
  private groupMembers: Cached<ReadonlySet<string>> | undefined;
  private readonly adminFlags = new Map<string, Cached<boolean>>();

  constructor(
    private readonly client: WebClient,
    private readonly rules: AccessRules,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  async check(userId: string): Promise<AccessDecision> {
    try {
      if (this.rules.allowedUsers.includes(userId)) return { allowed: true };
      if (this.rules.allowedUsergroup !== undefined) {
        const members = await this.usergroupMembers(this.rules.allowedUsergroup);
        return members.has(userId) ? { allowed: true } : { allowed: false, reason: 'not_allowed' };
      }
      if (this.rules.allowedUsers.length > 0) return { allowed: false, reason: 'not_allowed' };
      return (await this.isAdmin(userId)) ? { allowed: true } : { allowed: false, reason: 'not_allowed' };
    } catch (err) {
      this.logger.warn('access check failed', { event: 'access_check', user: userId, ...describeError(err) });
      return { allowed: false, reason: 'check_failed' };
    }
  }

  private async usergroupMembers(usergroup: string): Promise<ReadonlySet<string>> {
    if (this.groupMembers && this.groupMembers.expiresAt > this.clock()) return this.groupMembers.value;
    const result = await this.client.usergroups.users.list({ usergroup });
    const members = new Set(result.users ?? []);
    this.groupMembers = { value: members, expiresAt: this.clock() + ACCESS_CACHE_MS };
    return members;
  }

  private async isAdmin(userId: string): Promise<boolean> {
    const cached = this.adminFlags.get(userId);
    if (cached && cached.expiresAt > this.clock()) return cached.value;
    const result = await this.client.users.info({ user: userId });
    const admin = result.user?.is_admin === true || result.user?.is_owner === true;
    this.adminFlags.set(userId, { value: admin, expiresAt: this.clock() + ACCESS_CACHE_MS });
    return admin;
  }
}
