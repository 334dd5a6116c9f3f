import { pageOf, selectPending } from '../../src/invites/listing';
import type { ResendOutcome } from '../../src/invites/resend';
import type { ResendClick, ResendReport } from '../../src/invites/service';
import { ACTION_PAGE, ACTION_RESEND, decodePageValue, decodeResendValue } from '../../src/views/actionPayloads';
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
import { renderResendReport } from '../../src/views/resendReport';
import { VultrError, type VultrErrorKind } from '../../src/vultr/errors';
import type { Invitation } from '../../src/vultr/invitation';
import { allMrkdwn, blocksOf, buttonsOf, DATE_TOKEN, rowFor, rowsOf, sectionsOf } from './blockInspect';
import { days, fromNow, invitation, NOW, unixSeconds } from './fixtures';

const ACTOR = 'U0ACTOR1';
const shownExpiry = fromNow(days(1));
const bob = invitation({ id: 'inv-bob', emailInvited: 'bob@example.com', expiresAt: shownExpiry });
const bobResent = invitation({ id: 'inv-bob', emailInvited: 'bob@example.com', expiresAt: fromNow(days(3)) });
const carol = invitation({ id: 'inv-carol', emailInvited: 'carol@example.com', expiresAt: fromNow(days(2)) });

const click: ResendClick = {
  actorUserId: ACTOR,
  invitationId: 'inv-bob',
  shownExpiry: unixSeconds(shownExpiry),
  filter: 'example',
  pageIndex: 0,
  notifyChannel: 'C0NOTIFY1',
  source: 'slash command',
};

const listOf = (...invitations: Invitation[]) => ({ page: pageOf(selectPending(invitations, click.filter), 0, click.filter) });

function report(outcome: ResendOutcome, overrides: Partial<ResendReport> = {}): ResendReport {
  return {
    click,
    outcome,
    joined: false,
    notification: outcome.kind === 'resent' ? { ok: true, channel: 'C0NOTIFY1' } : null,
    list: listOf(outcome.kind === 'resent' ? bobResent : bob, carol),
    ...overrides,
  };
}

const err = (kind: VultrErrorKind, details: { status?: number; vultrMessage?: string } = {}) =>
  new VultrError(kind, `fake ${kind}`, { ...details, operation: 'resend' });

/** The notice section: the first section of the message. */
const noticeOf = (message: ReturnType<typeof renderResendReport>) => sectionsOf(message)[0]!;

describe('renderResendReport', () => {
  describe('resent', () => {
    const message = renderResendReport(report({ kind: 'resent', invitation: bobResent }), NOW);

    it('says who resent which invitation and its new expiry', () => {
      const text = noticeOf(message).text!.text;
      expect(text).toMatch(/^:white_check_mark: Resent by <@U0ACTOR1>: \*bob@example\.com\*, now expires /);
      expect(text).toMatch(DATE_TOKEN);
      expect(text).toContain(`<!date^${unixSeconds(bobResent.expiresAt!)}^`);
      expect(text).toContain('(expires in 3 days)');
    });

    it('notes it on the row and removes that row\'s Resend button (one click, one e-mail)', () => {
      const row = rowFor(message, 'inv-bob');
      expect(row.text!.text).toMatch(/_Resent by <@U0ACTOR1>, now expires <!date\^/);
      expect(row.accessory).toBeUndefined();
      expect(rowFor(message, 'inv-carol').accessory?.action_id).toBe(ACTION_RESEND);
    });

    it('offers no Try again', () => {
      expect(noticeOf(message).accessory).toBeUndefined();
      expect(buttonsOf(message).filter((b) => b.text.text === 'Try again')).toHaveLength(0);
    });

    it('keeps the refreshed list (header and rows) under the notice', () => {
      expect(blocksOf(message)[0]?.type).toBe('header');
      expect(rowsOf(message)).toHaveLength(2);
    });

    it('says when the click joined a resend already in progress', () => {
      const joined = renderResendReport(report({ kind: 'resent', invitation: bobResent }, { joined: true }), NOW);
      expect(noticeOf(joined).text!.text).toMatch(/^Another click was already resending this invitation\. :white_check_mark: /);
    });

    it('reads naturally when the new expiry could not be read back', () => {
      const unknown = { ...bob, expiresAt: null };
      const text = noticeOf(renderResendReport(report({ kind: 'resent', invitation: unknown }, { list: listOf(unknown) }), NOW)).text!.text;
      expect(text).toMatch(/expiration unknown/i);
      expect(text).not.toMatch(/expires expiration unknown/i);
    });
  });

  describe('changed', () => {
    const message = renderResendReport(report({ kind: 'changed', invitation: bobResent }, { list: listOf(bobResent, carol) }), NOW);

    it('says it was already resent elsewhere and nothing was sent', () => {
      const text = noticeOf(message).text!.text;
      expect(text).toContain(':information_source: Already resent elsewhere: *bob@example.com* now expires <!date^');
      expect(text).toContain('Nothing was sent.');
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
    const message = renderResendReport(report({ kind: 'not_pending', invitation: accepted }, { list: listOf(carol) }), NOW);
    expect(noticeOf(message).text!.text).toBe(
      ':information_source: *bob@example.com* is no longer pending (status: Accepted). Nothing was sent.',
    );
    expect(noticeOf(message).accessory).toBeUndefined();
    expect(rowsOf(message).map((r) => r.block_id)).toEqual([`inv:inv-carol:${unixSeconds(carol.expiresAt!)}`]);
  });

  it('gone: says the invitation no longer exists and nothing was sent', () => {
    const message = renderResendReport(report({ kind: 'gone' }, { list: listOf(carol) }), NOW);
    expect(noticeOf(message).text!.text).toBe(':information_source: That invitation no longer exists at Vultr. Nothing was sent.');
    expect(noticeOf(message).accessory).toBeUndefined();
  });

  describe('failed', () => {
    it('before sending: says why, that nothing was sent, and offers Try again for the same row', () => {
      const message = renderResendReport(
        report({ kind: 'failed', error: err('rejected', { status: 400, vultrMessage: 'Bad request.' }), mayHaveSent: false }),
        NOW,
      );
      const notice = noticeOf(message);
      expect(notice.text!.text).toBe(':warning: Could not resend: Vultr refused the request (HTTP 400): “Bad request.”. Nothing was sent.');
      const retry = notice.accessory!;
      expect(retry.text.text).toBe('Try again');
      expect(retry.action_id).toBe(ACTION_RESEND);
      expect(decodeResendValue(retry.value)).toEqual({ i: 'inv-bob', e: click.shownExpiry, q: 'example', p: 0 });
      expect(retry.confirm?.title.text).toBe('Try the resend again?');
      expect(retry.confirm?.confirm.text).toBe('Resend');
      // The row itself still offers Resend too.
      expect(rowFor(message, 'inv-bob').accessory?.action_id).toBe(ACTION_RESEND);
    });

    it('when it may have sent: warns to check the list and offers no Try again', () => {
      const message = renderResendReport(report({ kind: 'failed', error: err('timeout'), mayHaveSent: true }), NOW);
      const notice = noticeOf(message);
      expect(notice.text!.text).toContain('Vultr did not confirm the resend');
      expect(notice.text!.text).toContain('Vultr did not answer in time.');
      expect(notice.text!.text).toContain('may or may not have gone out');
      expect(notice.text!.text).not.toContain('Nothing was sent');
      expect(notice.accessory).toBeUndefined();
      expect(buttonsOf(message).filter((b) => b.text.text === 'Try again')).toHaveLength(0);
    });

    it('joined: prefixes the joined note', () => {
      const message = renderResendReport(report({ kind: 'failed', error: err('server', { status: 502 }), mayHaveSent: false }, { joined: true }), NOW);
      expect(noticeOf(message).text!.text).toMatch(/^Another click was already resending this invitation\. :warning: Could not resend: Vultr had an internal error \(HTTP 502\)/);
    });
  });

  describe('notification failure', () => {
    it('explains how to add the bot with /invite when it is not in the channel', () => {
      const message = renderResendReport(
        report({ kind: 'resent', invitation: bobResent }, { notification: { ok: false, channel: 'C0NOTIFY1', slackError: 'not_in_channel' } }),
        NOW,
      );
      const text = noticeOf(message).text!.text;
      expect(text.split('\n')).toHaveLength(2);
      expect(text.split('\n')[0]).toMatch(/^:white_check_mark: Resent by/);
      expect(text).toContain('<#C0NOTIFY1>');
      expect(text).toContain('`/invite @Invites Bot`');
      expect(text).toContain('not_in_channel');
    });

    it('adds nothing when the notification was posted', () => {
      const text = noticeOf(renderResendReport(report({ kind: 'resent', invitation: bobResent }), NOW)).text!.text;
      expect(text).not.toContain('notification');
      expect(text.split('\n')).toHaveLength(1);
    });
  });

  describe('list reload failure', () => {
    const listError = { error: err('server', { status: 503 }) };

    it('keeps the outcome and offers Refresh for the same filter and page', () => {
      const message = renderResendReport(report({ kind: 'resent', invitation: bobResent }, { list: listError }), NOW);
      expect(message.blocks).toHaveLength(2);
      const [notice, reload] = sectionsOf(message);
      expect(notice?.text?.text).toMatch(/^:white_check_mark: Resent by <@U0ACTOR1>/);
      expect(notice?.accessory).toBeUndefined();
      expect(reload?.text?.text).toBe('Could not reload the list: Vultr had an internal error (HTTP 503). Try again in a few minutes.');
      expect(reload?.accessory?.action_id).toBe(`${ACTION_PAGE}:refresh`);
      expect(decodePageValue(reload?.accessory?.value)).toEqual({ q: 'example', p: 0 });
      expect(message.text).toBe(notice?.text?.text);
    });

    it('still offers Try again when the resend failed before sending', () => {
      const message = renderResendReport(
        report({ kind: 'failed', error: err('rate_limited', { status: 429 }), mayHaveSent: false }, { list: listError }),
        NOW,
      );
      expect(sectionsOf(message)[0]?.accessory?.text.text).toBe('Try again');
    });
  });

  it('escapes e-mails and statuses that come from Vultr', () => {
    const hostile = invitation({ ...bob, emailInvited: '<!channel>&x@example.com', isPending: false, statusLabel: '<@U999>' });
    const messages = [
      renderResendReport(report({ kind: 'not_pending', invitation: hostile }, { list: listOf(carol) }), NOW),
      renderResendReport(report({ kind: 'resent', invitation: { ...hostile, isPending: true } }, { list: listOf(carol) }), NOW),
      renderResendReport(report({ kind: 'changed', invitation: { ...hostile, isPending: true } }, { list: { error: err('timeout') } }), NOW),
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
      const message = renderResendReport(report(outcome), NOW);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const s of sectionsOf(message)) expect(s.text!.text.length).toBeLessThanOrEqual(3000);
      const ids = blocksOf(message).map((b) => b.block_id).filter(Boolean);
      expect(new Set(ids).size).toBe(ids.length);
    }
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
    const message = renderResendNotification({ actorUserId: ACTOR, resent: [{ ...bob, expiresAt: null }], source: 'slash command', now: NOW });
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

  it('quotes Vultr\'s message for a rejection, escaped', () => {
    expect(vultrFailureText(err('rejected', { status: 400, vultrMessage: 'Invite is <b>not</b> pending & <!here>' }))).toBe(
      'Vultr refused the request (HTTP 400): “Invite is &lt;b&gt;not&lt;/b&gt; pending &amp; &lt;!here&gt;”.',
    );
  });

  it('never leaks the internal error message', () => {
    const e = new VultrError('server', 'internal detail with VULTRTESTKEYABCDEFGH', { status: 500, operation: 'list' });
    expect(vultrFailureText(e)).not.toContain('VULTRTESTKEYABCDEFGH');
    expect(renderListFailure(e).text).not.toContain('VULTRTESTKEYABCDEFGH');
  });

  it('renders a list failure that says nothing was changed', () => {
    const message = renderListFailure(err('unreachable'));
    expect(message.text).toBe(':warning: Could not load the invitations. Vultr could not be reached. Try again in a minute. Nothing was changed.');
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
      expect(text).toContain('`/invite @Invites Bot`');
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
