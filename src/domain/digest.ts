import { addMilliseconds } from 'date-fns/addMilliseconds';
import { isBefore } from 'date-fns/isBefore';
import type { Invitation } from '../vultr/invitation';
import { gapsOf, type InvitationDirectory, type ListGaps } from './directory';
import { selectPending } from './listing';
import type { GroupsOfRows, RowGroups } from './rowGroups';

/** Rows in one digest message: at most 10 other blocks (header, counts, notice, two headings, dividers, overflow, Resend all) leave room for 40; 36 keeps a margin under Slack's 50. */
export const MAX_DIGEST_ROWS = 36;

/** Pending invitations that need attention, grouped for the reminder digest. */
export interface Digest {
  expired: Invitation[];
  expiringSoon: Invitation[];
  /** "Expiring soon" means within this many milliseconds of `asOf`. */
  withinMs: number;
  asOf: Date;
  /** What the list Vultr gave lacks (skipped rows, an early stop); absent when nothing. */
  gaps?: ListGaps;
  /** The group each shown row's acceptance will grant (only the rows the message has room for are looked up). */
  groups?: RowGroups;
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

/** The rows one digest message shows, in its order: the expired ones, then those expiring soon, at most MAX_DIGEST_ROWS. */
export function shownRows(digest: Pick<Digest, 'expired' | 'expiringSoon'>): Invitation[] {
  return [...digest.expired, ...digest.expiringSoon].slice(0, MAX_DIGEST_ROWS);
}

export async function loadDigest(directory: InvitationDirectory, groupsOf: GroupsOfRows, now: Date, withinMs: number): Promise<Digest> {
  const list = await directory.listInvitations();
  const gaps = gapsOf(list);
  const due = selectDue(list.invitations, now, withinMs);
  return { ...due, ...(gaps ? { gaps } : {}), groups: await groupsOf(shownRows(due)) };
}
