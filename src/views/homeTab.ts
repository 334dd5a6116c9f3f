import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { BatchResult } from '../domain/batch';
import type { HomeList } from '../domain/homeList';
import type { ResendReport } from '../domain/report';
import { SOON_WITHIN_HOURS, type UrgencyCounts } from '../domain/urgency';
import { isVultrError } from '../vultr/errors';
import { ACTION_HOME_PAGE, ACTION_HOME_RESEND, ACTION_HOME_RESEND_ALL, encodePageValue } from './actionPayloads';
import { button, context, divider, header, section } from './blocks';
import { slackDate } from './dates';
import { countPrefix, gapsBlocks } from './listGaps';
import {
  countLabel,
  extrasOf,
  invitationRow,
  navigation,
  newInvitationRow,
  resendButton,
  type ListActionIds,
  type RowNote,
} from './invitationList';
import { renderRefusal, unexpectedText, vultrFailureText, type RefusalReason } from './problems';
import { resendNotice } from './resendNotice';
import { retryButton } from './resendReport';
import { recentActivity } from './history';
import type { AuditRecord } from '../coordination/auditLog';

/**
 * The App Home tab (published with views.publish): the pending list with counts by
 * urgency for allowed users, an explanation for everyone else. At most 100 blocks: one
 * page is HOME_ROWS_PER_PAGE rows plus six blocks around them.
 */
export type HomeTab = HomeView & { blocks: KnownBlock[] };

export const HOME_ACTIONS: ListActionIds = { page: ACTION_HOME_PAGE, resendAll: ACTION_HOME_RESEND_ALL, navBlock: 'home_nav' };

/** The outcome of the last click (mrkdwn, already escaped), with an optional Try again button. */
export interface HomeNotice {
  text: string;
  accessory?: Button;
}

export interface HomeModel extends HomeList {
  now: Date;
  notice?: HomeNotice;
  rowNotes?: ReadonlyMap<string, RowNote>;
  /** The history's newest records, newest first; null when the store cannot answer. */
  recent?: readonly AuditRecord[] | null;
}

const TITLE = 'Vultr invitations';

const ABOUT =
  "Invites Bot lists the organization's pending Vultr invitations and resends them. Only the users or the user group " +
  "chosen by whoever runs the bot can use it; when none are chosen, the workspace's admins and owners can.";

const home = (blocks: KnownBlock[]): HomeTab => ({ type: 'home', blocks });

const noticeSection = (notice: HomeNotice) => section(notice.text, notice.accessory ? { accessory: notice.accessory } : {});

/** "2 expired · 3 expire within 24 h · 10 valid" (and the unknown ones, when there are any). */
export function countsText(counts: UrgencyCounts): string {
  const parts = [
    `${counts.expired} expired`,
    `${counts.soon} expire${counts.soon === 1 ? 's' : ''} within ${SOON_WITHIN_HOURS} h`,
    `${counts.fine} valid`,
    ...(counts.unknown > 0 ? [`${counts.unknown} with unknown expiration`] : []),
  ];
  return parts.join(' · ');
}

/** The list: header, counts, the last click's notice, one page of rows, paging and Resend all. */
export function renderHome(model: HomeModel): HomeTab {
  const { page, now } = model;
  const asOf = `as of ${slackDate(now)}`;
  const blocks: KnownBlock[] = [header(TITLE)];
  if (page.total === 0) {
    blocks.push(context(`No pending invitations · ${asOf}`), ...gapsBlocks(page.gaps));
    if (model.notice) blocks.push(noticeSection(model.notice));
    blocks.push(
      section(':tada: No pending invitations. Nothing needs a resend right now.'),
      navigation(page, HOME_ACTIONS),
      newInvitationRow(),
    );
    return home([...blocks, ...recentActivity(model.recent)]);
  }

  const showing = `Showing ${page.offset + 1}–${page.offset + page.rows.length} of ${page.total} · soonest expiration first`;
  blocks.push(
    context(`*${countPrefix(page.gaps)}${countLabel(page.total)}:* ${countsText(model.counts)} · ${asOf}`, showing),
    ...gapsBlocks(page.gaps),
  );
  if (model.notice) blocks.push(noticeSection(model.notice));
  blocks.push(divider());
  const listState = { q: '', p: page.pageIndex };
  for (const invitation of page.rows) {
    blocks.push(
      ...invitationRow(invitation, now, extrasOf(invitation.id, page.groups, model.rowNotes), (inv) => [
        resendButton(inv, listState, ACTION_HOME_RESEND),
      ]),
    );
  }
  blocks.push(divider(), navigation(page, HOME_ACTIONS), newInvitationRow());
  return home([...blocks, ...recentActivity(model.recent)]);
}

/** A notice alone (e.g. while a batch runs): the list follows when it is done. */
export function renderHomeNotice(mrkdwn: string): HomeTab {
  return home([header(TITLE), section(mrkdwn)]);
}

/** For people who may not use the bot (or whose check failed, or whose click made no sense): what it is and who can use it. */
export function renderHomeRefusal(reason: RefusalReason = 'not_allowed'): HomeTab {
  return home([header('Invites Bot'), section(ABOUT), context(renderRefusal(reason).text)]);
}

/** The list could not be loaded: why, and a Refresh button (with the last click's notice on top, when there is one). */
export function renderHomeFailure(error: unknown, options: { pageIndex?: number; notice?: HomeNotice } = {}): HomeTab {
  const why = isVultrError(error) ? `:warning: Could not load the invitations. ${vultrFailureText(error)}` : unexpectedText(error);
  const refresh = button({
    actionId: `${ACTION_HOME_PAGE}:refresh`,
    text: 'Refresh',
    value: encodePageValue({ q: '', p: options.pageIndex ?? 0 }),
  });
  return home([header(TITLE), ...(options.notice ? [noticeSection(options.notice)] : []), section(why, { accessory: refresh })]);
}

/** Home has no "channel the click came from": without INVITES_NOTIFY_CHANNEL nobody else is told. */
function noChannelLine(result: BatchResult): string[] {
  const announced = result.items.some((item) => item.outcome.kind === 'resent' && !item.joined);
  return announced && result.context.notifyChannel === undefined
    ? [':information_source: No notification channel is configured (INVITES_NOTIFY_CHANNEL), so the team was not told in a channel.']
    : [];
}

/** The Home tab after a Resend or Resend all click: the outcome on top, the refreshed page below. */
export function renderHomeResendReport(
  { result, shown: list, notifyProblem }: ResendReport<HomeList>,
  pageIndex: number,
  now: Date,
  recent?: readonly AuditRecord[] | null,
): HomeTab {
  const known = 'data' in list ? new Map(list.data.page.rows.map((inv) => [inv.id, inv])) : new Map();
  const outcome = resendNotice(result, now, known, notifyProblem);
  const retry = retryButton(
    outcome.retry,
    { q: '', p: pageIndex },
    { one: ACTION_HOME_RESEND, many: ACTION_HOME_RESEND_ALL },
    result.items.length > 1,
  );
  const notice: HomeNotice = { text: [outcome.text, ...noChannelLine(result)].join('\n'), ...(retry ? { accessory: retry } : {}) };
  if ('error' in list) return renderHomeFailure(list.error, { pageIndex, notice });
  return renderHome({ ...list.data, now, notice, rowNotes: outcome.rowNotes, ...(recent !== undefined ? { recent } : {}) });
}
