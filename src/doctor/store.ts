import { failFastClient } from '../coordination/redis';
import { deploymentPrefix } from '../coordination/namespace';
import { DataDirError } from '../coordination/dataDirError';
import type { Config } from '../config';
import type * as SqliteModule from '../coordination/sqlite';
import { fail, ok, warn, type Check, type CheckResult } from './check';

const NAME = 'Store';
/** Longest the doctor waits for Redis to connect and answer PING. */
const PING_BUDGET_MS = 3_000;
/** How many keys the doctor samples to see whether another deployment shares the Redis. */
const SAMPLED_KEYS = 1_000;

/**
 * Where the bot keeps what a restart must not lose: the SQLite file (opened, and created with its
 * schema when missing, exactly as the bot would) or Redis (connected with the bot's fail-fast
 * settings, PING within a short budget, the key prefix shown, and a warning when keys of another
 * deployment live there too). The Redis URL is never printed (it may carry a password).
 */
export const checkStore: Check = ({ config, bot }) =>
  config.redis === undefined ? Promise.resolve(checkSqlite(config.dataDir)) : checkRedis(config.redis.url, prefixOf(config, bot?.teamId));

function prefixOf(config: Config, teamId: string | undefined): string | undefined {
  if (config.redis?.prefix !== undefined) return config.redis.prefix;
  return teamId === undefined ? undefined : deploymentPrefix(teamId, config.vultr.apiKey);
}

function checkSqlite(dataDir: string): CheckResult {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- SQLite is loaded only without Redis, as in the bot
    const { openSqliteStore } = require('../coordination/sqlite') as typeof SqliteModule;
    const store = openSqliteStore(dataDir);
    const file = store.file;
    void store.close();
    return ok(NAME, `SQLite file ${file} (one replica: set REDIS_URL to run several)`);
  } catch (err) {
    if (!(err instanceof DataDirError)) throw err;
    return fail(
      NAME,
      err.message,
      'set INVITES_DATA_DIR to a directory the bot can write (a volume in a container), or move a damaged file aside',
    );
  }
}

async function checkRedis(url: string, prefix: string | undefined): Promise<CheckResult> {
  const client = failFastClient(url);
  let lastError: unknown;
  // Without a listener a connection error would end the process; the last one explains a failure.
  client.on('error', (err: unknown) => (lastError = err));
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PING_BUDGET_MS / 1000} s`)), PING_BUDGET_MS)),
  );
  try {
    await Promise.race([client.connect().then(() => client.ping()), budget]);
    const answered = `Redis connected, PING answered in ${Date.now() - started} ms`;
    if (prefix === undefined)
      return warn(NAME, `${answered}; key prefix unknown`, 'fix the "Slack bot token" line: the default prefix comes from the Slack team');
    const others = await othersKeys(client, prefix);
    const summary = `${answered}, key prefix ${prefix}`;
    if (others.length === 0) return ok(NAME, summary);
    return warn(
      NAME,
      `${summary}; this Redis also holds keys of another deployment (${others.join(', ')})`,
      'nothing is shared across prefixes, but give each bot its own Redis database (redis://host/1) or set INVITES_REDIS_PREFIX per bot to keep them apart on purpose',
    );
  } catch (err) {
    const reason = describe(lastError ?? err);
    return fail(
      NAME,
      `Redis not reachable (${reason}); the bot would refuse to send anything until it answers`,
      'check REDIS_URL (host, port, password), that this machine can reach it (network, firewall), and use rediss:// if the server wants TLS',
    );
  } finally {
    clearTimeout(timer);
    if (client.isOpen) client.destroy();
  }
}

/** Up to three other prefixes seen in a sample of the keys (a key's prefix: up to its last-but-one `:` part, as ours ends). */
async function othersKeys(client: ReturnType<typeof failFastClient>, prefix: string): Promise<string[]> {
  const others = new Set<string>();
  let seen = 0;
  for await (const keys of client.scanIterator({ COUNT: 200 })) {
    for (const key of keys) if (!key.startsWith(prefix)) others.add(foreignPrefix(key));
    seen += keys.length;
    if (seen >= SAMPLED_KEYS || others.size >= 3) break;
  }
  return [...others].slice(0, 3);
}

function foreignPrefix(key: string): string {
  const deployment = /^invites:[^:]+:[0-9a-f]{12}:/.exec(key);
  if (deployment) return deployment[0];
  return `${key.split(':')[0] ?? key}:`;
}

/** A short reason: the system error code when there is one (ECONNREFUSED, ENOTFOUND), else the message's first line. */
function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : 'unknown error';
}
