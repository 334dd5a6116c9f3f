import { addHours, isBefore } from 'date-fns';

export type Urgency = 'expired' | 'soon' | 'fine' | 'unknown';

/** How far ahead an expiration counts as "expires soon" in the list. */
export const SOON_WITHIN_HOURS = 24;

export function urgencyOf(expiresAt: Date | null, now: Date, soonWithinHours = SOON_WITHIN_HOURS): Urgency {
  if (expiresAt === null) return 'unknown';
  if (!isBefore(now, expiresAt)) return 'expired';
  return isBefore(expiresAt, addHours(now, soonWithinHours)) ? 'soon' : 'fine';
}
