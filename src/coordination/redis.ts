import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { describeError, type Logger } from '../util/log';
import type { Coordination, CoordinationHealth, Lease } from './coordination';
import { InProcessCoordination } from './inProcess';

/** Longest any caller waits on Redis before falling back: nothing a person waits on may hang on it. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** Deletes the lease only while it still holds this holder's token (compare-and-delete). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Sets the lease's expiry to ARGV[2] ms only while it still holds this holder's token (compare-and-extend). */
const EXTEND_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

type RedisState = 'connecting' | 'connected' | 'unavailable';

/**
 * The client settings that fail fast: no offline queue (a command while disconnected fails at
 * once), a command timeout, a connect timeout, and reconnection in the background with backoff.
 * The bot and `npm run doctor` use the same.
 */
export function failFastClient(url: string, timeout = REDIS_COMMAND_TIMEOUT_MS) {
  return createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout },
    socket: { connectTimeout: timeout * 2, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
  });
}

export interface RedisCoordinationOptions {
  url: string;
  /** Namespace of every key, so one Redis can serve several bots. */
  prefix: string;
  logger: Logger;
  commandTimeoutMs?: number;
}

/**
 * Coordination on Redis (or Valkey), configured to fail fast: no offline queue (a command while
 * disconnected fails at once), a command timeout, reconnection in the background forever, and an
 * `error` listener (without one a connection error would end the process). While Redis is
 * unavailable every operation falls back to in-process coordination, so the bot keeps serving
 * with one process's guarantees; one warning is logged per change of state, not per request.
 */
export class RedisCoordination implements Coordination {
  private readonly client;
  private readonly fallback = new InProcessCoordination();
  private state: { state: RedisState; since: Date } = { state: 'connecting', since: new Date() };

  constructor(private readonly options: RedisCoordinationOptions) {
    this.client = failFastClient(options.url, options.commandTimeoutMs);
    this.client.on('ready', () => this.changeState('connected'));
    this.client.on('error', (err: unknown) => this.changeState('unavailable', err));
    this.client.on('end', () => this.changeState('unavailable'));
  }

  /** Connects in the background; the bot serves (in-process) until Redis answers. */
  start(): void {
    this.client.connect().catch((err: unknown) => this.changeState('unavailable', err));
  }

  async acquire(key: string, ttlMs: number): Promise<Lease | null> {
    const token = randomUUID();
    const name = this.key(key);
    return this.attempt(
      async () => {
        const set = await this.client.set(name, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
        if (set !== 'OK') return null;
        return {
          extend: (extendedMs: number) =>
            this.attempt(
              async () => (await this.client.eval(EXTEND_SCRIPT, { keys: [name], arguments: [token, String(extendedMs)] })) === 1,
              // Redis cannot say whether the lease is still ours: keep refreshing, the next try may answer.
              () => Promise.resolve(true),
            ),
          release: () =>
            this.attempt(
              async () => {
                await this.client.eval(RELEASE_SCRIPT, { keys: [name], arguments: [token] });
              },
              () => Promise.resolve(),
            ),
        };
      },
      () => this.fallback.acquire(key, ttlMs),
    );
  }

  isHeld(key: string): Promise<boolean> {
    return this.attempt(
      async () => (await this.client.exists(this.key(key))) === 1,
      () => this.fallback.isHeld(key),
    );
  }

  claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return this.attempt(
      async () => (await this.client.set(this.key(key), '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK',
      () => this.fallback.claimOnce(key, ttlMs),
    );
  }

  get(key: string): Promise<string | null> {
    return this.attempt(
      async () => await this.client.get(this.key(key)),
      () => this.fallback.get(key),
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.attempt(
      async () => {
        await this.client.set(this.key(key), value, { expiration: { type: 'PX', value: ttlMs } });
      },
      () => this.fallback.set(key, value, ttlMs),
    );
  }

  delete(key: string): Promise<void> {
    return this.attempt(
      async () => {
        await this.client.del(this.key(key));
      },
      () => this.fallback.delete(key),
    );
  }

  health(): CoordinationHealth {
    return { store: 'redis', state: this.state.state, since: this.state.since.toISOString() };
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close().catch(() => this.client.destroy());
  }

  private key(key: string): string {
    return `${this.options.prefix}${key}`;
  }

  /** Redis when it is ready, otherwise (or when the command fails) the in-process fallback. */
  private async attempt<T>(onRedis: () => Promise<T>, inProcess: () => Promise<T>): Promise<T> {
    if (!this.client.isReady) return inProcess();
    try {
      return await onRedis();
    } catch (err) {
      this.changeState('unavailable', err);
      return inProcess();
    }
  }

  private changeState(state: RedisState, err?: unknown): void {
    if (this.state.state === state) return;
    this.state = { state, since: new Date() };
    if (state === 'connected')
      this.options.logger.info('redis connected: coordination is shared', { event: 'redis', outcome: 'connected' });
    else {
      this.options.logger.warn('redis unavailable: falling back to in-process coordination until it returns', {
        event: 'redis',
        outcome: 'unavailable',
        ...(err === undefined ? {} : describeError(err)),
      });
    }
  }
}
