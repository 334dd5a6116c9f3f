import type { KnownBlock, SectionBlock } from '@slack/types';
import type { BatchResult } from '../domain/batch';
import { isExpiredPending, type WatchEvent } from '../domain/watch';
import type { Invitation } from '../vultr/invitation';
import { ACTION_WATCH_RESEND, ACTION_WATCH_RESEND_ALL, decodeResendValue } from './actionPayloads';
import { actions, button, context, section } from './blocks';
import { durationBetween, slackDay } from './dates';
import { resendAllButton, resendButton, type Resendable } from './invitationList';
import type { SlackMessage } from './message';
import { vultrText } from './mrkdwn';
import { retryButton } from './resendReport';
import { resendNotice } from './resendNotice';

/** Events shown in one announcement; the rest are counted ("…and N more"). Keeps it well under Slack's 50 blocks. */
export const MAX_NEWS = 20;

/** Announcements carry no list state: a Resend there always acts on what is current. */
export const WATCH_STATE = { q: '', p: 0 } as const;

const NOTICE_BLOCK = 'watch_notice';
const BULK_BLOCK = 'watch_bulk';

const address = (email: string) => `*${vultrText(email, 254)}*`;
const date = (ms: number | null) => (ms === null ? null : new Date(ms));

function inviter(event: WatchEvent): string {
  return vultrText(event.inviterName ?? event.inviterEmail ?? 'an unknown inviter', 200);
}

/** One event in words (mrkdwn, escaped), the same in the channel and on the App Home. */
export function eventLine(event: WatchEvent): string {
  const created = date(event.createdAt);
  switch (event.kind) {
    case 'accepted': {
      const when = date(event.respondedAt) ?? new Date(event.seenAt);
      const detail = created ? ` on ${slackDay(created)}, after ${durationBetween(created, when)}` : '';
      return `:white_check_mark: ${address(event.email)} accepted the invitation (invited by ${inviter(event)}${detail})`;
    }
    case 'expired':
      return `:hourglass: The invitation to ${address(event.email)} expired (${created ? `sent ${slackDay(created)} ` : ''}by ${inviter(event)})`;
    case 'new':
      return `:incoming_envelope: ${address(event.email)} was invited by ${inviter(event)}`;
  }
}

const resendableOf = (event: WatchEvent): Resendable => ({
  id: event.invitationId,
  emailInvited: event.email,
  expiresAt: date(event.expiresAt),
});

function resendAll(rows: readonly Resendable[]): KnownBlock[] {
  const spec = resendAllButton(rows, WATCH_STATE, ACTION_WATCH_RESEND_ALL);
  return spec ? [actions(BULK_BLOCK, [button(spec)])] : [];
}

/** One channel message for a run's news: a line each (expired ones with Resend), capped, with Resend all from two expired up. */
export function renderWatchNews(events: readonly WatchEvent[]): SlackMessage {
  const shown = events.slice(0, MAX_NEWS);
  const blocks: KnownBlock[] = shown.map((event) =>
    section(
      eventLine(event),
      event.kind === 'expired' ? { accessory: button(resendButton(resendableOf(event), WATCH_STATE, ACTION_WATCH_RESEND)) } : {},
    ),
  );
  if (events.length > MAX_NEWS) blocks.push(context(`…and ${events.length - MAX_NEWS} more. Run \`/invites\` to see the current list.`));
  blocks.push(...resendAll(shown.filter((e) => e.kind === 'expired').map(resendableOf)));
  const [first] = events;
  const text = events.length === 1 && first ? eventLine(first) : `${events.length} invitation updates`;
  return { text, blocks };
}

/** The Resend button on a row of an announcement, when it has one. */
function resendIdOf(block: KnownBlock): string | null {
  if (block.type !== 'section' || block.accessory?.type !== 'button' || block.accessory.action_id !== ACTION_WATCH_RESEND) return null;
  return decodeResendValue(block.accessory.value)?.i ?? null;
}

/**
 * The announcement after a Resend click, for everyone in the channel: the outcome on top, each
 * row as announced with a note when the click touched it, and Resend only on rows whose
 * invitation is still pending and expired now (with its current expiration, for the stale-row check).
 */
export function renderWatchNewsAfterResend(
  announced: readonly KnownBlock[],
  result: BatchResult,
  current: ReadonlyMap<string, Invitation>,
  now: Date,
  notifyProblem?: string,
): SlackMessage {
  const notice = resendNotice(result, now, current, notifyProblem);
  const retry = retryButton(
    notice.retry,
    WATCH_STATE,
    { one: ACTION_WATCH_RESEND, many: ACTION_WATCH_RESEND_ALL },
    result.items.length > 1,
  );
  const stillExpired: Invitation[] = [];
  const rows = announced.flatMap((block): KnownBlock[] => {
    if (block.block_id === NOTICE_BLOCK || block.block_id === BULK_BLOCK) return [];
    const id = resendIdOf(block);
    if (id === null) return [block];
    const note = notice.rowNotes.get(id);
    const line = ((block as SectionBlock).text?.text ?? '').split('\n')[0] ?? '';
    const invitation = current.get(id);
    const offer = invitation !== undefined && isExpiredPending(invitation, now) && (note?.offerResend ?? true);
    if (offer) stillExpired.push(invitation);
    const text = note ? `${line}\n_${note.text}_` : line;
    return [section(text, offer ? { accessory: button(resendButton(invitation, WATCH_STATE, ACTION_WATCH_RESEND)) } : {})];
  });
  const top = section(notice.text, { blockId: NOTICE_BLOCK, ...(retry ? { accessory: retry } : {}) });
  return { text: 'Invitation updates', blocks: [top, ...rows, ...resendAll(stillExpired)] };
}
