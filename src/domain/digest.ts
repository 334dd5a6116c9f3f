import { addMilliseconds, isBefore } from 'date-fns';
import type { Invitation } from '../vultr/invitation';
import { gapsOf, type InvitationDirectory, type ListGaps } from './directory';
import { selectPending } from './listing';

/** Pending invitations that need attention, grouped for the reminder digest. */
export interface Digest {
  expired: Invitation[];
  expiringSoon: Invitation[];
  /** "Expiring soon" means within this many milliseconds of `asOf`. */
  withinMs: number;
  asOf: Date;
  /** What the list Vultr gave lacks (skipped rows, an early stop); absent when nothing. */
  gaps?: ListGaps;
}

/** Already expired, or expiring within `withinMs`; each group soonest first. Unknown expirations are left out. */
export function selectDue(invitations: readonly Invitation[], now: Date, withinMs: number): Digest {
  const horizon = addMilliseconds(now, withinMs);
  const pending = selectPending(invitations, '');
  return {
    expired: pending.filter((inv) => inv.expiresAt !== null && !isBefore(now, inv.expiresAt)),
    expiringSoon: pending.filter((inv) => inv.expiresAt !== null && isBefore(now, inv.expiresAt) && isBefore(inv.expiresAt, horizon)),
    withinMs,
    asOf: now,
  };
}

export function digestSize(digest: Digest): number {
  return digest.expired.length + digest.expiringSoon.length;
}

export async function loadDigest(directory: InvitationDirectory, now: Date, withinMs: number): Promise<Digest> {
  const list = await directory.listInvitations();
  const gaps = gapsOf(list);
  return { ...selectDue(list.invitations, now, withinMs), ...(gaps ? { gaps } : {}) };
}
