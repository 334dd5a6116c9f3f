import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { AuditLog, AuditRecord, StoredAuditRecord } from './auditLog';
import type { CoordinationHealth, Lease, Store } from './coordination';
import { DataDirError } from './dataDirError';
import { MIGRATIONS } from './sqliteSchema';

/** The database's name inside INVITES_DATA_DIR. */
export const DATA_FILE = 'invites.sqlite';
/** How often expired values are swept out of the file. */
const SWEEP_INTERVAL_MS = 60_000;
/** Longest a statement waits for another process's write (two bots on one file, or the doctor). */
const BUSY_TIMEOUT_MS = 2_000;

/**
 * Opens (creating when missing) the store's file in `dir`: WAL mode, the schema migrated to the
 * version this code knows, each migration in one transaction so a crash leaves the old version or
 * the new one, never half of it. (openStore.ts loads this module only without Redis, so a Redis
 * deployment never loads the native module.)
 */
export function openSqliteStore(dir: string, clock: () => number = Date.now): SqliteStore {
  const file = join(resolve(dir), DATA_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new DataDirError(`INVITES_DATA_DIR ${resolve(dir)} cannot be written (${codeOf(err)}): give the bot a writable directory`);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
    return new SqliteStore(db, file, clock);
  } catch (err) {
    db?.close();
    if (err instanceof DataDirError) throw err;
    throw new DataDirError(
      `INVITES_DATA_DIR ${resolve(dir)}: ${DATA_FILE} cannot be opened (${codeOf(err)}: ${(err as Error).message}). ` +
        'If it is damaged, move it aside and restart: the bot starts with an empty store.',
    );
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new DataDirError(
      `INVITES_DATA_DIR: ${DATA_FILE} is at schema version ${version}, newer than this bot's ${MIGRATIONS.length}: run the newer bot, or restore a backup`,
    );
  }
  for (let next = version; next < MIGRATIONS.length; next++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[next] ?? '');
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'error';
}

/** The store in one SQLite file: values with expiry times, and the audit log. */
export class SqliteStore implements Store {
  readonly audit: AuditLog;
  private readonly sweeper: NodeJS.Timeout;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    /** Where it is, for the doctor. */
    readonly file: string,
    private readonly clock: () => number,
  ) {
    this.statements = {
      get: db.prepare<[string, number], { value: string }>('SELECT value FROM kv WHERE key = ? AND expires_at > ?'),
      set: db.prepare(
        'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
      ),
      // Taken when absent or expired: the conflict update runs only over an expired row.
      setIfAbsent: db.prepare(
        'INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE kv.expires_at <= ?',
      ),
      replace: db.prepare('UPDATE kv SET value = ?, expires_at = ? WHERE key = ? AND value = ? AND expires_at > ?'),
      extend: db.prepare('UPDATE kv SET expires_at = ? WHERE key = ? AND value = ? AND expires_at > ?'),
      deleteIf: db.prepare('DELETE FROM kv WHERE key = ? AND value = ?'),
      delete: db.prepare('DELETE FROM kv WHERE key = ?'),
      sweep: db.prepare('DELETE FROM kv WHERE expires_at <= ?'),
    };
    this.audit = new SqliteAuditLog(db);
    this.sweeper = setInterval(() => this.statements.sweep.run(this.clock()), SWEEP_INTERVAL_MS).unref();
  }

  acquire(key: string, ttlMs: number): Promise<Lease | null> {
    return answer(() => {
      const token = leaseToken();
      if (!this.takeLease(key, token, ttlMs)) return null;
      return {
        extend: (extendedMs: number) =>
          answer(() => this.statements.extend.run(this.clock() + extendedMs, key, token, this.clock()).changes === 1),
        release: () =>
          answer(() => {
            this.statements.deleteIf.run(key, token);
          }),
      };
    });
  }

  isHeld(key: string): Promise<boolean> {
    return answer(() => {
      const holder = this.read(key);
      return holder !== null && !holderIsGone(holder);
    });
  }

  claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return answer(() => this.setIfAbsent(key, '1', ttlMs));
  }

  get(key: string): Promise<string | null> {
    return answer(() => this.read(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return answer(() => {
      this.statements.set.run(key, value, this.clock() + ttlMs);
    });
  }

  compareAndSet(key: string, expected: string | null, value: string, ttlMs: number): Promise<boolean> {
    return answer(() => {
      const expiresAt = this.clock() + ttlMs;
      if (expected === null) return this.setIfAbsent(key, value, ttlMs);
      return this.statements.replace.run(value, expiresAt, key, expected, this.clock()).changes === 1;
    });
  }

  delete(key: string): Promise<void> {
    return answer(() => {
      this.statements.delete.run(key);
    });
  }

  health(): CoordinationHealth {
    return { store: 'sqlite' };
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private read(key: string): string | null {
    return this.statements.get.get(key, this.clock())?.value ?? null;
  }

  /** Free, expired, or held by a process that no longer runs (killed mid-work): taken at once, not after the TTL. */
  private takeLease(key: string, token: string, ttlMs: number): boolean {
    return this.db.transaction(() => {
      const holder = this.read(key);
      if (holder !== null && holderIsGone(holder)) this.statements.deleteIf.run(key, holder);
      return this.setIfAbsent(key, token, ttlMs);
    })();
  }

  private setIfAbsent(key: string, value: string, ttlMs: number): boolean {
    const now = this.clock();
    return this.statements.setIfAbsent.run(key, value, now + ttlMs, now).changes === 1;
  }
}

/** This process's life: a restarted bot gets a new one, even with the same pid (PID 1 in a container). */
const LIFE = randomUUID();

/** A lease names its holder's pid and life, so a restarted bot need not wait out a killed one's leases. */
function leaseToken(): string {
  return `lease:${process.pid}:${LIFE}:${randomUUID()}`;
}

/**
 * Whether the process named in a lease token has ended. The file belongs to one host's processes
 * (replicas use Redis), so a pid is checked with signal 0; our own pid with another life is a
 * previous run of this process.
 */
function holderIsGone(token: string): boolean {
  const match = /^lease:(\d+):([0-9a-f-]{36}):/.exec(token);
  if (!match) return false;
  const [, pid, life] = match;
  if (life === LIFE) return false;
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return codeOf(err) === 'ESRCH';
  }
}

/** The statements are synchronous; callers get promises like every store's, and a failure as a rejection. */
function answer<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  address: string | null;
  outcome: string;
  detail: string | null;
}

class SqliteAuditLog implements AuditLog {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      append: db.prepare(
        'INSERT INTO audit (at, actor, action, address, outcome, detail) VALUES (@at, @actor, @action, @address, @outcome, @detail)',
      ),
      page: db.prepare<[number, number], AuditRow>('SELECT * FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?'),
      prune: db.prepare('DELETE FROM audit WHERE at < ?'),
    };
  }

  append(record: AuditRecord): Promise<void> {
    return answer(() => {
      this.statements.append.run({ address: null, detail: null, ...record });
    });
  }

  page(limit: number, beforeSeq = Number.MAX_SAFE_INTEGER): Promise<StoredAuditRecord[]> {
    return answer(() =>
      this.statements.page.all(beforeSeq, limit).map(({ address, detail, ...row }) => ({
        ...row,
        ...(address === null ? {} : { address }),
        ...(detail === null ? {} : { detail }),
      })),
    );
  }

  prune(cutoff: number): Promise<number> {
    return answer(() => this.statements.prune.run(cutoff).changes);
  }
}
