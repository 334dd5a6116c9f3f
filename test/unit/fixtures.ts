import type { GroupsOfRows } from '../../src/domain/rowGroups';
import type { Invitation } from '../../src/vultr/invitation';

/** Shared builders for the unit tests (not a test file itself). */

export const NOW = new Date('2026-04-10T12:00:00Z');

/** The lookup of rows' intended groups when no invitation has one. */
export const noGroups: GroupsOfRows = () => Promise.resolve(new Map());

export const hours = (n: number): number => n * 60 * 60 * 1000;
export const days = (n: number): number => hours(24 * n);

/** A Date `ms` milliseconds after NOW (negative for the past). */
export const fromNow = (ms: number, now: Date = NOW): Date => new Date(now.getTime() + ms);

export function invitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 'inv-0001',
    emailInvited: 'bob@example.com',
    inviterName: 'Dana Admin',
    inviterEmail: 'dana@example.com',
    statusLabel: 'Pending',
    isPending: true,
    createdAt: fromNow(-days(1)),
    expiresAt: fromNow(days(2)),
    respondedAt: null,
    ...overrides,
  };
}

/** `count` pending invitations with distinct ids, e-mails and expirations one hour apart. */
export function manyInvitations(count: number): Invitation[] {
  return Array.from({ length: count }, (_, i) =>
    invitation({
      id: `inv-${String(i).padStart(4, '0')}`,
      emailInvited: `user${String(i).padStart(4, '0')}@example.com`,
      expiresAt: fromNow(hours(i + 1)),
    }),
  );
}

export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
