import { addHours } from 'date-fns/addHours';
import { isBefore } from 'date-fns/isBefore';

export type Urgency = 'expired' | 'soon' | 'fine' | 'unknown';

/** How far ahead an expiration counts as "expires soon" in the list. */
export const SOON_WITHIN_HOURS = 24;

export function urgencyOf(expiresAt: Date | null, now: Date): Urgency {
  if (expiresAt === null) return 'unknown';
  if (!isBefore(now, expiresAt)) return 'expired';
  return isBefore(expiresAt, addHours(now, SOON_WITHIN_HOURS)) ? 'soon' : 'fine';
}

export type UrgencyCounts = Record<Urgency, number>;

/** How many invitations fall in each urgency, for summaries such as the Home tab's. */
export function countByUrgency(expirations: Iterable<Date | null>, now: Date): UrgencyCounts {
  const counts: UrgencyCounts = { expired: 0, soon: 0, fine: 0, unknown: 0 };
  for (const expiresAt of expirations) counts[urgencyOf(expiresAt, now)] += 1;
  return counts;
}
