import type { AuditLog, AuditRecord, StoredAuditRecord } from '../coordination/auditLog';
import type { Logger } from '../util/log';
import { describeError } from '../util/log';
import { isVultrError, type VultrError } from '../vultr/errors';
import type { InvitationDirectory } from './directory';

/**
 * The history: what was done through the bot (the store's audit log), merged with what only
 * Vultr knows (who accepted an invitation, and when). Appends never fail a request: the history
 * is a record of work, not a precondition for it.
 */
export class History {
  constructor(
    readonly log: AuditLog,
    private readonly logger: Logger,
  ) {}

  /** Appends the records in order; a store that cannot take them costs one warn line, never an error. */
  async record(records: readonly AuditRecord[]): Promise<void> {
    for (const record of records) {
      try {
        await this.log.append(record);
      } catch (err) {
        this.logger.warn('history not recorded', {
          event: 'history',
          outcome: 'not_recorded',
          action: record.action,
          ...describeError(err),
        });
        return;
      }
    }
  }

  /** The newest records, for the App Home; null when the store cannot answer. */
  recent(limit: number): Promise<StoredAuditRecord[] | null> {
    return this.log.page(limit).catch(() => null);
  }
}

/** Actor of what the bot does on its own (the watcher's accepted and expired invitations). */
export const BOT_ACTOR = 'bot';
/** Actor of the entries that come from Vultr's own list rather than from the bot. */
export const VULTR_ACTOR = 'vultr';

/** One line of the history: a stored record (with its seq), or an acceptance Vultr reports (without). */
export type HistoryEntry = AuditRecord & { seq?: number };

/** Where a page of the history starts: below this seq, and (for Vultr's entries) before this time. */
export interface HistoryCursor {
  seq: number;
  at: number;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** The next Older page; undefined when this one reaches the end of the log. */
  older?: HistoryCursor;
  /** Vultr's list could not be read: its acceptances are missing from the page. */
  vultrError?: VultrError;
  /** Acceptances in this page's period left out to keep the message within Slack's limits. */
  acceptedHidden: number;
}

export interface HistoryQuery {
  /** Case-insensitive part of the address, actor, action or outcome; '' for everything. */
  filter: string;
  cursor?: HistoryCursor;
  /** The retention cutoff (Unix ms): Vultr's older acceptances are not shown either. */
  since: number;
}

/** Records on one page of `/invites history`. */
export const HISTORY_PAGE_SIZE = 20;
/** Vultr's acceptances on one page at most (beyond them, counted): keeps the message under 50 blocks. */
export const MAX_ACCEPTED_PER_PAGE = 20;
/** Records read per store call while filtering, and the most one page reads (a rare filter must not walk 90 days in one click). */
const SCAN_BATCH = 100;
const SCAN_BUDGET = 2_000;

export function matchesFilter(entry: AuditRecord, filter: string): boolean {
  if (filter === '') return true;
  const needle = filter.toLowerCase();
  return [entry.address ?? '', entry.actor, entry.action, entry.outcome].some((field) => field.toLowerCase().includes(needle));
}

/**
 * One page, newest first: up to HISTORY_PAGE_SIZE matching records below the cursor, and Vultr's
 * acceptances from the same period (between this page's oldest record and the previous page's
 * boundary), except those the watcher already recorded for the same address. The cursor of the
 * next page is the last record read, so pages neither skip nor repeat one. A store that cannot
 * answer rejects (StoreUnavailableError); Vultr failing only leaves its entries out.
 */
export async function loadHistoryPage(log: AuditLog, directory: InvitationDirectory, query: HistoryQuery): Promise<HistoryPage> {
  const { filter, cursor, since } = query;
  const records: StoredAuditRecord[] = [];
  let before = cursor?.seq;
  let boundaryAt = since;
  let scanned = 0;
  let exhausted = false;
  while (records.length < HISTORY_PAGE_SIZE && scanned < SCAN_BUDGET) {
    const batch = await log.page(SCAN_BATCH, before);
    for (const record of batch) {
      before = record.seq;
      boundaryAt = record.at;
      scanned += 1;
      if (matchesFilter(record, filter)) records.push(record);
      if (records.length === HISTORY_PAGE_SIZE) break;
    }
    if (batch.length < SCAN_BATCH && records.length < HISTORY_PAGE_SIZE) exhausted = true;
    if (exhausted) break;
  }
  // Never above the previous page's boundary: the periods of two pages never overlap.
  const lowerAt = Math.min(exhausted ? since : boundaryAt, cursor?.at ?? Number.POSITIVE_INFINITY);
  const older = exhausted || before === undefined ? undefined : { seq: before, at: lowerAt };
  const accepted = await vultrAcceptances(directory, { from: lowerAt, to: cursor?.at ?? Number.POSITIVE_INFINITY, filter }).catch(
    (err: unknown) => {
      if (isVultrError(err)) return err;
      throw err;
    },
  );
  if (isVultrError(accepted)) return { entries: records, ...(older ? { older } : {}), vultrError: accepted, acceptedHidden: 0 };
  const recordedAccepted = new Set(records.filter((r) => r.action === 'accepted' && r.address).map((r) => r.address!.toLowerCase()));
  const fresh = accepted.filter((entry) => !recordedAccepted.has(entry.address!.toLowerCase()));
  const shown = fresh.slice(0, MAX_ACCEPTED_PER_PAGE);
  // Stable: at equal times a stored record (done through the bot) comes before Vultr's entry.
  const entries = [...records, ...shown].sort((a, b) => b.at - a.at);
  return { entries, ...(older ? { older } : {}), acceptedHidden: fresh.length - shown.length };
}

/** Vultr's accepted invitations with a response date in [from, to), newest first, as history entries. */
async function vultrAcceptances(
  directory: InvitationDirectory,
  window: { from: number; to: number; filter: string },
): Promise<HistoryEntry[]> {
  const { invitations } = await directory.listInvitations();
  return invitations
    .flatMap((inv): HistoryEntry[] => {
      const at = inv.respondedAt?.getTime();
      if (at === undefined || at < window.from || at >= window.to) return [];
      return [{ at, actor: VULTR_ACTOR, action: 'accepted', address: inv.emailInvited, outcome: 'accepted' }];
    })
    .filter((entry) => matchesFilter(entry, window.filter))
    .sort((a, b) => b.at - a.at);
}

/** Drops the records older than the retention; resolves with how many went. */
export function pruneHistory(log: AuditLog, now: Date, historyDays: number): Promise<number> {
  return log.prune(retentionCutoff(now, historyDays));
}

export function retentionCutoff(now: Date, historyDays: number): number {
  return now.getTime() - historyDays * 24 * 3600_000;
}
