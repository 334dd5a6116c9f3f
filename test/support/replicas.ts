import { startHarness, type Harness, type HarnessOptions } from './harness';
import type { RedisServer } from './redisServer';

export interface Replicas {
  /** Two replicas sharing one Redis (a fresh key prefix), one sandbox Vultr and one local Slack, both connected to Redis. */
  start(env?: Record<string, string>, app?: HarnessOptions['app']): Promise<[Harness, Harness]>;
  /** One more replica of the first (e.g. a restart), with the same settings. */
  another(): Promise<Harness>;
}

const connected = (h: Harness) => h.logs.some((l) => l.event === 'redis' && l.outcome === 'connected');

/** Replicas of the bot for the tests of a file; every one started is stopped after each test (the first last, as it owns the fakes). */
export function useReplicas(server: () => RedisServer, base: Record<string, string> = {}): Replicas {
  let started: Harness[] = [];
  let options: HarnessOptions = {};
  afterEach(async () => {
    for (const h of started.reverse()) await h.stop();
    started = [];
  });
  const replicaOf = async (first: Harness) => {
    const h = await startHarness({ ...options, replicaOf: first });
    started.push(h);
    await h.slack.waitFor(() => connected(h));
    return h;
  };
  return {
    async start(env = {}, app) {
      options = { env: { REDIS_URL: server().url, INVITES_REDIS_PREFIX: `t${Date.now()}:`, ...base, ...env }, ...(app ? { app } : {}) };
      const first = await startHarness(options);
      started.push(first);
      await first.slack.waitFor(() => connected(first));
      return [first, await replicaOf(first)];
    },
    another() {
      if (started[0] === undefined) throw new Error('start the replicas first');
      return replicaOf(started[0]);
    },
  };
}
