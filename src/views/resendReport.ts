import type { Button } from '@slack/types';
import type { ResendRequest } from '../domain/resend';
import type { InvitationPage } from '../domain/listing';
import type { ResendReport } from '../domain/report';
import { ACTION_PAGE, ACTION_RESEND, ACTION_RESEND_ALL, encodeBulkValue, encodePageValue, encodeResendValue } from './actionPayloads';
import { button, confirmDialog, section } from './blocks';
import { renderInvitationList } from './invitationList';
import type { SlackMessage } from './message';
import { vultrFailureText } from './problems';
import { resendNotice } from './resendNotice';

type ListState = { q: string; p: number };

/**
 * "Try again" for what failed before anything was sent: after a single Resend it goes back
 * through the single action; after a Resend all, "Retry failed" goes through Resend all; the
 * same exactly-once rules apply either way.
 */
export function retryButton(
  failed: readonly ResendRequest[],
  listState: ListState,
  actions: { one: string; many: string },
  fromBatch = failed.length > 1,
): Button | null {
  const [first] = failed;
  if (first === undefined) return null;
  const confirm = confirmDialog({
    title: 'Try the resend again?',
    text: `Vultr will e-mail ${failed.length === 1 ? 'the invitation' : `${failed.length} invitations`} again and extend the expiration.`,
    confirm: 'Resend',
  });
  return !fromBatch
    ? button({
        actionId: actions.one,
        text: 'Try again',
        confirm,
        value: encodeResendValue({ i: first.invitationId, e: first.shownExpiry, ...listState }),
      })
    : button({
        actionId: actions.many,
        text: 'Retry failed',
        confirm,
        value: encodeBulkValue({ b: failed.map((r) => [r.invitationId, r.shownExpiry]), ...listState }),
      });
}

/** The `/invites` message after a Resend or Resend all click: the outcome on top, the refreshed page below. */
export function renderListResendReport(
  { result, shown: list, notifyProblem }: ResendReport<InvitationPage>,
  listState: ListState,
  now: Date,
): SlackMessage {
  const known = 'data' in list ? new Map(list.data.rows.map((inv) => [inv.id, inv])) : new Map();
  const notice = resendNotice(result, now, known, notifyProblem);
  const retry = retryButton(notice.retry, listState, { one: ACTION_RESEND, many: ACTION_RESEND_ALL }, result.items.length > 1);
  const accessory = retry ? { accessory: retry } : {};

  if ('error' in list) {
    const refresh = button({ actionId: `${ACTION_PAGE}:refresh`, text: 'Refresh', value: encodePageValue(listState) });
    return {
      text: notice.text,
      blocks: [
        section(notice.text, accessory),
        section(`Could not reload the list: ${vultrFailureText(list.error)}`, { accessory: refresh }),
      ],
    };
  }
  return renderInvitationList({ page: list.data, now, notice: { text: notice.text, ...accessory }, rowNotes: notice.rowNotes });
}
