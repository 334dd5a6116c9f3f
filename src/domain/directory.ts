import { isVultrError, type VultrError } from '../vultr/errors';
import type { InvitationList } from '../vultr/invitation';

export interface ListOptions {
  /** Load from Vultr now (joining a load already under way), never from what was kept. */
  fresh?: boolean;
}

/** Where the invitations come from (the Vultr client, or a cache in front of it; an interface so tests can count calls). */
export interface InvitationDirectory {
  listInvitations(options?: ListOptions): Promise<InvitationList>;
}

/** What a shown list may lack, so every surface can say so instead of showing a count that lies. */
export interface ListGaps {
  /** Rows Vultr sent that could not be shown or resent safely (malformed), left out. */
  skipped: number;
  /** Why the list stopped early, with how many invitations were read before; absent when it is whole. */
  incomplete?: { reason: string; read: number };
}

/** The gaps of a list read from Vultr, or undefined when it is whole and nothing was skipped. */
export function gapsOf(list: InvitationList): ListGaps | undefined {
  if (list.complete && list.skipped === 0) return undefined;
  return { skipped: list.skipped, ...(list.complete ? {} : { incomplete: { reason: list.reason, read: list.invitations.length } }) };
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
