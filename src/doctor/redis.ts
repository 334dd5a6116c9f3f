import { failFastClient } from '../coordination/redis';
import { fail, ok, type Check } from './check';

const NAME = 'Redis';
/** Longest the doctor waits for Redis to connect and answer PING. */
const PING_BUDGET_MS = 3_000;

/**
 * Whether replicas can coordinate: unset REDIS_URL means everything stays in this process;
 * otherwise connect with the bot's own fail-fast settings and PING within a short budget. The
 * URL is never printed (it may carry a password); the report is redacted as well.
 */
export const checkRedis: Check = async ({ config }) => {
  if (config.redis === undefined) return ok(NAME, 'in-process (run one replica; set REDIS_URL to run several)');
  const client = failFastClient(config.redis.url);
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
    return ok(NAME, `connected, PING answered in ${Date.now() - started} ms (replicas coordinate through it)`);
  } catch (err) {
    const reason = describe(lastError ?? err);
    return fail(
      NAME,
      `not reachable (${reason}); the bot would run with in-process coordination until it answers`,
      'check REDIS_URL (host, port, password), that this machine can reach it (network, firewall), and use rediss:// if the server wants TLS',
    );
  } finally {
    clearTimeout(timer);
    if (client.isOpen) client.destroy();
  }
};

/** A short reason: the system error code when there is one (ECONNREFUSED, ENOTFOUND), else the message's first line. */
function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : 'unknown error';
}
