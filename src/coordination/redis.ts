import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { describeError, type Logger } from '../util/log';
import { withinBudget } from '../util/withinBudget';
import type { AuditLog, AuditRecord, StoredAuditRecord } from './auditLog';
import { StoreUnavailableError, type CoordinationHealth, type Lease, type Store } from './coordination';

/** Longest any caller waits on Redis: nothing a person waits on may hang on it. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** How often a connected store checks Redis still answers (a server that stops answering sends no event). */
const PROBE_INTERVAL_MS = 5_000;

/** Deletes the lease only while it still holds this holder's token (compare-and-delete). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** Sets the lease's expiry to ARGV[2] ms only while it still holds this holder's token (compare-and-extend). */
const EXTEND_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
/** Replaces the value only while it is ARGV[1] (compare-and-set), keeping the new one ARGV[3] ms. */
const REPLACE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";

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

export interface RedisStoreOptions {
  url: string;
  /** Namespace of every key: one deployment's own (see namespace.ts), so one Redis can serve several bots. */
  prefix: string;
  logger: Logger;
  commandTimeoutMs?: number;
}

/**
 * The store on Redis (or Valkey), shared by replicas, configured to fail fast: no offline queue,
 * a command timeout, reconnection in the background forever, and an `error` listener (without one
 * a connection error would end the process). It fails closed: while Redis cannot answer, every
 * operation rejects with StoreUnavailableError (one process's guarantees are not enough when
 * another replica may be sending the same e-mail). One log line per change of state.
 */
export class RedisStore implements Store {
  readonly audit: AuditLog;
  private readonly client;
  private readonly commandTimeoutMs: number;
  private state: { state: RedisState; since: Date } = { state: 'connecting', since: new Date() };
  private probe: NodeJS.Timeout | undefined;
  private connectDeadline: NodeJS.Timeout | undefined;

  constructor(private readonly options: RedisStoreOptions) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS;
    this.client = failFastClient(options.url, this.commandTimeoutMs);
    this.client.on('ready', () => void this.check());
    this.client.on('error', (err: unknown) => this.changeState('unavailable', err));
    this.client.on('end', () => this.changeState('unavailable'));
    this.audit = new RedisAuditLog(this.client, options.prefix, <T>(work: () => Promise<T>) => this.attempt(work));
  }

  /**
   * Connects in the background. A server that accepts the connection and never answers sends no
   * error: past the connect timeout without an answer the store is unavailable, and a probe
   * keeps checking that it answers.
   */
  start(): void {
    this.client.connect().catch((err: unknown) => this.changeState('unavailable', err));
    this.connectDeadline = setTimeout(() => {
      if (this.state.state === 'connecting') this.changeState('unavailable', new Error('Redis did not answer within the connect timeout'));
    }, this.commandTimeoutMs * 2).unref();
    this.probe = setInterval(() => void this.check(), PROBE_INTERVAL_MS).unref();
  }

  acquire(key: string, ttlMs: number): Promise<Lease | null> {
    const token = randomUUID();
    const name = this.key(key);
    return this.attempt(async () => {
      const set = await this.client.set(name, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      if (set !== 'OK') return null;
      return {
        // Redis cannot say whether the lease is still ours: keep refreshing, the next try may answer.
        extend: (extendedMs: number) =>
          this.attempt(
            async () => (await this.client.eval(EXTEND_SCRIPT, { keys: [name], arguments: [token, String(extendedMs)] })) === 1,
          ).catch(() => true),
        // An unanswered release leaves the lease to expire on its own.
        release: () =>
          this.attempt(async () => {
            await this.client.eval(RELEASE_SCRIPT, { keys: [name], arguments: [token] });
          }).catch(() => undefined),
      };
    });
  }

  isHeld(key: string): Promise<boolean> {
    return this.attempt(async () => (await this.client.exists(this.key(key))) === 1);
  }

  claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return this.attempt(
      async () => (await this.client.set(this.key(key), '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK',
    );
  }

  get(key: string): Promise<string | null> {
    return this.attempt(() => this.client.get(this.key(key)));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.attempt(async () => {
      await this.client.set(this.key(key), value, { expiration: { type: 'PX', value: ttlMs } });
    });
  }

  compareAndSet(key: string, expected: string | null, value: string, ttlMs: number): Promise<boolean> {
    const name = this.key(key);
    return this.attempt(async () => {
      if (expected === null)
        return (await this.client.set(name, value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
      return (await this.client.eval(REPLACE_SCRIPT, { keys: [name], arguments: [expected, value, String(ttlMs)] })) === 1;
    });
  }

  delete(key: string): Promise<void> {
    return this.attempt(async () => {
      await this.client.del(this.key(key));
    });
  }

  health(): CoordinationHealth {
    return { store: 'redis', state: this.state.state, since: this.state.since.toISOString(), prefix: this.options.prefix };
  }

  async close(): Promise<void> {
    clearInterval(this.probe);
    clearTimeout(this.connectDeadline);
    if (!this.client.isOpen) return;
    // A server that does not answer would hold a graceful close forever: cut it off after the command timeout.
    const closed =
      this.state.state === 'connected' &&
      (await withinBudget(
        this.client.close().then(() => true),
        this.commandTimeoutMs,
        false,
      ));
    if (!closed && this.client.isOpen) this.client.destroy();
  }

  private key(key: string): string {
    return `${this.options.prefix}${key}`;
  }

  /** Redis when it answers; otherwise a StoreUnavailableError, at once or within the command timeout. */
  private async attempt<T>(onRedis: () => Promise<T>): Promise<T> {
    if (!this.client.isReady || this.state.state === 'unavailable') {
      // Ready again but not yet probed: probe now, so a recovered Redis serves this call.
      if (this.client.isReady) await this.check();
      if (!this.client.isReady || this.state.state !== 'connected') throw new StoreUnavailableError(`Redis is ${this.state.state}`);
    }
    try {
      return await onRedis();
    } catch (err) {
      this.changeState('unavailable', err);
      throw new StoreUnavailableError(err instanceof Error ? err.message : 'Redis did not answer');
    }
  }

  /** One PING within the command timeout: connected when it answers. */
  private async check(): Promise<void> {
    if (!this.client.isReady) return;
    try {
      await this.client.ping();
      this.changeState('connected');
    } catch (err) {
      this.changeState('unavailable', err);
    }
  }

  private changeState(state: RedisState, err?: unknown): void {
    if (this.state.state === state) return;
    this.state = { state, since: new Date() };
    if (state === 'connected') this.options.logger.info('redis connected: the store is shared', { event: 'redis', outcome: 'connected' });
    else {
      this.options.logger.warn('redis unavailable: sending is refused until it answers again; lists keep working', {
        event: 'redis',
        outcome: 'unavailable',
        ...(err === undefined ? {} : describeError(err)),
      });
    }
  }
}

type RedisClient = ReturnType<typeof failFastClient>;

/**
 * The audit log in Redis: a sorted set scored by a counter (INCR), so pages are stable however
 * many replicas append at once.
 */
class RedisAuditLog implements AuditLog {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    private readonly attempt: <T>(work: () => Promise<T>) => Promise<T>,
  ) {}

  append(record: AuditRecord): Promise<void> {
    return this.attempt(async () => {
      const seq = await this.client.incr(`${this.prefix}audit:seq`);
      await this.client.zAdd(`${this.prefix}audit`, { score: seq, value: JSON.stringify({ ...record, seq }) });
    });
  }

  page(limit: number, beforeSeq?: number): Promise<StoredAuditRecord[]> {
    return this.attempt(async () => {
      const members = await this.client.zRange(`${this.prefix}audit`, beforeSeq === undefined ? '+inf' : `(${beforeSeq}`, '-inf', {
        BY: 'SCORE',
        REV: true,
        LIMIT: { offset: 0, count: limit },
      });
      return members.map((member) => JSON.parse(member) as StoredAuditRecord);
    });
  }

  /** Oldest first, in batches, until a record is recent enough (records are appended in time order). */
  prune(cutoff: number): Promise<number> {
    return this.attempt(async () => {
      let pruned = 0;
      for (;;) {
        const oldest = await this.client.zRange(`${this.prefix}audit`, 0, 99);
        const old = oldest.filter((member) => (JSON.parse(member) as StoredAuditRecord).at < cutoff);
        if (old.length > 0) pruned += await this.client.zRem(`${this.prefix}audit`, old);
        if (old.length < oldest.length || oldest.length === 0) return pruned;
      }
    });
  }
}
