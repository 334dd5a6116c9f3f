export type Urgency = 'expired' | 'soon' | 'fine' | 'unknown';

/** How far ahead an expiration counts as "expires soon" in the list. */
export const SOON_WITHIN_HOURS = 24;

const SOON_WITHIN_MS = SOON_WITHIN_HOURS * 3600_000;

/** Expired from the very millisecond of its expiration. On numbers: it runs for every row of a list of 10,000. */
export function urgencyOf(expiresAt: Date | null, now: Date): Urgency {
  if (expiresAt === null) return 'unknown';
  const [at, nowMs] = [expiresAt.getTime(), now.getTime()];
  if (at <= nowMs) return 'expired';
  return at < nowMs + SOON_WITHIN_MS ? 'soon' : 'fine';
}

export type UrgencyCounts = Record<Urgency, number>;

/** How many invitations fall in each urgency, for summaries such as the Home tab's. */
export function countByUrgency(expirations: Iterable<Date | null>, now: Date): UrgencyCounts {
  const counts: UrgencyCounts = { expired: 0, soon: 0, fine: 0, unknown: 0 };
  for (const expiresAt of expirations) counts[urgencyOf(expiresAt, now)] += 1;
  return counts;
}
