import { pageOf, selectPending, type InvitationPage } from '../../src/domain/listing';
import type { ResendOutcome, ResendRequest } from '../../src/domain/resend';
import type { BatchResult, ItemResult, ResendContext } from '../../src/domain/batch';
import type { Reloaded } from '../../src/domain/directory';
import type { NotifyResult } from '../../src/platform/notify';
import {
  ACTION_PAGE,
  ACTION_RESEND,
  ACTION_RESEND_ALL,
  decodeBulkValue,
  decodePageValue,
  decodeResendValue,
} from '../../src/views/actionPayloads';
import { LIMITS } from '../../src/views/blocks';
import { renderResendNotification } from '../../src/views/notification';
import {
  notifyFailureText,
  problemMessage,
  renderListFailure,
  renderRefusal,
  renderUnexpected,
  vultrFailureText,
  type RefusalReason,
} from '../../src/views/problems';
import { resendNotice } from '../../src/views/resendNotice';
import { renderListResendReport, retryButton } from '../../src/views/resendReport';
import { VultrError, type VultrErrorKind } from '../../src/vultr/errors';
import type { Invitation } from '../../src/vultr/invitation';
import { allMrkdwn, blocksOf, buttonsOf, DATE_TOKEN, navButtons, rowFor, rowsOf, sectionsOf, type LooseBlock } from './blockInspect';
import { days, fromNow, hours, invitation, NOW, unixSeconds } from './fixtures';

const ACTOR = 'U0ACTOR1';
const FILTER = 'example';
const LIST_STATE = { q: FILTER, p: 0 };
const shownExpiry = fromNow(days(1));
const bob = invitation({ id: 'inv-bob', emailInvited: 'bob@example.com', expiresAt: shownExpiry });
const bobResent = invitation({ id: 'inv-bob', emailInvited: 'bob@example.com', expiresAt: fromNow(days(3)) });
const carol = invitation({ id: 'inv-carol', emailInvited: 'carol@example.com', expiresAt: fromNow(days(2)) });

const context: ResendContext = { actorUserId: ACTOR, source: 'slash command', notifyChannel: 'C0NOTIFY1' };

const requestFor = (inv: Pick<Invitation, 'id' | 'expiresAt'>): ResendRequest => ({
  invitationId: inv.id,
  shownExpiry: inv.expiresAt === null ? null : unixSeconds(inv.expiresAt),
});
const bobRequest = requestFor(bob);

const listOf = (...invitations: Invitation[]): { data: InvitationPage } => ({
  data: pageOf(selectPending(invitations, FILTER), 0, FILTER),
});

const item = (request: ResendRequest, outcome: ResendOutcome, joined = false, startedBy?: string): ItemResult => ({
  request,
  outcome,
  joined,
  startedBy,
});

/** A batch as resendBatch returns it. */
function batch(items: ItemResult[]): BatchResult {
  return { context, items };
}

interface ListResendReport {
  result: BatchResult;
  list: Reloaded<InvitationPage>;
  notification?: NotifyResult | null;
}

/** A single Resend click on bob's row. */
function report(
  outcome: ResendOutcome,
  overrides: { joined?: boolean; notification?: NotifyResult | null; list?: ListResendReport['list'] } = {},
): ListResendReport {
  return {
    result: batch([item(bobRequest, outcome, overrides.joined ?? false)]),
    list: overrides.list ?? listOf(outcome.kind === 'resent' ? bobResent : bob, carol),
    notification: overrides.notification ?? null,
  };
}

/** The click path's report: a failed notification becomes the problem it re-delivers. */
const asReport = ({ result, list, notification }: ListResendReport) => ({
  result,
  shown: list,
  ...(notification && !notification.ok ? { notifyProblem: notifyFailureText(notification.channel, notification.slackError) } : {}),
});

const render = (r: ListResendReport, listState = LIST_STATE) => renderListResendReport(asReport(r), listState, NOW);

const err = (kind: VultrErrorKind, details: { status?: number; vultrMessage?: string } = {}) =>
  new VultrError(kind, `fake ${kind}`, { ...details, operation: 'resend' });

/** The notice section: the first section of the message. */
const noticeOf = (message: ReturnType<typeof render>): LooseBlock => sectionsOf(message)[0]!;

describe('renderListResendReport: one Resend click', () => {
  describe('resent', () => {
    const message = render(report({ kind: 'resent', invitation: bobResent }));

    it('says who resent which invitation and its new expiry', () => {
      const text = noticeOf(message).text!.text;
      expect(text).toMatch(/^:white_check_mark: Resent by <@U0ACTOR1>: \*bob@example\.com\*, now expires /);
      expect(text).toMatch(DATE_TOKEN);
      expect(text).toContain(`<!date^${unixSeconds(bobResent.expiresAt!)}^`);
      expect(text).toContain('(expires in 3 days)');
      // One item: the per-outcome sentence, never the bulk summary.
      expect(text).not.toContain('Resend all');
    });

    it("notes it on the row and removes that row's Resend button (one click, one e-mail)", () => {
      const row = rowFor(message, 'inv-bob');
      expect(row.text!.text).toMatch(/_Resent by <@U0ACTOR1>, now expires <!date\^/);
      expect(row.accessory).toBeUndefined();
      expect(rowFor(message, 'inv-carol').accessory?.action_id).toBe(ACTION_RESEND);
    });

    it('offers no Try again', () => {
      expect(noticeOf(message).accessory).toBeUndefined();
      expect(buttonsOf(message).filter((b) => b.text.text === 'Try again' || b.text.text === 'Retry failed')).toHaveLength(0);
    });

    it('keeps the refreshed list (header and rows) under the notice', () => {
      const blocks = blocksOf(message);
      expect(blocks[0]?.type).toBe('header');
      expect(blocks[1]).toBe(noticeOf(message));
      expect(rowsOf(message)).toHaveLength(2);
      expect(message.text).toBe('2 pending invitations matching “example”');
    });

    it('says when the click joined a resend already in progress', () => {
      const joined = render(report({ kind: 'resent', invitation: bobResent }, { joined: true, notification: null }));
      expect(noticeOf(joined).text!.text).toMatch(/^Another click was already resending this invitation\. :white_check_mark: /);
    });

    it('reads naturally when the new expiry could not be read back', () => {
      const unknown = { ...bob, expiresAt: null };
      const text = noticeOf(render(report({ kind: 'resent', invitation: unknown }, { list: listOf(unknown) }))).text!.text;
      expect(text).toMatch(/new expiration unknown/i);
      expect(text).not.toMatch(/expires expiration unknown/i);
    });
  });

  describe('changed', () => {
    const message = render(report({ kind: 'changed', invitation: bobResent }, { list: listOf(bobResent, carol) }));

    it('says it was already resent elsewhere and nothing was sent', () => {
      const text = noticeOf(message).text!.text;
      expect(text).toContain(':information_source: Already resent elsewhere: *bob@example.com* now expires <!date^');
      expect(text).toContain('Nothing was sent.');
      expect(text).toContain('use its fresh button');
    });

    it('keeps a fresh Resend button on the row, carrying the current expiry', () => {
      const row = rowFor(message, 'inv-bob');
      expect(row.text!.text).toContain('_Already resent elsewhere; this row shows its current state_');
      expect(decodeResendValue(row.accessory!.value)).toEqual({ i: 'inv-bob', e: unixSeconds(bobResent.expiresAt!), q: 'example', p: 0 });
    });

    it('offers no Try again', () => {
      expect(noticeOf(message).accessory).toBeUndefined();
    });
  });

  it('not_pending: names the status and says nothing was sent', () => {
    const accepted = invitation({ ...bob, isPending: false, statusLabel: 'Accepted' });
    const message = render(report({ kind: 'not_pending', invitation: accepted }, { list: listOf(carol) }));
    expect(noticeOf(message).text!.text).toBe(
      ':information_source: *bob@example.com* is no longer pending (status: Accepted). Nothing was sent.',
    );
    expect(noticeOf(message).accessory).toBeUndefined();
    expect(rowsOf(message).map((r) => r.block_id)).toEqual([`inv:inv-carol:${unixSeconds(carol.expiresAt!)}`]);
  });

  it('gone: says the invitation no longer exists and nothing was sent', () => {
    const message = render(report({ kind: 'gone' }, { list: listOf(carol) }));
    expect(noticeOf(message).text!.text).toBe(':information_source: That invitation no longer exists at Vultr. Nothing was sent.');
    expect(noticeOf(message).accessory).toBeUndefined();
  });

  describe('failed', () => {
    it('before sending: says why, that nothing was sent, and offers Try again for the same row', () => {
      const message = render(
        report({ kind: 'failed', error: err('rejected', { status: 400, vultrMessage: 'Bad request.' }), mayHaveSent: false }),
      );
      const notice = noticeOf(message);
      expect(notice.text!.text).toBe(
        ':warning: Could not resend *bob@example.com*: Vultr refused the request (HTTP 400): “Bad request.”. Nothing was sent.',
      );
      const retry = notice.accessory!;
      expect(retry.text.text).toBe('Try again');
      expect(retry.action_id).toBe(ACTION_RESEND);
      expect(decodeResendValue(retry.value)).toEqual({ i: 'inv-bob', e: bobRequest.shownExpiry, q: 'example', p: 0 });
      expect(retry.confirm?.title.text).toBe('Try the resend again?');
      expect(retry.confirm?.text.text).toBe('Vultr will e-mail the invitation again and extend the expiration.');
      expect(retry.confirm?.confirm.text).toBe('Resend');
      // The row itself still offers Resend too, and carries no note.
      const row = rowFor(message, 'inv-bob');
      expect(row.accessory?.action_id).toBe(ACTION_RESEND);
      expect(row.text!.text).not.toMatch(/\n_/);
    });

    it('names "the invitation" when the reloaded list does not say whose it was', () => {
      const message = render(
        report({ kind: 'failed', error: err('rate_limited', { status: 429 }), mayHaveSent: false }, { list: listOf(carol) }),
      );
      expect(noticeOf(message).text!.text).toBe(
        ':warning: Could not resend the invitation: Vultr is rate-limiting requests right now. Try again in a minute. Nothing was sent.',
      );
    });

    it('when it may have sent: warns to check the list and offers no Try again', () => {
      const message = render(report({ kind: 'failed', error: err('timeout'), mayHaveSent: true }));
      const notice = noticeOf(message);
      expect(notice.text!.text).toContain('Vultr did not confirm the resend to *bob@example.com*');
      expect(notice.text!.text).toContain('Vultr did not answer in time.');
      expect(notice.text!.text).toContain('may or may not have gone out');
      expect(notice.text!.text).not.toContain('Nothing was sent');
      expect(notice.accessory).toBeUndefined();
      expect(buttonsOf(message).filter((b) => b.text.text === 'Try again')).toHaveLength(0);
    });

    it('joined: prefixes the joined note', () => {
      const message = render(report({ kind: 'failed', error: err('server', { status: 502 }), mayHaveSent: false }, { joined: true }));
      expect(noticeOf(message).text!.text).toMatch(
        /^Another click was already resending this invitation\. :warning: Could not resend \*bob@example\.com\*: Vultr had an internal error \(HTTP 502\)/,
      );
      expect(noticeOf(message).accessory?.text.text).toBe('Try again');
    });
  });

  describe('notification failure', () => {
    it('explains how to add the bot with /invite when it is not in the channel', () => {
      const message = render(
        report(
          { kind: 'resent', invitation: bobResent },
          { notification: { ok: false, channel: 'C0NOTIFY1', slackError: 'not_in_channel' } },
        ),
      );
      const text = noticeOf(message).text!.text;
      expect(text.split('\n')).toHaveLength(2);
      expect(text.split('\n')[0]).toMatch(/^:white_check_mark: Resent by/);
      expect(text.split('\n')[1]).toBe(notifyFailureText('C0NOTIFY1', 'not_in_channel'));
      expect(text).toContain('<#C0NOTIFY1>');
      expect(text).toContain('`/invite @invites-bot`');
      expect(text).toContain('not_in_channel');
    });

    it('adds nothing when the notification was posted', () => {
      const text = noticeOf(render(report({ kind: 'resent', invitation: bobResent }))).text!.text;
      expect(text).not.toContain('notification');
      expect(text.split('\n')).toHaveLength(1);
    });

    it('adds nothing when there was no notification at all', () => {
      const text = noticeOf(render(report({ kind: 'resent', invitation: bobResent }, { notification: null }))).text!.text;
      expect(text.split('\n')).toHaveLength(1);
    });
  });

  describe('list reload failure', () => {
    const listError = { error: err('server', { status: 503 }) };

    it('keeps the outcome and offers Refresh for the same filter and page', () => {
      const message = render(report({ kind: 'resent', invitation: bobResent }, { list: listError }), { q: 'example', p: 2 });
      expect(message.blocks).toHaveLength(2);
      const [notice, reload] = sectionsOf(message);
      expect(notice?.text?.text).toMatch(/^:white_check_mark: Resent by <@U0ACTOR1>/);
      expect(notice?.accessory).toBeUndefined();
      expect(reload?.text?.text).toBe('Could not reload the list: Vultr had an internal error (HTTP 503). Try again in a few minutes.');
      expect(reload?.accessory?.action_id).toBe(`${ACTION_PAGE}:refresh`);
      expect(decodePageValue(reload?.accessory?.value)).toEqual({ q: 'example', p: 2 });
      expect(message.text).toBe(notice?.text?.text);
    });

    it('still offers Try again when the resend failed before sending', () => {
      const message = render(
        report({ kind: 'failed', error: err('rate_limited', { status: 429 }), mayHaveSent: false }, { list: listError }),
      );
      const retry = sectionsOf(message)[0]?.accessory;
      expect(retry?.text.text).toBe('Try again');
      expect(decodeResendValue(retry?.value)).toEqual({ i: 'inv-bob', e: bobRequest.shownExpiry, ...LIST_STATE });
      // Without a list, the notice cannot name the invitation.
      expect(sectionsOf(message)[0]?.text?.text).toMatch(/^:warning: Could not resend the invitation: /);
    });

    it('keeps the notification failure in the notice', () => {
      const message = render(
        report(
          { kind: 'resent', invitation: bobResent },
          { list: listError, notification: { ok: false, channel: 'C0NOTIFY1', slackError: 'channel_not_found' } },
        ),
      );
      expect(noticeOf(message).text!.text).toContain('`/invite @invites-bot`');
    });
  });

  it('escapes e-mails and statuses that come from Vultr', () => {
    const hostile = invitation({ ...bob, emailInvited: '<!channel>&x@example.com', isPending: false, statusLabel: '<@U999>' });
    const messages = [
      render(report({ kind: 'not_pending', invitation: hostile }, { list: listOf(carol) })),
      render(report({ kind: 'resent', invitation: { ...hostile, isPending: true } }, { list: listOf(carol) })),
      render(report({ kind: 'changed', invitation: { ...hostile, isPending: true } }, { list: { error: err('timeout') } })),
      render(
        report(
          { kind: 'failed', error: err('rejected', { status: 400 }), mayHaveSent: false },
          { list: listOf({ ...hostile, isPending: true }) },
        ),
      ),
    ];
    for (const message of messages) {
      const all = allMrkdwn(message);
      expect(all).toContain('&lt;!channel&gt;&amp;x@example.com');
      expect(all).not.toContain('<!channel>');
      expect(all).not.toContain('<@U999>');
    }
  });

  it('every outcome stays within the block limits', () => {
    const outcomes: ResendOutcome[] = [
      { kind: 'resent', invitation: bobResent },
      { kind: 'changed', invitation: bobResent },
      { kind: 'not_pending', invitation: { ...bob, isPending: false } },
      { kind: 'gone' },
      { kind: 'failed', error: err('rejected', { status: 400, vultrMessage: 'm'.repeat(300) }), mayHaveSent: false },
      { kind: 'failed', error: err('interrupted'), mayHaveSent: true },
    ];
    for (const outcome of outcomes) {
      const message = render(report(outcome));
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const s of sectionsOf(message)) expect(s.text!.text.length).toBeLessThanOrEqual(3000);
      const ids = blocksOf(message)
        .map((b) => b.block_id)
        .filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

/** Seven invitations, as a "Resend all 7 expired" click carries them. */
const seven = Array.from({ length: 7 }, (_, i) =>
  invitation({ id: `inv-x${i}`, emailInvited: `user${i}@example.com`, expiresAt: fromNow(-hours(i + 1)) }),
);
const renewed = (inv: Invitation): Invitation => ({ ...inv, expiresAt: fromNow(days(20)) });
const rejected = err('rejected', { status: 400, vultrMessage: 'Not allowed.' });

/** Six resent, the fourth failed before anything was sent. */
function sixAndOne(): BatchResult {
  return batch(
    seven.map((inv, i) =>
      item(
        requestFor(inv),
        i === 3 ? { kind: 'failed', error: rejected, mayHaveSent: false } : { kind: 'resent', invitation: renewed(inv) },
      ),
    ),
  );
}

describe('resendNotice', () => {
  describe('one item', () => {
    it('is the per-outcome sentence, with a row note and nothing to retry when resent', () => {
      const notice = resendNotice(batch([item(bobRequest, { kind: 'resent', invitation: bobResent })]), NOW);
      expect(notice.text).toMatch(/^:white_check_mark: Resent by <@U0ACTOR1>: \*bob@example\.com\*, now expires /);
      expect([...notice.rowNotes.keys()]).toEqual(['inv-bob']);
      expect(notice.rowNotes.get('inv-bob')).toEqual({
        text: expect.stringMatching(/^Resent by <@U0ACTOR1>, now expires /),
        offerResend: false,
      });
      expect(notice.retry).toEqual([]);
    });

    it.each<[string, ResendOutcome]>([
      ['not_pending', { kind: 'not_pending', invitation: { ...bob, isPending: false, statusLabel: 'Accepted' } }],
      ['gone', { kind: 'gone' }],
      ['failed (may have sent)', { kind: 'failed', error: err('timeout'), mayHaveSent: true }],
    ])('%s: no row note and nothing to retry', (_label, outcome) => {
      const notice = resendNotice(batch([item(bobRequest, outcome)]), NOW);
      expect(notice.rowNotes.size).toBe(0);
      expect(notice.retry).toEqual([]);
    });

    it('changed: a note that keeps Resend offered', () => {
      const notice = resendNotice(batch([item(bobRequest, { kind: 'changed', invitation: bobResent })]), NOW);
      expect(notice.rowNotes.get('inv-bob')).toEqual({
        text: 'Already resent elsewhere; this row shows its current state',
        offerResend: true,
      });
    });

    it('failed before sending: the request is returned for a retry, named from `known`', () => {
      const result = batch([item(bobRequest, { kind: 'failed', error: rejected, mayHaveSent: false })]);
      const notice = resendNotice(result, NOW, new Map([['inv-bob', bob]]));
      expect(notice.retry).toEqual([bobRequest]);
      expect(notice.text).toBe(
        ':warning: Could not resend *bob@example.com*: Vultr refused the request (HTTP 400): “Not allowed.”. Nothing was sent.',
      );
      expect(resendNotice(result, NOW).text).toMatch(/^:warning: Could not resend the invitation: /);
    });
  });

  describe('a batch: 6 resent, 1 failed', () => {
    const notice = resendNotice(sixAndOne(), NOW, new Map(seven.map((inv) => [inv.id, inv])));
    const lines = notice.text.split('\n');

    it('summarizes the counts, by whom', () => {
      expect(lines[0]).toBe('*Resend all, by <@U0ACTOR1>:* 6 resent, 1 failed.');
    });

    it('lists only the failure, as a bullet', () => {
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe(
        '• :warning: Could not resend *user3@example.com*: Vultr refused the request (HTTP 400): “Not allowed.”. Nothing was sent.',
      );
      for (const i of [0, 1, 2, 4, 5, 6]) expect(notice.text).not.toContain(`user${i}@example.com`);
    });

    it('returns just the failed request for a retry', () => {
      expect(notice.retry).toEqual([requestFor(seven[3]!)]);
    });

    it('notes the six resent rows, hiding their Resend buttons', () => {
      expect([...notice.rowNotes.keys()].sort()).toEqual(['inv-x0', 'inv-x1', 'inv-x2', 'inv-x4', 'inv-x5', 'inv-x6']);
      for (const note of notice.rowNotes.values()) {
        expect(note.offerResend).toBe(false);
        expect(note.text).toMatch(/^Resent by <@U0ACTOR1>, now expires <!date\^\d+\^/);
        expect(note.text).toContain('(expires in 20 days)');
      }
    });

    it('appends the notification failure after the list', () => {
      const failed = resendNotice(sixAndOne(), NOW, new Map(), notifyFailureText('C0NOTIFY1', 'not_in_channel'));
      const failedLines = failed.text.split('\n');
      expect(failedLines).toHaveLength(3);
      expect(failedLines[0]).toBe('*Resend all, by <@U0ACTOR1>:* 6 resent, 1 failed.');
      expect(failedLines[2]).toBe(notifyFailureText('C0NOTIFY1', 'not_in_channel'));
      expect(failedLines[2]).toContain('`/invite @invites-bot`');
    });
  });

  it('says only "N resent." when everything was resent, and lists nothing', () => {
    const notice = resendNotice(
      batch(seven.slice(0, 3).map((inv) => item(requestFor(inv), { kind: 'resent', invitation: renewed(inv) }))),
      NOW,
    );
    expect(notice.text).toBe('*Resend all, by <@U0ACTOR1>:* 3 resent.');
    expect(notice.rowNotes.size).toBe(3);
    expect(notice.retry).toEqual([]);
  });

  it('counts changed, not_pending and gone as skipped, and failures that may have sent as failed but not retried', () => {
    const [a, b, c, d] = seven;
    const notice = resendNotice(
      batch([
        item(requestFor(a!), { kind: 'changed', invitation: renewed(a!) }),
        item(requestFor(b!), { kind: 'not_pending', invitation: { ...b!, isPending: false, statusLabel: 'Accepted' } }),
        item(requestFor(c!), { kind: 'gone' }),
        item(requestFor(d!), { kind: 'failed', error: err('interrupted'), mayHaveSent: true }),
      ]),
      NOW,
    );
    const lines = notice.text.split('\n');
    expect(lines[0]).toBe('*Resend all, by <@U0ACTOR1>:* 0 resent, 1 failed, 3 skipped.');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^• :information_source: Already resent elsewhere: \*user0@example\.com\*/),
      expect.stringMatching(/^• :information_source: \*user1@example\.com\* is no longer pending \(status: Accepted\)/),
      '• :information_source: That invitation no longer exists at Vultr. Nothing was sent.',
      expect.stringMatching(/^• :warning: Vultr did not confirm the resend to the invitation /),
    ]);
    expect(notice.retry).toEqual([]);
    expect([...notice.rowNotes.keys()]).toEqual(['inv-x0']);
  });

  it('lists at most 8 lines, then "…and N more", while still retrying every failure', () => {
    const invs = Array.from({ length: 12 }, (_, i) =>
      invitation({ id: `inv-m${i}`, emailInvited: `m${i}@example.com`, expiresAt: fromNow(-hours(1)) }),
    );
    const items = invs.map((inv, i) =>
      item(
        requestFor(inv),
        i === 0
          ? { kind: 'resent', invitation: renewed(inv) }
          : i <= 3
            ? { kind: 'failed', error: err('server', { status: 500 }), mayHaveSent: false }
            : i <= 7
              ? { kind: 'changed', invitation: renewed(inv) }
              : { kind: 'gone' },
      ),
    );
    const notice = resendNotice(batch(items), NOW);
    const lines = notice.text.split('\n');
    expect(lines[0]).toBe('*Resend all, by <@U0ACTOR1>:* 1 resent, 3 failed, 8 skipped.');
    expect(lines).toHaveLength(1 + 8 + 1);
    expect(lines.slice(1, 9).every((l) => l.startsWith('• :'))).toBe(true);
    expect(lines[9]).toBe('• …and 3 more');
    // The listed lines are the first eight non-resent items, in request order.
    expect(lines[1]).toMatch(/^• :warning: Could not resend the invitation: Vultr had an internal error/);
    expect(lines[4]).toMatch(/m4@example\.com/);
    expect(notice.retry.map((r) => r.invitationId)).toEqual(['inv-m1', 'inv-m2', 'inv-m3']);
  });

  it('lists exactly 8 without a "more" line', () => {
    const items = Array.from({ length: 9 }, (_, i) =>
      item(
        { invitationId: `inv-g${i}`, shownExpiry: null },
        i === 0 ? { kind: 'resent', invitation: renewed(seven[0]!) } : { kind: 'gone' },
      ),
    );
    const lines = resendNotice(batch(items), NOW).text.split('\n');
    expect(lines).toHaveLength(9);
    expect(lines.some((l) => l.includes('more'))).toBe(false);
  });

  describe('joined items', () => {
    it('count as resent in a batch and are not listed; a joined failure is listed with the joined note', () => {
      const [a, b, c] = seven;
      const notice = resendNotice(
        batch([
          item(requestFor(a!), { kind: 'resent', invitation: renewed(a!) }),
          item(requestFor(b!), { kind: 'resent', invitation: renewed(b!) }, true),
          item(requestFor(c!), { kind: 'failed', error: rejected, mayHaveSent: false }, true),
        ]),
        NOW,
      );
      const lines = notice.text.split('\n');
      expect(lines[0]).toBe('*Resend all, by <@U0ACTOR1>:* 2 resent, 1 failed.');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^• Another click was already resending this invitation\. :warning: Could not resend /);
      expect(notice.rowNotes.has('inv-x1')).toBe(true);
      expect(notice.retry).toEqual([requestFor(c!)]);
    });

    it('a single joined resend says so', () => {
      const notice = resendNotice(batch([item(bobRequest, { kind: 'resent', invitation: bobResent }, true)]), NOW);
      expect(notice.text).toMatch(
        /^Another click was already resending this invitation\. :white_check_mark: Resent by <@U0ACTOR1>: \*bob@example\.com\*/,
      );
    });
  });
});

describe('retryButton', () => {
  const actionIds = { one: ACTION_RESEND, many: ACTION_RESEND_ALL };

  it('is null when nothing failed before sending', () => {
    expect(retryButton([], LIST_STATE, actionIds)).toBeNull();
  });

  it('for one request: "Try again" through the single Resend action', () => {
    const btn = retryButton([bobRequest], { q: 'bob', p: 1 }, actionIds)!;
    expect(btn.text.text).toBe('Try again');
    expect(btn.action_id).toBe(ACTION_RESEND);
    expect(decodeResendValue(btn.value)).toEqual({ i: 'inv-bob', e: bobRequest.shownExpiry, q: 'bob', p: 1 });
    expect(btn.confirm?.title?.text).toBe('Try the resend again?');
    expect(btn.confirm?.text?.text).toBe('Vultr will e-mail the invitation again and extend the expiration.');
    expect(btn.confirm?.confirm?.text).toBe('Resend');
  });

  it('for several: "Retry failed" through Resend all, carrying every request (unknown expiry too)', () => {
    const requests: ResendRequest[] = [bobRequest, requestFor(carol), { invitationId: 'inv-none', shownExpiry: null }];
    const btn = retryButton(requests, LIST_STATE, actionIds)!;
    expect(btn.text.text).toBe('Retry failed');
    expect(btn.action_id).toBe(ACTION_RESEND_ALL);
    expect(decodeBulkValue(btn.value)).toEqual({
      b: [
        ['inv-bob', bobRequest.shownExpiry],
        ['inv-carol', unixSeconds(carol.expiresAt!)],
        ['inv-none', null],
      ],
      ...LIST_STATE,
    });
    expect(btn.confirm?.text?.text).toBe('Vultr will e-mail 3 invitations again and extend the expiration.');
    expect(btn.confirm?.confirm?.text).toBe('Resend');
  });

  it('after a batch, retries even one request through the bulk action', () => {
    const btn = retryButton([bobRequest], LIST_STATE, actionIds, true)!;
    expect(btn.text.text).toBe('Retry failed');
    expect(btn.action_id).toBe(ACTION_RESEND_ALL);
    expect(decodeBulkValue(btn.value)).toEqual({ b: [['inv-bob', bobRequest.shownExpiry]], ...LIST_STATE });
    expect(btn.confirm?.text?.text).toBe('Vultr will e-mail the invitation again and extend the expiration.');
    expect(retryButton([], LIST_STATE, actionIds, true)).toBeNull();
  });

  it('uses the action ids it is given (other surfaces have their own)', () => {
    const ids = { one: 'home_resend', many: 'home_resend_all' };
    expect(retryButton([bobRequest], LIST_STATE, ids)!.action_id).toBe('home_resend');
    expect(retryButton([bobRequest, requestFor(carol)], LIST_STATE, ids)!.action_id).toBe('home_resend_all');
  });
});

describe('renderListResendReport: a Resend all click', () => {
  const reloaded = () => listOf(...seven.map((inv, i) => (i === 3 ? inv : renewed(inv))));

  it('puts the summary on top, notes the six resent rows and offers Retry failed (through Resend all) for the one failure', () => {
    const message = render({ result: sixAndOne(), list: reloaded() });
    const notice = noticeOf(message);
    expect(notice.text!.text.split('\n')).toEqual([
      '*Resend all, by <@U0ACTOR1>:* 6 resent, 1 failed.',
      '• :warning: Could not resend *user3@example.com*: Vultr refused the request (HTTP 400): “Not allowed.”. Nothing was sent.',
    ]);
    // After a Resend all, even a single failure is retried through Resend all (a one-entry bulk value).
    expect(notice.accessory?.text.text).toBe('Retry failed');
    expect(notice.accessory?.action_id).toBe(ACTION_RESEND_ALL);
    expect(notice.accessory?.confirm?.text.text).toBe('Vultr will e-mail the invitation again and extend the expiration.');
    expect(decodeBulkValue(notice.accessory?.value)).toEqual({ b: [['inv-x3', unixSeconds(seven[3]!.expiresAt!)]], ...LIST_STATE });
    for (const inv of seven) {
      const row = rowFor(message, inv.id);
      if (inv.id === 'inv-x3') {
        expect(row.accessory?.action_id).toBe(ACTION_RESEND);
        expect(row.text!.text).not.toContain('Resent by');
      } else {
        expect(row.accessory).toBeUndefined();
        expect(row.text!.text).toMatch(/_Resent by <@U0ACTOR1>, now expires /);
      }
    }
  });

  it('offers "Retry failed" when several failed before sending', () => {
    const result = batch(
      seven.map((inv, i) =>
        item(
          requestFor(inv),
          i < 2 ? { kind: 'failed', error: rejected, mayHaveSent: false } : { kind: 'resent', invitation: renewed(inv) },
        ),
      ),
    );
    const retry = noticeOf(render({ result, list: reloaded() })).accessory!;
    expect(retry.text.text).toBe('Retry failed');
    expect(retry.action_id).toBe(ACTION_RESEND_ALL);
    expect(decodeBulkValue(retry.value)?.b).toEqual([
      ['inv-x0', unixSeconds(seven[0]!.expiresAt!)],
      ['inv-x1', unixSeconds(seven[1]!.expiresAt!)],
    ]);
  });

  it('offers Resend all again in the refreshed list when ≥ 2 invitations are still expired', () => {
    const stillExpired = seven.slice(0, 2);
    const page = { ...pageOf(selectPending(seven, FILTER), 0, FILTER), expired: stillExpired };
    const message = render({ result: sixAndOne(), list: { data: page } });
    const resendAll = navButtons(message).find((b) => b.action_id === ACTION_RESEND_ALL);
    expect(resendAll?.text.text).toBe('Resend all 2 expired');
  });

  it('keeps the summary and the Retry when the list cannot be reloaded', () => {
    const message = render({ result: sixAndOne(), list: { error: err('timeout') } });
    expect(message.blocks).toHaveLength(2);
    expect(message.text).toMatch(/^\*Resend all, by <@U0ACTOR1>:\* 6 resent, 1 failed\.\n• :warning: Could not resend the invitation: /);
    expect(noticeOf(message).accessory?.text.text).toBe('Retry failed');
    expect(decodeBulkValue(noticeOf(message).accessory?.value)?.b).toEqual([['inv-x3', unixSeconds(seven[3]!.expiresAt!)]]);
  });

  it('offers no retry when every failure may have sent', () => {
    const result = batch(
      seven.map((inv, i) =>
        item(
          requestFor(inv),
          i < 2 ? { kind: 'failed', error: err('timeout'), mayHaveSent: true } : { kind: 'resent', invitation: renewed(inv) },
        ),
      ),
    );
    const message = render({ result, list: reloaded() });
    expect(noticeOf(message).accessory).toBeUndefined();
    expect(buttonsOf(message).filter((b) => /Try again|Retry failed/.test(b.text.text))).toHaveLength(0);
  });

  it('stays within the block and text limits for 30 long failures', () => {
    const invs = Array.from({ length: 30 }, (_, i) =>
      invitation({
        id: `7c1e2b9a-4d3f-4a51-9e0b-2f6d8a1c${String(i).padStart(4, '0')}`,
        emailInvited: `user${i}@example.com`,
        expiresAt: fromNow(-hours(1)),
      }),
    );
    const result = batch(
      invs.map((inv) =>
        item(requestFor(inv), {
          kind: 'failed',
          error: err('rejected', { status: 400, vultrMessage: 'm'.repeat(300) }),
          mayHaveSent: false,
        }),
      ),
    );
    for (const list of [listOf(...invs), { error: err('server', { status: 500 }) }]) {
      const message = render({ result, list });
      expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      for (const s of sectionsOf(message)) expect(s.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      for (const b of buttonsOf(message)) expect(b.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
      const retry = noticeOf(message).accessory!;
      expect(retry.text.text).toBe('Retry failed');
      expect(decodeBulkValue(retry.value)?.b).toHaveLength(30);
    }
  });

  it('counts the 22 failures beyond the first 8 lines', () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      item({ invitationId: `inv-f${i}`, shownExpiry: null }, { kind: 'failed', error: err('server', { status: 500 }), mayHaveSent: false }),
    );
    const message = render({ result: batch(items), list: listOf(carol) });
    const lines = noticeOf(message).text!.text.split('\n');
    expect(lines[0]).toBe('*Resend all, by <@U0ACTOR1>:* 0 resent, 30 failed.');
    expect(lines).toHaveLength(10);
    expect(lines[9]).toBe('• …and 22 more');
  });
});

describe('renderResendNotification', () => {
  it('names the actor, the e-mail and the new expiry as a date token', () => {
    const message = renderResendNotification({
      actorUserId: ACTOR,
      resent: [bobResent],
      source: 'slash command',
      now: NOW,
    });
    expect(message.text).toBe('<@U0ACTOR1> resent an invitation');
    expect(message.blocks).toHaveLength(1);
    const text = sectionsOf(message)[0]!.text!.text;
    expect(text).toContain(':envelope_with_arrow: <@U0ACTOR1> resent an invitation (from the slash command)');
    expect(text).toContain('• bob@example.com: now expires <!date^');
    expect(text).toMatch(DATE_TOKEN);
    expect(text).toContain('(expires in 3 days)');
  });

  it('counts several invitations, one line each', () => {
    const message = renderResendNotification({ actorUserId: ACTOR, resent: [bobResent, carol], source: 'slash command', now: NOW });
    expect(message.text).toBe('<@U0ACTOR1> resent 2 invitations');
    const lines = sectionsOf(message)[0]!.text!.text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^• bob@example\.com: /);
    expect(lines[2]).toMatch(/^• carol@example\.com: /);
  });

  it('escapes the e-mail', () => {
    const message = renderResendNotification({
      actorUserId: ACTOR,
      resent: [{ emailInvited: '<!channel>&<@U1>', expiresAt: null }],
      source: 'slash command',
      now: NOW,
    });
    const text = sectionsOf(message)[0]!.text!.text;
    expect(text).toContain('• &lt;!channel&gt;&amp;&lt;@U1&gt;: ');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U1>');
  });

  it('reads naturally when the new expiry is unknown', () => {
    const message = renderResendNotification({
      actorUserId: ACTOR,
      resent: [{ ...bob, expiresAt: null }],
      source: 'slash command',
      now: NOW,
    });
    const text = sectionsOf(message)[0]!.text!.text;
    expect(text).toMatch(/expiration unknown/i);
    expect(text).not.toMatch(/expires expiration unknown/i);
  });
});

describe('problems', () => {
  it.each<[VultrErrorKind, { status?: number; vultrMessage?: string }, RegExp]>([
    ['unreachable', {}, /^Vultr could not be reached\. Try again in a minute\.$/],
    ['interrupted', {}, /^The connection to Vultr broke/],
    ['timeout', {}, /^Vultr did not answer in time\./],
    ['auth', { status: 403 }, /^Vultr refused the bot's API key \(HTTP 403\)\..*iam\.invitation\.\*.*VULTR_API_KEY/],
    ['rate_limited', { status: 429 }, /rate-limiting/],
    ['server', { status: 500 }, /^Vultr had an internal error \(HTTP 500\)\./],
    ['invalid_response', {}, /format this bot does not understand/],
    ['not_found', { status: 404 }, /no longer exists/],
    ['rejected', { status: 400 }, /^Vultr refused the request \(HTTP 400\)\.$/],
  ])('explains %s', (kind, details, expected) => {
    expect(vultrFailureText(err(kind, details))).toMatch(expected);
  });

  it("quotes Vultr's message for a rejection, escaped", () => {
    expect(vultrFailureText(err('rejected', { status: 400, vultrMessage: 'Invite is <b>not</b> pending & <!here>' }))).toBe(
      'Vultr refused the request (HTTP 400): “Invite is &lt;b&gt;not&lt;/b&gt; pending &amp; &lt;!here&gt;”.',
    );
  });

  it('never leaks the internal error message', () => {
    const e = new VultrError('server', 'internal detail with VULTRTESTKEYABCDEFGH', { status: 500, operation: 'list' });
    expect(vultrFailureText(e)).not.toContain('VULTRTESTKEYABCDEFGH');
    expect(renderListFailure(e).text).not.toContain('VULTRTESTKEYABCDEFGH');
    const notice = resendNotice(batch([item(bobRequest, { kind: 'failed', error: e, mayHaveSent: false })]), NOW);
    expect(notice.text).not.toContain('VULTRTESTKEYABCDEFGH');
  });

  it('renders a list failure that says nothing was changed', () => {
    const message = renderListFailure(err('unreachable'));
    expect(message.text).toBe(
      ':warning: Could not load the invitations. Vultr could not be reached. Try again in a minute. Nothing was changed.',
    );
    expect(sectionsOf(message)[0]?.text?.text).toBe(message.text);
  });

  it.each<[RefusalReason, RegExp]>([
    ['not_allowed', /not allowed/],
    ['check_failed', /Nothing was done/],
    ['foreign_workspace', /not installed for this workspace/],
    ['bad_request', /Run `\/invites` for a fresh list/],
  ])('renders the %s refusal', (reason, expected) => {
    const message = renderRefusal(reason);
    expect(message.text).toMatch(expected);
    expect(message.blocks).toHaveLength(1);
  });

  it('renders the unexpected-error message without details', () => {
    expect(renderUnexpected().text).toMatch(/Something went wrong/);
    expect(problemMessage('x')).toEqual({ text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x', verbatim: true } }] });
  });

  describe('notifyFailureText', () => {
    it.each(['not_in_channel', 'channel_not_found'])('tells how to invite the bot for %s', (slackError) => {
      const text = notifyFailureText('C0NOTIFY1', slackError);
      expect(text).toContain('<#C0NOTIFY1>');
      expect(text).toContain(`(${slackError})`);
      expect(text).toContain('`/invite @invites-bot`');
    });

    it('points at INVITES_NOTIFY_CHANNEL for an archived channel', () => {
      expect(notifyFailureText('C0NOTIFY1', 'is_archived')).toMatch(/archived.*INVITES_NOTIFY_CHANNEL/);
    });

    it('says the resend worked for any other error, escaping it', () => {
      const text = notifyFailureText('C0NOTIFY1', 'weird<&>');
      expect(text).toContain('(weird&lt;&amp;&gt;)');
      expect(text).toContain('The resend itself worked.');
    });
  });
});

describe('notifyFailureText in a direct message', () => {
  it('asks for INVITES_NOTIFY_CHANNEL instead of an impossible /invite', () => {
    const text = notifyFailureText('D0DIRECT1', 'channel_not_found');
    expect(text).toContain('INVITES_NOTIFY_CHANNEL');
    expect(text).not.toContain('/invite');
  });
});
