import { setTimeout as sleep } from 'node:timers/promises';
import type { Coordination } from '../../src/coordination/coordination';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import { SingleFlight, type SingleFlightPolicy } from '../../src/coordination/singleFlight';
import { CoordinationTimeoutError } from '../../src/coordination/timeout';
import { PausingCoordination } from '../support/pausingCoordination';
import { useRedisReplicas } from '../support/redisCoordination';
import { describeWithRedis, useRedisServer } from '../support/redisServer';

const TTL = 500;

/** Outcomes are words; one starting with "failed" is not remembered, and only the others answer a later call. */
const policy: SingleFlightPolicy<string> = {
  leasePrefix: 'job',
  outcomePrefix: 'job-outcome',
  codec: { encode: (value) => value, decode: (text) => text },
  rememberMs: (value) => (value.startsWith('failed') ? 0 : 5_000),
  reuse: (value) => !value.startsWith('failed'),
  waitMs: 2_000,
  mutex: { ttlMs: TTL },
};

/** A work that counts its runs and answers `value` after `ms`; `started` settles when it first runs (its flight holds the lease). */
function counted(value: string, ms = 0) {
  let markStarted = () => {};
  const work = {
    runs: 0,
    started: new Promise<void>((resolve) => (markStarted = resolve)),
    run: async () => {
      work.runs += 1;
      markStarted();
      await sleep(ms);
      return value;
    },
  };
  return work;
}

function singleFlightContract(replicas: () => Promise<[Coordination, Coordination]>) {
  it('concurrent callers in one process join one run', async () => {
    const [a] = await replicas();
    const flights = new SingleFlight(a, policy);
    const work = counted('sent', 20);
    const results = await Promise.all([1, 2, 3].map(() => flights.run('k', work.run)));
    expect(work.runs).toBe(1);
    expect(results).toEqual([
      { value: 'sent', joined: false },
      { value: 'sent', joined: true },
      { value: 'sent', joined: true },
    ]);
  });

  it('a caller on another replica waits for the holder, working 3× the TTL, and reports its outcome as joined', async () => {
    const [a, b] = await replicas();
    const slow = counted('sent by a', 3 * TTL);
    const first = new SingleFlight(a, policy).run('k', slow.run);
    // Not a head start in time: under load a's first look at Redis can take longer than any fixed pause.
    await slow.started;
    const other = counted('sent by b');
    expect(await new SingleFlight(b, policy).run('k', other.run)).toEqual({ value: 'sent by a', joined: true });
    expect(await first).toEqual({ value: 'sent by a', joined: false });
    expect([slow.runs, other.runs]).toEqual([1, 0]);
  });

  it('remembers each outcome for its own time: a success answers later calls, a failure is not kept', async () => {
    const [a, b] = await replicas();
    const failing = counted('failed: vultr down');
    expect(await new SingleFlight(a, policy).run('k', failing.run)).toEqual({ value: 'failed: vultr down', joined: false });
    const retry = counted('sent');
    expect(await new SingleFlight(b, policy).run('k', retry.run)).toEqual({ value: 'sent', joined: false });
    const again = counted('sent twice');
    expect(await new SingleFlight(a, policy).run('k', again.run)).toEqual({ value: 'sent', joined: true });
    expect([failing.runs, retry.runs, again.runs]).toEqual([1, 1, 0]);
  });

  it('keeps a failure for a shorter time than a success, when the policy says so', async () => {
    const [a, b] = await replicas();
    const shortFailures: SingleFlightPolicy<string> = {
      ...policy,
      rememberMs: (value) => (value.startsWith('failed') ? 80 : 5_000),
      reuse: () => true,
    };
    expect(await new SingleFlight(a, shortFailures).run('k', counted('failed: vultr down').run)).toEqual({
      value: 'failed: vultr down',
      joined: false,
    });
    expect(await new SingleFlight(b, shortFailures).run('k', counted('sent').run)).toEqual({ value: 'failed: vultr down', joined: true });
    await sleep(150);
    expect(await new SingleFlight(b, shortFailures).run('k', counted('sent').run)).toEqual({ value: 'sent', joined: false });
    expect(await new SingleFlight(a, shortFailures).run('k', counted('sent again').run)).toEqual({ value: 'sent', joined: true });
  });

  it('takes over when the holder vanished without an outcome (its lease ran out)', async () => {
    const [a, b] = await replicas();
    // A replica that crashed holding the lease: nobody refreshes it, nobody releases it.
    expect(await a.acquire('job:k', 100)).not.toBeNull();
    const work = counted('sent');
    expect(await new SingleFlight(b, policy).run('k', work.run)).toEqual({ value: 'sent', joined: false });
    expect(work.runs).toBe(1);
  });

  it('gives up with a CoordinationTimeoutError once it waited its bound', async () => {
    const [a, b] = await replicas();
    const lease = await a.acquire('job:k', 5_000);
    const work = counted('sent');
    const started = Date.now();
    await expect(new SingleFlight(b, { ...policy, waitMs: 100 }).run('k', work.run)).rejects.toBeInstanceOf(CoordinationTimeoutError);
    expect(Date.now() - started).toBeLessThan(500);
    expect(work.runs).toBe(0);
    await lease!.release();
  });

  it('looks again for an outcome once it holds the lease: another replica may have finished meanwhile', async () => {
    const [a, b] = await replicas();
    const paused = new PausingCoordination(a);
    const pause = paused.pauseNextAcquire('job:k');
    const late = counted('sent again');
    const lateRun = new SingleFlight(paused, policy).run('k', late.run);
    await pause.reached; // it looked, found nothing, and is about to take the lease
    expect(await new SingleFlight(b, policy).run('k', counted('sent').run)).toEqual({ value: 'sent', joined: false });
    pause.resume();
    expect(await lateRun).toEqual({ value: 'sent', joined: true });
    expect(late.runs).toBe(0);
  });
}

describe('SingleFlight on in-process coordination', () => {
  singleFlightContract(() => {
    const shared = new InProcessCoordination();
    return Promise.resolve([shared, shared]);
  });

  it('a run that throws rejects every caller that shared it, stores nothing, and the next call runs again', async () => {
    const flights = new SingleFlight(new InProcessCoordination(), policy);
    const settled = await Promise.allSettled([1, 2].map(() => flights.run('k', () => Promise.reject(new TypeError('bug')))));
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await flights.run('k', () => Promise.resolve('sent'))).toEqual({ value: 'sent', joined: false });
  });
});

describeWithRedis('SingleFlight on a real redis-server', () => {
  const replicas = useRedisReplicas(useRedisServer());
  singleFlightContract(async () => {
    const [a, b] = await replicas(2);
    return [a!, b!];
  });
});
