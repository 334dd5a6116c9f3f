import type { PostingConfig } from '../config';
import type { Logger } from '../util/log';
import type { Store } from '../coordination/coordination';
import { deploymentPrefix } from '../coordination/namespace';
import type * as RedisModule from '../coordination/redis';
import type * as SqliteModule from '../coordination/sqlite';

/**
 * The store the configuration names: Redis (connecting in the background) when REDIS_URL is set,
 * else the SQLite file in INVITES_DATA_DIR (a DataDirError when it cannot be used). Each backend's
 * module is loaded only in its own mode: a single-replica bot never loads the Redis client.
 */
export function openStore(config: Pick<PostingConfig, 'redis' | 'dataDir' | 'vultr'>, teamId: string, logger: Logger): Store {
  if (config.redis === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in its mode
    const { openSqliteStore } = require('../coordination/sqlite') as typeof SqliteModule;
    return openSqliteStore(config.dataDir);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only in its mode
  const { RedisStore } = require('../coordination/redis') as typeof RedisModule;
  const prefix = config.redis.prefix ?? deploymentPrefix(teamId, config.vultr.apiKey);
  const store = new RedisStore({ url: config.redis.url, prefix, logger });
  store.start();
  return store;
}
