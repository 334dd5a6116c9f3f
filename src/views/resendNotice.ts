import { RECENT_RESEND_MS, type ResendOutcome, type ResendRequest } from '../domain/resend';
import type { BatchResult, ItemResult } from '../domain/batch';
import type { Invitation } from '../vultr/invitation';
import { LIMITS } from './blocks';
import { expiryClause } from './dates';
import type { RowNote } from './invitationList';
import { truncateMrkdwn, userMention, vultrText } from './mrkdwn';
import { vultrFailureText } from './problems';

/**
 * What a Resend click did, in words, for every surface (the `/invites` list, the digest, the
 * Home tab): a notice for the top of the message, notes for the rows it touched, and the
 * requests that failed before anything was sent (for a "Try again" button).
 */
export interface ResendNotice {
  text: string;
  rowNotes: Map<string, RowNote>;
  retry: ResendRequest[];
}

const email = (address: string) => `*${vultrText(address, 254)}*`;

function itemLine(item: ItemResult, clicker: string, now: Date, known: ReadonlyMap<string, Invitation>): { text: string; note?: RowNote } {
  const { outcome } = item;
  // A joined click reports the resend of whoever started it.
  const actor = item.startedBy ?? clicker;
  const joined = item.joined ? 'Another click was already resending this invitation. ' : '';
  const who = known.get(item.request.invitationId);
  const target = who ? email(who.emailInvited) : 'the invitation';
  switch (outcome.kind) {
    case 'resent': {
      const expiry = expiryClause(outcome.invitation.expiresAt, now, 'now expires', 'new expiration unknown');
      return {
        text: `${joined}:white_check_mark: Resent by ${userMention(actor)}: ${email(outcome.invitation.emailInvited)}, ${expiry}.`,
        note: { text: `Resent by ${userMention(actor)}, ${expiry}`, offerResend: false },
      };
    }
    case 'changed':
      return {
        text: `${joined}:information_source: Already resent elsewhere: ${email(outcome.invitation.emailInvited)} ${expiryClause(
          outcome.invitation.expiresAt,
          now,
          'now expires',
          'has an unknown expiration',
        )}. Nothing was sent. If it still needs a resend, use its fresh button.`,
        note: { text: 'Already resent elsewhere; this row shows its current state', offerResend: true },
      };
    case 'recently_resent':
      return {
        text: `${joined}:information_source: ${email(outcome.invitation.emailInvited)} was resent from here less than ${
          RECENT_RESEND_MS / 60_000
        } minutes ago, and Vultr shows no change to tell a new click from an old one. Nothing was sent; it can be resent again after that.`,
        note: { text: 'Resent here recently; nothing was sent', offerResend: false },
      };
    case 'not_pending':
      return {
        text: `${joined}:information_source: ${email(outcome.invitation.emailInvited)} is no longer pending (status: ${vultrText(outcome.invitation.statusLabel, 50)}). Nothing was sent.`,
      };
    case 'gone':
      return { text: `${joined}:information_source: That invitation no longer exists at Vultr. Nothing was sent.` };
    case 'failed':
      return { text: `${joined}${failedText(outcome, target, now)}` };
  }
}

/** A failure, honest about what is known: nothing sent, may still go out (with what the re-reads found), or unknown. */
function failedText(outcome: Extract<ResendOutcome, { kind: 'failed' }>, target: string, now: Date): string {
  if (!outcome.mayHaveSent) return `:warning: Could not resend ${target}: ${vultrFailureText(outcome.error)} Nothing was sent.`;
  if (outcome.lastSeen === undefined) {
    return `:warning: Vultr did not confirm the resend to ${target} and its state could not be read back: ${vultrFailureText(
      outcome.error,
    )} The e-mail may or may not have gone out; check the list before trying again.`;
  }
  const seen = expiryClause(outcome.lastSeen.expiresAt, now, 'still', 'still unknown');
  const why = outcome.error.kind === 'timeout' ? 'no answer in time' : 'the connection broke';
  return `:warning: Vultr did not confirm the resend to ${target} (${why}), so the e-mail may still go out. Checked again a few seconds later, its expiration had not moved (${seen}). Refresh the list in a minute before trying again.`;
}

/** Lines listed under a bulk summary, and their length; the rest is counted, so the notice stays within Slack's limits. */
const MAX_BATCH_LINES = 8;
const MAX_LINE = 300;

/** "5 resent, 1 failed: …": resent rows speak for themselves (their notes), the others are listed. */
function batchSummary(result: BatchResult, lines: string[]): string {
  const count = (kind: string) => result.items.filter((i) => i.outcome.kind === kind).length;
  const resent = count('resent');
  const failed = count('failed');
  const skipped = result.items.length - resent - failed;
  const parts = [`${resent} resent`, ...(failed > 0 ? [`${failed} failed`] : []), ...(skipped > 0 ? [`${skipped} skipped`] : [])];
  const others = lines.filter((_line, index) => result.items[index]?.outcome.kind !== 'resent');
  const shown = others.slice(0, MAX_BATCH_LINES).map((l) => `• ${truncateMrkdwn(l, MAX_LINE)}`);
  if (others.length > MAX_BATCH_LINES) shown.push(`• …and ${others.length - MAX_BATCH_LINES} more`);
  return [`*Resend all, by ${userMention(result.context.actorUserId)}:* ${parts.join(', ')}.`, ...shown].join('\n');
}

/**
 * `known` names invitations that failed before Vultr said who they were (from the reloaded list);
 * `notifyProblem` says why the team's channel could not be told.
 */
export function resendNotice(
  result: BatchResult,
  now: Date,
  known: ReadonlyMap<string, Invitation> = new Map(),
  notifyProblem?: string,
): ResendNotice {
  const rowNotes = new Map<string, RowNote>();
  const lines: string[] = [];
  for (const item of result.items) {
    const { text, note } = itemLine(item, result.context.actorUserId, now, known);
    lines.push(text);
    if (note) rowNotes.set(item.request.invitationId, note);
  }
  const retry = result.items.filter((item) => item.outcome.kind === 'failed' && !item.outcome.mayHaveSent).map((item) => item.request);
  const body = result.items.length === 1 ? (lines[0] as string) : batchSummary(result, lines);
  const notify = notifyProblem === undefined ? [] : [notifyProblem];
  // The body is the part that may be cut, never how to fix the notification.
  const room = LIMITS.sectionText - notify.reduce((n, line) => n + line.length + 1, 0);
  return { text: [truncateMrkdwn(body, room), ...notify].join('\n'), rowNotes, retry };
}

/** Shown at once while a batch runs: the result replaces it when every resend is done. */
export function progressText(count: number): string {
  return `:hourglass_flowing_sand: Resending ${count} invitations, two at a time. This takes a few seconds; the result replaces this message.`;
}
