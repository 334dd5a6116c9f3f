import { randomUUID } from 'node:crypto';
import type { Coordination, CoordinationHealth, Lease } from './coordination';

interface Entry {
  value: string;
  expiresAt: number;
}

/** Coordination within one process: a map of values with expiry times. */
export class InProcessCoordination implements Coordination {
  private readonly entries = new Map<string, Entry>();

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
