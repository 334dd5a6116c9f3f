import type { Invitation } from '../vultr/invitation';

/**
 * The watcher's domain: what changed between two listings of the invitations, as news to
 * announce once each. Everything here is plain data (numbers, strings) so a shared store can
 * keep it as JSON.
 */

/** What the watcher remembers of one invitation between runs. */
export interface SeenInvitation {
  accepted: boolean;
  /** Pending and past its expiration at the time of the listing. */
  expired: boolean;
}

/** Invitation id → what was seen of it. */
export type Snapshot = Record<string, SeenInvitation>;

export type WatchEventKind = 'accepted' | 'expired' | 'new';

/** One piece of news. */
export interface WatchEvent {
  kind: WatchEventKind;
  /** The same news has the same key, so an event queued twice is announced once. */
  key: string;
  invitationId: string;
  email: string;
  inviterName: string | null;
  inviterEmail: string | null;
  /** Unix milliseconds; null when Vultr did not say. */
  createdAt: number | null;
  expiresAt: number | null;
  respondedAt: number | null;
  /** When the watcher noticed it. */
  seenAt: number;
}

/** What the watcher keeps between runs: the last listing and news not yet announced (what it announced is in the history). */
export interface WatchRecord {
  snapshot: Snapshot;
  unannounced: WatchEvent[];
}

export interface WatchOptions {
  /** Announce invitations that appear (INVITES_WATCH_NEW). */
  announceNew: boolean;
}

/** News kept while Slack refuses the post; beyond it the oldest is dropped (a long outage must not grow memory). */
export const MAX_UNANNOUNCED = 500;

/** Accepted: Vultr says so, or it filled in when the invitee responded. */
export function isAccepted(invitation: Invitation): boolean {
  return invitation.statusLabel.trim().toLowerCase() === 'accepted' || invitation.respondedAt !== null;
}

/** Pending, not accepted (a filled date_responded wins over a status that still says pending), and past its expiration. */
export function isExpiredPending(invitation: Invitation, now: Date): boolean {
  return (
    invitation.isPending && !isAccepted(invitation) && invitation.expiresAt !== null && invitation.expiresAt.getTime() <= now.getTime()
  );
}

export function snapshotOf(invitations: readonly Invitation[], now: Date): Snapshot {
  return Object.fromEntries(invitations.map((inv) => [inv.id, { accepted: isAccepted(inv), expired: isExpiredPending(inv, now) }]));
}

const ms = (date: Date | null): number | null => (date === null ? null : date.getTime());

function eventOf(kind: WatchEventKind, invitation: Invitation, now: Date): WatchEvent {
  // An invitation expires again after a resend moved its expiration: that is new news.
  const key = kind === 'expired' ? `expired:${invitation.id}:${ms(invitation.expiresAt)}` : `${kind}:${invitation.id}`;
  return {
    kind,
    key,
    invitationId: invitation.id,
    email: invitation.emailInvited,
    inviterName: invitation.inviterName,
    inviterEmail: invitation.inviterEmail,
    createdAt: ms(invitation.createdAt),
    expiresAt: ms(invitation.expiresAt),
    respondedAt: ms(invitation.respondedAt),
    seenAt: now.getTime(),
  };
}

/**
 * The news between the previous listing and this one: an invitation turned accepted, a pending
 * one whose expiration passed, and (when asked) one that was not there before. An invitation
 * that disappears is not news: nothing says why it went.
 */
export function diffSnapshot(previous: Snapshot, invitations: readonly Invitation[], now: Date, options: WatchOptions): WatchEvent[] {
  const events: WatchEvent[] = [];
  for (const invitation of invitations) {
    const before = previous[invitation.id];
    const accepted = isAccepted(invitation);
    if (before === undefined) {
      if (accepted) events.push(eventOf('accepted', invitation, now));
      else if (options.announceNew && invitation.isPending) events.push(eventOf('new', invitation, now));
      continue;
    }
    if (accepted && !before.accepted) events.push(eventOf('accepted', invitation, now));
    if (isExpiredPending(invitation, now) && !before.expired) events.push(eventOf('expired', invitation, now));
  }
  return events;
}

/**
 * One run's listing folded into the record. The first run (no record) only learns the state;
 * later runs add their news to what is still unannounced, once per key.
 */
export function observe(record: WatchRecord | null, invitations: readonly Invitation[], now: Date, options: WatchOptions): WatchRecord {
  const snapshot = snapshotOf(invitations, now);
  if (record === null) return { snapshot, unannounced: [] };
  const queued = new Set(record.unannounced.map((e) => e.key));
  const fresh = diffSnapshot(record.snapshot, invitations, now, options).filter((e) => !queued.has(e.key));
  return { snapshot, unannounced: [...record.unannounced, ...fresh].slice(-MAX_UNANNOUNCED) };
}

/** After a successful post: the news leaves the queue. */
export function markAnnounced(record: WatchRecord): WatchRecord {
  return { snapshot: record.snapshot, unannounced: [] };
}
