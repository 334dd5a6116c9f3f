/** One thing done through the bot, as `/invites history` and `npm run history` show it. */
export interface AuditRecord {
  /** When, Unix ms. */
  at: number;
  /** Who: the Slack user, or `bot` for what the bot does on its own (the watcher's grants). */
  actor: string;
  /** What: `resend`, `create`, `request`, `approve`, `deny`, … */
  action: string;
  /** Which address, when there is one. */
  address?: string;
  /** How it ended: `sent`, `refused`, `failed`, … */
  outcome: string;
  /** A few words more (why it failed, which group), never a secret. */
  detail?: string;
}

/** A record as stored: `seq` grows with every append, so pages never skip or repeat one. */
export interface StoredAuditRecord extends AuditRecord {
  seq: number;
}

/** The audit log in the store: appended to, read newest first, pruned by age. */
export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  /** At most `limit` records older than `beforeSeq` (all when undefined), newest first. */
  page(limit: number, beforeSeq?: number): Promise<StoredAuditRecord[]>;
  /** Drops the records from before `cutoff` (Unix ms); resolves with how many went. */
  prune(cutoff: number): Promise<number>;
}
