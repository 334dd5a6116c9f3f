import { setTimeout as sleep } from 'node:timers/promises';
import { RedisStore } from '../../src/coordination/redis';
import { Logger } from '../../src/util/log';
import type { RedisServer } from './redisServer';

const connected = (c: RedisStore) => {
  const health = c.health();
  return health.store === 'redis' && health.state === 'connected';
};

/**
 * Replicas' coordination on the file's redis-server: `replicas(n)` connects n clients sharing a
 * fresh key prefix (so tests do not see each other's keys); all are closed after each test.
 */
export function useRedisReplicas(server: () => RedisServer): (count: number) => Promise<RedisStore[]> {
  const open: RedisStore[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  return async (count) => {
    const prefix = `t${Math.random().toString(36).slice(2)}:`;
    const logger = new Logger('error', [], () => undefined);
    const replicas = Array.from({ length: count }, () => new RedisStore({ url: server().url, prefix, logger }));
    open.push(...replicas);
    for (const replica of replicas) replica.start();
    const deadline = Date.now() + 5_000;
    while (!replicas.every(connected)) {
      if (Date.now() > deadline) throw new Error('redis did not connect');
      await sleep(10);
    }
    return replicas;
  };
}
