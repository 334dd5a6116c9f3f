import { pruneHistory, retentionCutoff, type History } from '../../domain/history';
import { describeError, type Logger } from '../../util/log';

export interface PruneDeps {
  history: History;
  /** INVITES_HISTORY_DAYS: records older than this many days go. */
  historyDays: number;
  logger: Logger;
  now: () => Date;
}

/**
 * Drops the history older than the retention, with one log line. Never throws: a store that
 * cannot answer now is pruned on the next run (replicas pruning together only repeat a DELETE).
 */
export async function pruneOnce(deps: PruneDeps): Promise<number | null> {
  const now = deps.now();
  const cutoff = new Date(retentionCutoff(now, deps.historyDays)).toISOString();
  try {
    const removed = await pruneHistory(deps.history.log, now, deps.historyDays);
    deps.logger[removed > 0 ? 'info' : 'debug']('history pruned', { event: 'history', outcome: 'pruned', removed, cutoff });
    return removed;
  } catch (err) {
    deps.logger.warn('history not pruned', { event: 'history', outcome: 'prune_failed', cutoff, ...describeError(err) });
    return null;
  }
}

/** Prunes at once (the start) and then every `intervalMs`; the timer never keeps the process alive. */
export function schedulePruning(intervalMs: number, run: () => Promise<unknown>): { stop(): void } {
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
