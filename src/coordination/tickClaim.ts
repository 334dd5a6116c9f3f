import type { Coordination } from './coordination';

/** A claimed tick is kept a day: long after any replica could still be late for it. */
export const TICK_CLAIM_MS = 24 * 3_600_000;

/**
 * A scheduled job that every replica runs on the same schedule but that is done once per
 * occurrence across them: each replica asks to claim the occurrence (the scheduled time itself,
 * the same on every replica), only the first is told yes, and a late replica cannot do it again.
 */
export function claimOncePerTick(coordination: Coordination, job: string, keepMs = TICK_CLAIM_MS): (tick: Date) => Promise<boolean> {
  return (tick) => coordination.claimOnce(`${job}:${tick.toISOString()}`, keepMs);
}
