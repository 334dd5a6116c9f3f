import { plural } from '../util/plural';
import type { Button, KnownBlock } from '@slack/types';
import { durationText } from '../util/duration';
import { MAX_DIGEST_ROWS, digestSize, type Digest } from '../domain/digest';
import type { Invitation } from '../vultr/invitation';
import { ACTION_DIGEST_RESEND, ACTION_DIGEST_RESEND_ALL } from './actionPayloads';
import { actions, button, context, divider, header, section } from './blocks';
import { slackDate } from './dates';
import { countPrefix, gapsBlocks } from './listGaps';
import { extrasOf, invitationRow, resendAllButton, resendButton, type RowNote } from './invitationList';
import type { SlackMessage } from './message';

/** The digest carries no list state: it always shows what is due now. */
export const DIGEST_STATE = { q: '', p: 0 } as const;

export interface DigestModel {
  digest: Digest;
  now: Date;
  /** The outcome of the last click (mrkdwn, escaped), with an optional Try again button. */
  notice?: { text: string; accessory?: Button };
  rowNotes?: ReadonlyMap<string, RowNote>;
}

/** The channel message listing invitations that are expired or about to expire. */
export function renderDigest(model: DigestModel): SlackMessage {
  const { digest, now } = model;
  const total = digestSize(digest);
  const within = durationText(digest.withinMs);
  const blocks: KnownBlock[] = [];
  const title =
    total === 0
      ? digest.gaps?.incomplete
        ? 'No invitation in the part of the list read needs attention'
        : 'All invitations are fine'
      : `${countPrefix(digest.gaps)}${plural(total, 'invitation')} need${total === 1 ? 's' : ''} attention`;
  blocks.push(header(`:alarm_clock: ${title}`));
  blocks.push(
    context(`${digest.expired.length} expired · ${digest.expiringSoon.length} expiring within ${within} · as of ${slackDate(digest.asOf)}`),
    ...gapsBlocks(digest.gaps),
  );
  if (model.notice) blocks.push(section(model.notice.text, model.notice.accessory ? { accessory: model.notice.accessory } : {}));
  if (total === 0) {
    blocks.push(section(`No pending invitation has expired or expires within ${within}. :tada:`));
    return { text: title, blocks };
  }

  let room = MAX_DIGEST_ROWS;
  const group = (heading: string, invitations: readonly Invitation[]) => {
    if (invitations.length === 0) return;
    blocks.push(divider(), section(`*${heading}*`));
    for (const invitation of invitations.slice(0, room)) {
      blocks.push(
        ...invitationRow(invitation, now, extrasOf(invitation.id, digest.groups, model.rowNotes), (inv) => [
          resendButton(inv, DIGEST_STATE, ACTION_DIGEST_RESEND),
        ]),
      );
    }
    room -= Math.min(room, invitations.length);
  };
  group(`Expired (${digest.expired.length})`, digest.expired);
  group(`Expiring within ${within} (${digest.expiringSoon.length})`, digest.expiringSoon);
  if (total > MAX_DIGEST_ROWS) {
    blocks.push(context(`…and ${total - MAX_DIGEST_ROWS} more. Run \`/invites\` to see them all.`));
  }
  const resendAll = resendAllButton(digest.expired, DIGEST_STATE, ACTION_DIGEST_RESEND_ALL);
  if (resendAll) blocks.push(divider(), actions('digest_bulk', [button(resendAll)]));
  return { text: title, blocks };
}
