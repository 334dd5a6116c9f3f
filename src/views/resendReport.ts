import type { ResendReport } from '../invites/service';
import { ACTION_PAGE, ACTION_RESEND, encodePageValue, encodeResendValue } from './actionPayloads';
import { button, confirmDialog, section } from './blocks';
import { expiryClause } from './dates';
import { renderInvitationList, type RowNote, type SlackMessage } from './invitationList';
import { escapeMrkdwn, truncate, userMention } from './mrkdwn';
import { notifyFailureText, vultrFailureText } from './problems';

const email = (address: string) => `*${escapeMrkdwn(truncate(address, 254))}*`;

function outcomeNotice(report: ResendReport, now: Date): { notice: string; rowNote?: [string, RowNote] } {
  const { outcome, click } = report;
  const by = report.joined ? 'Another click was already resending this invitation. ' : '';
  switch (outcome.kind) {
    case 'resent': {
      const inv = outcome.invitation;
      const expiry = expiryClause(inv.expiresAt, now, 'now expires', 'new expiration unknown');
      return {
        notice: `${by}:white_check_mark: Resent by ${userMention(click.actorUserId)}: ${email(inv.emailInvited)}, ${expiry}.`,
        rowNote: [inv.id, { text: `Resent by ${userMention(click.actorUserId)}, ${expiry}`, offerResend: false }],
      };
    }
    case 'changed':
      return {
        notice: `${by}:information_source: Already resent elsewhere: ${email(outcome.invitation.emailInvited)} ${expiryClause(
          outcome.invitation.expiresAt,
          now,
          'now expires',
          'has an unknown expiration',
        )}. Nothing was sent. If it still needs a resend, use its fresh button below.`,
        rowNote: [outcome.invitation.id, { text: 'Already resent elsewhere; this row shows its current state', offerResend: true }],
      };
    case 'not_pending':
      return {
        notice: `${by}:information_source: ${email(outcome.invitation.emailInvited)} is no longer pending (status: ${escapeMrkdwn(
          truncate(outcome.invitation.statusLabel, 50),
        )}). Nothing was sent.`,
      };
    case 'gone':
      return { notice: `${by}:information_source: That invitation no longer exists at Vultr. Nothing was sent.` };
    case 'failed':
      return {
        notice: outcome.mayHaveSent
          ? `${by}:warning: Vultr did not confirm the resend and its state could not be read back: ${vultrFailureText(
              outcome.error,
            )} The e-mail may or may not have gone out; check the list before trying again.`
          : `${by}:warning: Could not resend: ${vultrFailureText(outcome.error)} Nothing was sent.`,
      };
  }
}

function tryAgainButton(report: ResendReport) {
  const { click } = report;
  return button({
    actionId: ACTION_RESEND,
    text: 'Try again',
    value: encodeResendValue({ i: click.invitationId, e: click.shownExpiry, q: click.filter, p: click.pageIndex }),
    confirm: confirmDialog({
      title: 'Try the resend again?',
      text: 'Vultr will e-mail the invitation again and extend its expiration.',
      confirm: 'Resend',
    }),
  });
}

/** The list message after a Resend click: the outcome on top, the refreshed page below. */
export function renderResendReport(report: ResendReport, now: Date): SlackMessage {
  const { notice, rowNote } = outcomeNotice(report, now);
  const lines = [notice];
  if (report.notification && !report.notification.ok) {
    lines.push(notifyFailureText(report.notification.channel, report.notification.slackError));
  }
  const text = lines.join('\n');
  const failedBeforeSending = report.outcome.kind === 'failed' && !report.outcome.mayHaveSent;

  if ('error' in report.list) {
    const refresh = button({
      actionId: `${ACTION_PAGE}:refresh`,
      text: 'Refresh',
      value: encodePageValue({ q: report.click.filter, p: report.click.pageIndex }),
    });
    return {
      text,
      blocks: [
        section(text, failedBeforeSending ? { accessory: tryAgainButton(report) } : {}),
        section(`Could not reload the list: ${vultrFailureText(report.list.error)}`, { accessory: refresh }),
      ],
    };
  }
  return renderInvitationList({
    page: report.list.page,
    now,
    notice: { text, ...(failedBeforeSending ? { accessory: tryAgainButton(report) } : {}) },
    ...(rowNote ? { rowNotes: new Map([rowNote]) } : {}),
  });
}
