/**
 * What replicas share so that several processes behave as one: short leases (one resend per
 * invitation at a time), once-only claims (one digest per schedule tick) and small values with a
 * lifetime (recent resends, outcomes, cached lists). In-process by default; Redis when
 * REDIS_URL is set, falling back to in-process while Redis is unavailable.
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
  { store: 'in-process' } | { store: 'redis'; state: 'connecting' | 'connected' | 'unavailable'; since: string };
