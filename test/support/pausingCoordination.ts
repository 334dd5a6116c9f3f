import type { Coordination, CoordinationHealth, Lease } from '../../src/coordination/coordination';

/** A pause a test injects: `reached` once the paused call waits, `resume()` lets it go on. */
export interface InjectedPause {
  reached: Promise<void>;
  resume(): void;
}

/**
 * Another coordination in front of a store, that can hold the next `acquire` of a key until the
 * test resumes it: the moment between a caller's first look and its lease, where races live.
 */
export class PausingCoordination implements Coordination {
  private readonly pauses = new Map<string, { reached: () => void; resumed: Promise<void> }>();

  constructor(private readonly store: Coordination) {}

  pauseNextAcquire(key: string): InjectedPause {
    let reached!: () => void;
    let resume!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    this.pauses.set(key, { reached, resumed });
    return { reached: reachedPromise, resume };
  }

  async acquire(key: string, ttlMs: number): Promise<Lease | null> {
    const pause = this.pauses.get(key);
    if (pause) {
      this.pauses.delete(key);
      pause.reached();
      await pause.resumed;
    }
    return this.store.acquire(key, ttlMs);
  }

  isHeld(key: string): Promise<boolean> {
    return this.store.isHeld(key);
  }

  claimOnce(key: string, ttlMs: number): Promise<boolean> {
    return this.store.claimOnce(key, ttlMs);
  }

  get(key: string): Promise<string | null> {
    return this.store.get(key);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.store.set(key, value, ttlMs);
  }

  compareAndSet(key: string, expected: string | null, value: string, ttlMs: number): Promise<boolean> {
    return this.store.compareAndSet(key, expected, value, ttlMs);
  }

  delete(key: string): Promise<void> {
    return this.store.delete(key);
  }

  health(): CoordinationHealth {
    return this.store.health();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
