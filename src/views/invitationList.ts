import { plural } from '../util/plural';
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { GroupRef } from '../domain/groupGrants';
import type { InvitationPage } from '../domain/listing';
import { urgencyOf, type Urgency } from '../domain/urgency';
import type { Invitation } from '../vultr/invitation';
import {
  ACTION_NEW_INVITATION,
  ACTION_PAGE,
  ACTION_RESEND,
  ACTION_RESEND_ALL,
  MAX_BULK,
  encodeBulkValue,
  encodePageValue,
  encodeResendValue,
  toUnixSeconds,
} from './actionPayloads';
import { LIMITS, actions, button, confirmDialog, context, divider, header, section, type ButtonSpec } from './blocks';
import { expiryClause, relativeTo, slackDate } from './dates';
import { countPrefix, gapsBlocks } from './listGaps';
import { escapeMrkdwn, oneLine, truncate, vultrText } from './mrkdwn';
import type { SlackMessage } from './message';

/** What a row says after something happened to it (a resend, a stale click). */
export interface RowNote {
  /** mrkdwn, already escaped. */
  text: string;
  /** Whether the row still offers Resend (false right after a resend, so one click is one e-mail). */
  offerResend: boolean;
}

/** What a row shows besides the invitation itself. */
export interface RowExtras {
  note?: RowNote;
  /** The group its acceptance will grant. */
  group?: GroupRef;
}

/** A row's extras on a list, whose groups and notes are keyed by invitation id. */
export function extrasOf(
  invitationId: string,
  groups: ReadonlyMap<string, GroupRef> | undefined,
  rowNotes: ReadonlyMap<string, RowNote> | undefined,
): RowExtras {
  return { note: rowNotes?.get(invitationId), group: groups?.get(invitationId) };
}

export interface InvitationListModel {
  page: InvitationPage;
  now: Date;
  /** A banner above the rows: the outcome of the last click (mrkdwn, already escaped), maybe with a button. */
  notice?: { text: string; accessory?: Button };
  rowNotes?: ReadonlyMap<string, RowNote>;
}

const urgencyMark: Record<Urgency, string> = {
  expired: ':red_circle: *Expired*',
  soon: ':large_orange_circle: *Expires soon*',
  fine: ':large_green_circle: Valid',
  unknown: ':white_circle: Expiration unknown',
};

export function countLabel(count: number): string {
  return plural(count, 'pending invitation');
}

function filterLabel(filter: string): string {
  return filter === '' ? '' : ` matching “${truncate(filter, 40)}”`;
}

/**
 * The empty list. A search that matched nothing says only that: other invitations may well need
 * a resend, so no all-clear.
 */
function emptyText(filter: string): string {
  return filter === ''
    ? ':tada: No pending invitations. Nothing needs a resend right now.'
    : `:mag: No pending invitation matches *${escapeMrkdwn(truncate(filter, 40))}*.`;
}

/** What a Resend button needs to know of an invitation. */
export type Resendable = Pick<Invitation, 'id' | 'emailInvited' | 'expiresAt'>;

export function resendButton(invitation: Resendable, listState: { q: string; p: number }, actionId: string = ACTION_RESEND): ButtonSpec {
  return {
    actionId,
    text: 'Resend',
    style: 'primary',
    value: encodeResendValue({ i: invitation.id, e: toUnixSeconds(invitation.expiresAt), ...listState }),
    confirm: confirmDialog({
      title: 'Resend invitation?',
      text: `Resend the invitation to ${oneLine(invitation.emailInvited)}? Vultr will e-mail it again and extend its expiration.`,
      confirm: 'Resend',
    }),
  };
}

export function inviterText(invitation: Invitation): string {
  const name = invitation.inviterName ?? invitation.inviterEmail;
  if (name === null) return 'unknown inviter';
  const email = invitation.inviterName !== null && invitation.inviterEmail !== null ? ` (${invitation.inviterEmail})` : '';
  return vultrText(`${name}${email}`, 200);
}

/** Vultr's group names are free text: long ones are cut, so the row's other lines always fit. */
const GROUP_NAME_MAX = 100;

function rowText(invitation: Invitation, now: Date, { note, group }: RowExtras): string {
  const joins = group ? ` · joins *${vultrText(group.name, GROUP_NAME_MAX)}*` : '';
  const lines = [
    `*${vultrText(invitation.emailInvited, 254)}* · ${urgencyMark[urgencyOf(invitation.expiresAt, now)]}${joins}`,
    `Invited by ${inviterText(invitation)}${
      invitation.createdAt ? ` · sent ${slackDate(invitation.createdAt)} (${relativeTo(invitation.createdAt, now)})` : ''
    }`,
    expiryClause(invitation.expiresAt, now, 'Expires', 'Expiration unknown'),
  ];
  if (note) lines.push(`_${note.text}_`);
  return lines.join('\n');
}

/**
 * "Resend all N expired", offered from two expired invitations up. One button carries at most
 * MAX_BULK rows (ids and shown expirations, for the stale-row check); the label says so.
 */
export function resendAllButton(expired: readonly Resendable[], listState: { q: string; p: number }, actionId: string): ButtonSpec | null {
  if (expired.length < 2) return null;
  // Ids are opaque (up to 64 characters): fewer rows per button when they are long.
  const valueOf = (rows: readonly Resendable[]) =>
    encodeBulkValue({ b: rows.map((inv) => [inv.id, toUnixSeconds(inv.expiresAt)]), ...listState });
  let batch = expired.slice(0, MAX_BULK);
  while (batch.length > 1 && valueOf(batch).length > LIMITS.buttonValue) batch = batch.slice(0, -1);
  const label =
    batch.length === expired.length ? `Resend all ${batch.length} expired` : `Resend ${batch.length} of ${expired.length} expired`;
  return {
    actionId,
    text: label,
    value: valueOf(batch),
    confirm: confirmDialog({
      title: 'Resend expired invitations?',
      text: `Resend ${plural(batch.length, 'expired invitation')}? Vultr will e-mail each invitee again and extend the expiration.`,
      confirm: `Resend ${batch.length}`,
    }),
  };
}

/**
 * One invitation: a section with e-mail, urgency, the group it will grant, inviter, dates and an optional note, and the
 * row's buttons (made by `rowActions`, so each surface uses its own action ids) while it is
 * pending and the note does not withhold them. One button is the section's accessory (one block
 * per row); several go in an actions block under it (two blocks per row: 15 rows stay within a
 * message's 50 blocks, 40 within a view's 100).
 */
export function invitationRow(
  invitation: Invitation,
  now: Date,
  extras: RowExtras,
  rowActions: (invitation: Invitation) => readonly ButtonSpec[],
): KnownBlock[] {
  const offered = invitation.isPending && (extras.note?.offerResend ?? true) ? rowActions(invitation) : [];
  const [only] = offered;
  const row = section(rowText(invitation, now, extras), {
    blockId: `inv:${invitation.id}:${toUnixSeconds(invitation.expiresAt) ?? 'none'}`,
    ...(offered.length === 1 && only ? { accessory: button(only) } : {}),
  });
  return offered.length > 1 ? [row, actions(`inv-actions:${invitation.id}`, offered.map(button))] : [row];
}

/** The action ids of a list's buttons, so the `/invites` message and the Home tab share one rendering. */
export interface ListActionIds {
  /** Prefix of Previous / Next / Refresh (`…:prev`, `…:next`, `…:refresh`). */
  page: string;
  resendAll: string;
  /** Prefix of the navigation block's id. */
  navBlock: string;
}

const LIST_ACTIONS: ListActionIds = { page: ACTION_PAGE, resendAll: ACTION_RESEND_ALL, navBlock: 'invites_nav' };

/** Previous / Next (when there is such a page), Refresh, and Resend all expired (from two up). */
export function navigation(page: InvitationPage, ids: ListActionIds = LIST_ACTIONS): ActionsBlock {
  const state = (p: number) => encodePageValue({ q: page.filter, p });
  const buttons = [
    ...(page.pageIndex > 0 ? [button({ actionId: `${ids.page}:prev`, text: '◀ Previous', value: state(page.pageIndex - 1) })] : []),
    ...(page.pageIndex < page.pageCount - 1
      ? [button({ actionId: `${ids.page}:next`, text: 'Next ▶', value: state(page.pageIndex + 1) })]
      : []),
    button({ actionId: `${ids.page}:refresh`, text: 'Refresh', value: state(page.pageIndex) }),
  ];
  const resendAll = resendAllButton(page.expired ?? [], { q: page.filter, p: page.pageIndex }, ids.resendAll);
  if (resendAll) buttons.push(button(resendAll));
  return actions(`${ids.navBlock}:${page.pageIndex}`, buttons);
}

/** **New invitation**, its own row under the paging buttons (the `/invites` list and the Home tab): opens the invite modal. */
export function newInvitationRow(): ActionsBlock {
  return actions('invites_create', [button({ actionId: ACTION_NEW_INVITATION, text: 'New invitation', value: 'new' })]);
}

/** The `/invites` message: a header with the count, one section per invitation, paging. */
export function renderInvitationList(model: InvitationListModel): SlackMessage {
  const { page, now } = model;
  const title = `${countPrefix(page.gaps)}${countLabel(page.total)}${filterLabel(page.filter)}`;
  const blocks: KnownBlock[] = [];
  if (model.notice) blocks.push(section(model.notice.text, model.notice.accessory ? { accessory: model.notice.accessory } : {}));

  if (page.total === 0) {
    blocks.push(...gapsBlocks(page.gaps), section(emptyText(page.filter)), navigation(page), newInvitationRow());
    return { text: `No pending invitations${escapeMrkdwn(filterLabel(page.filter))}`, blocks };
  }

  const first = page.offset + 1;
  const last = page.offset + page.rows.length;
  blocks.unshift(header(title));
  blocks.push(
    context(`Showing ${first}–${last} of ${page.total} · soonest expiration first · as of ${slackDate(now)}`),
    ...gapsBlocks(page.gaps),
    divider(),
  );
  const listState = { q: page.filter, p: page.pageIndex };
  for (const invitation of page.rows) {
    const extras = extrasOf(invitation.id, page.groups, model.rowNotes);
    blocks.push(...invitationRow(invitation, now, extras, (inv) => [resendButton(inv, listState)]));
  }
  blocks.push(divider(), navigation(page), newInvitationRow());
  return { text: escapeMrkdwn(title), blocks };
}
