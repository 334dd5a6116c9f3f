import { storeAnswers, type Coordination } from '../coordination/coordination';
import { ClusterMutex, SENDING_TTL_MS } from '../coordination/mutex';
import { decodeTagged, encodeTagged } from './sharedCodec';
import type { Snapshot, WatchEvent, WatchRecord } from './watch';
import type { WatchState } from './watchState';

/** Longest a run holds the watcher (its lease is refreshed meanwhile): past a run's worst case (a slow list walk with retries, then the post). */
export const WATCH_LEASE_MS = 10 * 60_000;
/** A replica down for less than this resumes where the others left off instead of learning again. */
export const WATCH_STATE_MS = 30 * 24 * 3600_000;

const LEASE_KEY = 'watch:lease';
const STATE_KEY = 'watch:state';

/**
 * What is stored, and nothing more: the ids of the invitations last listed, split by what the
 * diff needs (accepted, pending past expiry, other); the news still waiting for a successful post
 * (only while Slack refuses it, at most MAX_UNANNOUNCED); and the few recent events the App Home
 * shows. Events carry the address and inviter they announce; nothing else personal is kept.
 */
interface StoredRecord {
  v: 1;
  accepted: string[];
  expired: string[];
  other: string[];
  unannounced: WatchEvent[];
}

/**
 * The watcher's state in the shared store (Redis), for several replicas: a lease makes `update`
 * exclusive across them, so one replica runs each step and announces each event once; a replica
 * that finds the lease held skips its turn (the holder's run covers it). The record outlives any
 * one process (WATCH_STATE_MS), so a restarted replica neither repeats old news nor misses what
 * changed while it was down.
 */
export class SharedWatchState implements WatchState {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly mutex: ClusterMutex;

  constructor(private readonly coordination: Coordination) {
    this.mutex = new ClusterMutex(coordination, { ttlMs: SENDING_TTL_MS, maxHoldMs: WATCH_LEASE_MS });
  }

  update(step: (record: WatchRecord | null) => Promise<WatchRecord>): Promise<boolean> {
    const run = this.tail.then(() => this.leased(step));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * While Redis is not connected (at start, or down) the watcher waits rather than fall back to
   * a memory of its own: every replica would learn and announce on its own, and the news would be
   * announced again from the stored state once Redis returns. Nothing is lost: the first run
   * after Redis returns announces what changed meanwhile.
   */
  private shared(): boolean {
    return storeAnswers(this.coordination.health());
  }

  async read(): Promise<WatchRecord | null> {
    return decodeRecord(await this.coordination.get(STATE_KEY));
  }

  private async leased(step: (record: WatchRecord | null) => Promise<WatchRecord>): Promise<boolean> {
    if (!this.shared()) return false;
    const run = await this.mutex.tryRun(LEASE_KEY, async () => {
      const next = await step(await this.read());
      await this.coordination.set(STATE_KEY, encodeRecord(next), WATCH_STATE_MS);
    });
    return run.ran;
  }
}

export function encodeRecord(record: WatchRecord): string {
  const ids = (wanted: (seen: Snapshot[string]) => boolean) =>
    Object.entries(record.snapshot)
      .filter(([, seen]) => wanted(seen))
      .map(([id]) => id);
  const stored: StoredRecord = {
    v: 1,
    accepted: ids((s) => s.accepted),
    expired: ids((s) => !s.accepted && s.expired),
    other: ids((s) => !s.accepted && !s.expired),
    unannounced: record.unannounced,
  };
  return encodeTagged(stored);
}

/** The stored record, or null (learn again) when there is none or it is not one this version wrote. */
export function decodeRecord(text: string | null): WatchRecord | null {
  const stored = text === null ? null : (decodeTagged(text) as Partial<StoredRecord> | null);
  // Records of earlier versions also carry `recent` (the App Home now reads the history): ignored.
  if (stored?.v !== 1 || ![stored.accepted, stored.expired, stored.other, stored.unannounced].every(Array.isArray)) return null;
  const snapshot: Snapshot = {};
  for (const id of stored.other!) snapshot[id] = { accepted: false, expired: false };
  for (const id of stored.expired!) snapshot[id] = { accepted: false, expired: true };
  for (const id of stored.accepted!) snapshot[id] = { accepted: true, expired: false };
  return { snapshot, unannounced: stored.unannounced! };
}
