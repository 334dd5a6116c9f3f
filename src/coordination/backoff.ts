import { setTimeout as sleep } from 'node:timers/promises';

/** The pauses of a poll or retry loop: `firstMs`, doubling up to `maxMs`. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/**
 * What every coordination loop uses: the first look comes soon (most holders finish in
 * milliseconds), later ones a few times a second (a slow holder is not polled hard).
 */
export const POLL_BACKOFF: Backoff = { firstMs: 20, maxMs: 250 };

/**
 * The pause before look number `attempt` (from 0): the lower half fixed, the upper half random
 * ("equal jitter"), so replicas waiting on the same key spread out instead of polling in step.
 */
export function backoffDelay(attempt: number, { firstMs, maxMs }: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, firstMs * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * Asks `probe` until it gives a value (anything but undefined), pausing by `backoff` in between;
 * undefined once `waitMs` has passed. The last look is at the bound, never past it.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  waitMs: number,
  backoff: Backoff = POLL_BACKOFF,
): Promise<T | undefined> {
  const giveUpAt = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    const left = giveUpAt - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(left, backoffDelay(attempt, backoff)));
  }
}
