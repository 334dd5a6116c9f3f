import { isVultrError, type VultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';

export interface ListOptions {
  /** Load from Vultr now (joining a load already under way), never from what was kept. */
  fresh?: boolean;
}

/** Where the invitations come from (the Vultr client, or a cache in front of it; an interface so tests can count calls). */
export interface InvitationDirectory {
  listInvitations(options?: ListOptions): Promise<Invitation[]>;
}

/** What a surface shows after a resend, or the Vultr failure that kept it from being reloaded. */
export type Reloaded<T> = { data: T } | { error: VultrError };

export async function reload<T>(load: () => Promise<T>): Promise<Reloaded<T>> {
  try {
    return { data: await load() };
  } catch (err) {
    if (!isVultrError(err)) throw err;
    return { error: err };
  }
}
