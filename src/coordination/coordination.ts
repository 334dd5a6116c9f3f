import type { AuditLog } from './auditLog';

/**
 * What a restart must not lose and what replicas share so that several processes behave as one:
 * short leases (one resend per invitation at a time), once-only claims (one digest per schedule
 * tick) and values with a lifetime (watcher state, open requests, card records, recent resends).
 * An SQLite file by default (`sqlite.ts`); Redis when REDIS_URL is set (`redis.ts`), which fails
 * closed: while Redis cannot answer every operation rejects with StoreUnavailableError rather
 * than coordinate per replica. `InProcessCoordination` is for unit tests of the domain.
 */
export interface Coordination {
  /** A lease on `key` for `ttlMs` (unless extended), or null while someone else holds it. */
  acquire(key: string, ttlMs: number): Promise<Lease | null>;
  /** Whether a lease on `key` is held right now (by anyone). */
  isHeld(key: string): Promise<boolean>;
  /** True for the first caller only, for `ttlMs`: later callers (any replica) get false. */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Sets `key` to `value` only while it holds `expected` (null: absent or expired), atomically
   * across replicas; false when it held something else. State machines (a card: open →
   * approving → approved) move with it, so two deciders cannot both win.
   */
  compareAndSet(key: string, expected: string | null, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  health(): CoordinationHealth;
  close(): Promise<void>;
}

export interface Lease {
  /**
   * Makes the lease last `ttlMs` from now if this holder still has it (compare-and-extend: never
   * someone else's after expiry). False once it is lost; true also when the store cannot answer
   * (Redis down: the next refresh tries again). It never rejects.
   */
  extend(ttlMs: number): Promise<boolean>;
  /** Releases the lease if this holder still has it (never someone else's after expiry). */
  release(): Promise<void>;
}

export type CoordinationHealth =
  | { store: 'in-process' }
  | { store: 'sqlite' }
  | { store: 'redis'; state: 'connecting' | 'connected' | 'unavailable'; since: string; prefix: string };

/** Whether the store answers now: a local one always does, Redis once connected. */
export function storeAnswers(health: CoordinationHealth): boolean {
  return health.store !== 'redis' || health.state === 'connected';
}

/**
 * The shared store cannot answer (Redis down, or too slow): what would e-mail someone is refused
 * rather than coordinated per replica (two replicas could both send). Each feature turns it into
 * what it shows the person; reads of caches treat it as a miss.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(readonly reason: string) {
    super(`The shared store is unavailable: ${reason}`);
  }
}

/** The store the app runs on: coordination and the audit log, in the same backend. */
export interface Store extends Coordination {
  readonly audit: AuditLog;
}
