import type { WatchRecord } from './watch';

/**
 * Where the watcher keeps what it saw and what it has still to announce. `update` runs one
 * step at a time and stores what the step returns; a step that throws stores nothing, so a
 * failed run leaves the state as it was and the next run tries again.
 *
 * A store shared by several replicas (SharedWatchState, with Redis) makes `update` exclusive
 * across them, so one replica announces each event once; a replica may then skip a step that
 * another one is running, or every step while the shared store is down.
 */
export interface WatchState {
  /** Resolves true when the step ran, false when the store skipped it (another replica's turn, or the shared store is down). */
  update(step: (record: WatchRecord | null) => Promise<WatchRecord>): Promise<boolean>;
  /** The latest stored record; null before the first run. */
  read(): Promise<WatchRecord | null>;
}

/**
 * The default: memory of this process. It starts empty, so after a restart the first run only
 * learns the state again: old news is not repeated, but what changed while the process was down,
 * or was still waiting for Slack, is not announced.
 */
export class InProcessWatchState implements WatchState {
  private record: WatchRecord | null = null;
  private tail: Promise<unknown> = Promise.resolve();

  update(step: (record: WatchRecord | null) => Promise<WatchRecord>): Promise<boolean> {
    const run = this.tail.then(async () => {
      this.record = await step(this.record);
      return true;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  read(): Promise<WatchRecord | null> {
    return Promise.resolve(this.record);
  }
}
