import { backoffDelay, pollUntil, POLL_BACKOFF } from '../../src/coordination/backoff';

describe('backoff', () => {
  const policy = { firstMs: 20, maxMs: 160 };

  it('doubles from firstMs up to maxMs, the upper half of each pause random', () => {
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([10, 20, 40, 80, 80, 80]);
    expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, policy, () => 1))).toEqual([20, 40, 80, 160, 160, 160]);
    for (let i = 0; i < 100; i++) {
      const pause = backoffDelay(2, policy);
      expect(pause).toBeGreaterThanOrEqual(40);
      expect(pause).toBeLessThanOrEqual(80);
    }
    expect(backoffDelay(1000, POLL_BACKOFF)).toBeLessThanOrEqual(POLL_BACKOFF.maxMs);
  });

  it('polls until the probe gives a value, pausing more each time', async () => {
    const at: number[] = [];
    const started = Date.now();
    const found = await pollUntil(
      () => {
        at.push(Date.now() - started);
        return Promise.resolve(at.length === 4 ? 'free' : undefined);
      },
      5_000,
      policy,
    );
    expect(found).toBe('free');
    const pauses = at.slice(1).map((t, i) => t - at[i]!);
    expect(pauses[0]).toBeGreaterThanOrEqual(9);
    expect(pauses[2]).toBeGreaterThanOrEqual(39);
  });

  it('gives up at its bound with undefined, the last look at the bound and not past it', async () => {
    let looks = 0;
    const started = Date.now();
    const found = await pollUntil(
      () => {
        looks += 1;
        return Promise.resolve(undefined);
      },
      100,
      policy,
    );
    expect(found).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(99);
    expect(Date.now() - started).toBeLessThan(200);
    expect(looks).toBeGreaterThanOrEqual(3);
  });
});
