import type { RawUser } from './schemas';

/** An IAM group of the organization as the rest of the app sees it (docs/vultr-api.md, IAM groups and users). */
export interface VultrGroup {
  id: string;
  name: string;
  description: string | null;
}

/** A user of the organization (a person who accepted an invitation, or an account user). */
export interface VultrUser {
  id: string;
  email: string;
  name: string | null;
}

/** What the bot needs of Vultr IAM; VultrClient implements it. */
export interface GroupDirectory {
  /** Every group of the organization (all pages of GET /v2/groups), sorted by name. */
  listGroups(): Promise<VultrGroup[]>;
  /** The org user with this e-mail (case-insensitive, trimmed), paging GET /v2/users; null when not listed. */
  findUserByEmail(email: string): Promise<VultrUser | null>;
  /** Ids of the groups the user belongs to (GET /v2/users/{user-id}/groups, all pages). */
  userGroupIds(userId: string): Promise<string[]>;
  /** POST /v2/groups/{group-id}/members {"user_id", "display_name"}; never retried blindly (a retry must check membership first). */
  addGroupMember(groupId: string, user: VultrUser): Promise<void>;
}

/** Group names as a person scans a picker: case-insensitive, ties kept apart by id so the order is stable. */
export function sortedByName(groups: readonly VultrGroup[]): VultrGroup[] {
  return [...groups].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}

/** E-mail addresses compare trimmed and case-insensitively: Vultr's casing of an address is not documented. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The user an invitation became, if listed. Service users are API identities that nobody
 * invites, so one sharing the address is never taken for the person.
 */
export function matchUser(users: readonly RawUser[], email: string): VultrUser | null {
  const wanted = normalEmail(email);
  const found = users.find((user) => !user.serviceUser && normalEmail(user.email) === wanted);
  return found ? { id: found.id, email: found.email, name: found.name } : null;
}

/** Vultr's guide sends a display name with the user id; a user without a name is named by the address. */
export function memberDisplayName(user: VultrUser): string {
  return user.name?.trim() || user.email;
}

/**
 * Whether Vultr refused an add because the user already is a member. Undocumented, so only a
 * 4xx whose message says "already" counts ("does not exist" must not).
 */
export function saysAlreadyMember(vultrMessage: string | undefined): boolean {
  return /\balready\b/i.test(vultrMessage ?? '');
}
