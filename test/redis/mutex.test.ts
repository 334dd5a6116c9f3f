import { setTimeout as sleep } from 'node:timers/promises';
import type { Coordination } from '../../src/coordination/coordination';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import { ClusterMutex } from '../../src/coordination/mutex';
import { CoordinationTimeoutError } from '../../src/coordination/timeout';
import { useRedisReplicas } from '../support/redisCoordination';
import { describeWithRedis, useRedisServer } from '../support/redisServer';

/** Short enough to keep the suite fast, long enough for a refresh (every TTL/2) to land in time on a busy machine (150 ms was seen to miss under load). */
const TTL = 500;

/** The same behaviour on whichever store the two replicas share. */
function mutexContract(replicas: () => Promise<[Coordination, Coordination]>) {
  it('try-once: a second taker is refused while the lock is held, and gets it once it is released', async () => {
    const [a, b] = await replicas();
    const held = await new ClusterMutex(a, { ttlMs: TTL }).tryLock('job');
    expect(held).not.toBeNull();
    expect(await new ClusterMutex(b, { ttlMs: TTL }).tryLock('job')).toBeNull();
    await held!.release();
    await held!.release(); // twice is harmless
    const next = await new ClusterMutex(b, { ttlMs: TTL }).tryLock('job');
    expect(next).not.toBeNull();
    await next!.release();
  });

  it('refreshes the lease while a slow holder works: for 3× the TTL a second taker is refused throughout', async () => {
    const [a, b] = await replicas();
    const other = new ClusterMutex(b, { ttlMs: TTL });
    let refusals = 0;
    const run = await new ClusterMutex(a, { ttlMs: TTL }).tryRun('job', async () => {
      const until = Date.now() + 3 * TTL;
      while (Date.now() < until) {
        const stolen = await other.tryLock('job');
        if (stolen) {
          await stolen.release();
          throw new Error('a second taker got the lock while its holder worked');
        }
        refusals += 1;
        await sleep(20);
      }
      return 'done';
    });
    expect(run).toEqual({ ran: true, value: 'done' });
    expect(refusals).toBeGreaterThan(5);
    // Released at once when the work is done, not when the lease would run out.
    expect(await other.tryRun('job', () => Promise.resolve('next'))).toEqual({ ran: true, value: 'next' });
  });

  it('releases the lock when the work throws', async () => {
    const [a, b] = await replicas();
    await expect(new ClusterMutex(a, { ttlMs: 60_000 }).tryRun('job', () => Promise.reject(new Error('vultr down')))).rejects.toThrow(
      'vultr down',
    );
    expect(await b.isHeld('job')).toBe(false);
  });

  it("stops refreshing after maxHoldMs, and a holder whose lease ran out cannot free the next holder's", async () => {
    const [a, b] = await replicas();
    const stuck = await new ClusterMutex(a, { ttlMs: 60, maxHoldMs: 0 }).tryLock('job');
    expect(stuck).not.toBeNull();
    await sleep(250);
    const next = await new ClusterMutex(b, { ttlMs: 5_000 }).tryLock('job');
    expect(next).not.toBeNull();
    // The stuck holder lets go late: the lease it frees must be its own, and it is not any more.
    await stuck!.release();
    expect(await b.isHeld('job')).toBe(true);
    expect(await new ClusterMutex(a).tryLock('job')).toBeNull();
    await next!.release();
  });

  it('lock waits up to its bound: it gets the lock once the holder lets go, and a CoordinationTimeoutError past the bound', async () => {
    const [a, b] = await replicas();
    const held = await new ClusterMutex(a, { ttlMs: TTL }).tryLock('job');
    const waiting = new ClusterMutex(b, { ttlMs: TTL });
    const started = Date.now();
    await expect(waiting.lock('job', 100)).rejects.toBeInstanceOf(CoordinationTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    expect(Date.now() - started).toBeLessThan(400);

    setTimeout(() => void held!.release(), 80);
    const taken = await waiting.lock('job', 2_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await new ClusterMutex(a).tryLock('job')).toBeNull();
    await taken.release();
  });
}

describe('ClusterMutex on in-process coordination', () => {
  mutexContract(() => {
    const shared = new InProcessCoordination();
    return Promise.resolve([shared, shared]);
  });
});

describeWithRedis('ClusterMutex on a real redis-server', () => {
  const replicas = useRedisReplicas(useRedisServer());
  mutexContract(async () => {
    const [a, b] = await replicas(2);
    return [a!, b!];
  });
});
