import { randomUUID } from 'node:crypto';
import type { AuditLog, AuditRecord, StoredAuditRecord } from './auditLog';
import type { CoordinationHealth, Lease, Store } from './coordination';

interface Entry {
  value: string;
  expiresAt: number;
}

/** The audit log of one process: an array, for unit tests. */
class InProcessAuditLog implements AuditLog {
  private readonly records: StoredAuditRecord[] = [];

  append(record: AuditRecord): Promise<void> {
    this.records.push({ ...record, seq: this.records.length + 1 });
    return Promise.resolve();
  }

  page(limit: number, beforeSeq = Number.POSITIVE_INFINITY): Promise<StoredAuditRecord[]> {
    return Promise.resolve(
      this.records
        .filter((r) => r.seq < beforeSeq)
        .reverse()
        .slice(0, limit),
    );
  }

  prune(cutoff: number): Promise<number> {
    const before = this.records.length;
    this.records.splice(0, this.records.length, ...this.records.filter((r) => r.at >= cutoff));
    return Promise.resolve(before - this.records.length);
  }
}

/** The store within one process, for unit tests of the domain: a map of values with expiry times. */
export class InProcessCoordination implements Store {
  private readonly entries = new Map<string, Entry>();
  readonly audit: AuditLog = new InProcessAuditLog();

  constructor(private readonly clock: () => number = Date.now) {}

  acquire(key: string, ttlMs: number): Promise<Lease | null> {
    const token = randomUUID();
    if (!this.setIfAbsent(key, token, ttlMs)) return Promise.resolve(null);
    return Promise.resolve({
      extend: (extendedMs: number) => {
        const entry = this.read(key) === token ? this.entries.get(key) : undefined;
        if (entry) entry.expiresAt = this.clock() + extendedMs;
        return Promise.resolve(entry !== undefined);
      },
      release: () => {
        if (this.read(key) === token) this.entries.delete(key);
        return Promise.resolve();
      },
    });
  }

  isHeld(key: string): Promise<boolean> {
    return Promise.resolve(this.read(key) !== null);
  }

  claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return Promise.resolve(this.setIfAbsent(key, '1', ttlMs));
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.read(key));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.sweep();
    this.entries.set(key, { value, expiresAt: this.clock() + ttlMs });
    return Promise.resolve();
  }

  compareAndSet(key: string, expected: string | null, value: string, ttlMs: number): Promise<boolean> {
    if (this.read(key) !== expected) return Promise.resolve(false);
    this.entries.set(key, { value, expiresAt: this.clock() + ttlMs });
    return Promise.resolve(true);
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  health(): CoordinationHealth {
    return { store: 'in-process' };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private read(key: string): string | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return null;
    }
    return entry.value;
  }

  private setIfAbsent(key: string, value: string, ttlMs: number): boolean {
    if (this.read(key) !== null) return false;
    this.sweep();
    this.entries.set(key, { value, expiresAt: this.clock() + ttlMs });
    return true;
  }

  /** Expired entries go when new ones come, so the map stays as small as what is live. */
  private sweep(): void {
    const now = this.clock();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
