import { pageOf, selectPending } from '../../src/domain/listing';
import {
  ACTION_HOME_RESEND,
  ACTION_NEW_INVITATION,
  ACTION_PAGE,
  ACTION_RESEND,
  ACTION_RESEND_ALL,
  decodeBulkValue,
  decodePageValue,
  decodeResendValue,
  MAX_BULK,
} from '../../src/views/actionPayloads';
import { actions, button, confirmDialog, context, header, LIMITS, section, sectionsOf as packSections } from '../../src/views/blocks';
import { expiryClause, expiryPhrase, relativeTo, slackDate } from '../../src/views/dates';
import { renderHelp } from '../../src/views/help';
import { renderResendNotification } from '../../src/views/notification';
import {
  countLabel,
  inviterText,
  renderInvitationList,
  resendAllButton,
  resendButton,
  type InvitationListModel,
  type RowNote,
} from '../../src/views/invitationList';
import { channelMention, escapeMrkdwn, truncate, userMention } from '../../src/views/mrkdwn';
import type { RowGroups } from '../../src/domain/rowGroups';
import type { Invitation } from '../../src/vultr/invitation';
import { allMrkdwn, blocksOf, buttonsOf, DATE_TOKEN, navButtons, rowFor, rowsOf, sectionsOf, textObjectsOf } from './blockInspect';
import { days, fromNow, hours, invitation, manyInvitations, NOW, unixSeconds } from './fixtures';

const DATE_TOKEN_G = new RegExp(DATE_TOKEN.source, 'g');

/** Renders the given invitations as /invites would: pending only, sorted, one page. */
function render(
  invitations: Invitation[],
  options: { filter?: string; page?: number; groups?: RowGroups } & Pick<InvitationListModel, 'notice' | 'rowNotes'> = {},
) {
  const filter = options.filter ?? '';
  const page = { ...pageOf(selectPending(invitations, filter), options.page ?? 0, filter), groups: options.groups };
  return renderInvitationList({
    page,
    now: NOW,
    ...(options.notice ? { notice: options.notice } : {}),
    ...(options.rowNotes ? { rowNotes: options.rowNotes } : {}),
  });
}

/** Checks every Block Kit limit the reference lists (§4.1) on one message. */
function expectWithinSlackLimits(message: ReturnType<typeof render>) {
  const blocks = blocksOf(message);
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
  const ids = blocks.map((b) => b.block_id).filter((id): id is string => id !== undefined);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id.length).toBeLessThanOrEqual(LIMITS.blockId);
  for (const block of blocks) {
    if (block.type === 'header') {
      expect(block.text?.type).toBe('plain_text');
      expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    }
    if (block.type === 'section') {
      expect(block.text!.text.length).toBeGreaterThan(0);
      expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    if (block.type === 'actions') expect(block.elements!.length).toBeLessThanOrEqual(25);
    if (block.type === 'context') expect(block.elements!.length).toBeLessThanOrEqual(10);
  }
  for (const btn of buttonsOf(message)) {
    expect(btn.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    expect(btn.text.type).toBe('plain_text');
    expect(btn.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(btn.action_id.length).toBeLessThanOrEqual(255);
    if (btn.confirm) {
      expect(btn.confirm.title.text.length).toBeLessThanOrEqual(LIMITS.confirmTitle);
      expect(btn.confirm.text.text.length).toBeLessThanOrEqual(LIMITS.confirmText);
      expect(btn.confirm.confirm.text.length).toBeLessThanOrEqual(LIMITS.confirmButton);
      expect(btn.confirm.deny.text.length).toBeLessThanOrEqual(LIMITS.confirmButton);
    }
  }
  for (const t of textObjectsOf(message)) expect(t.text.length).toBeLessThanOrEqual(3000);
}

describe('mrkdwn helpers', () => {
  it('escapes exactly &, < and >, ampersand first', () => {
    expect(escapeMrkdwn('<!channel> & <@U123> >')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt; &gt;');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('*bold* _it_ "q" \'s\' é')).toBe('*bold* _it_ "q" \'s\' é');
  });

  it('truncates to at most max characters with an ellipsis', () => {
    expect(truncate('abcdef', 10)).toBe('abcdef');
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
    expect(truncate('x'.repeat(5000), 3000)).toHaveLength(3000);
  });

  it('builds mentions', () => {
    expect(userMention('U0123ABCD')).toBe('<@U0123ABCD>');
    expect(channelMention('C0123ABCD')).toBe('<#C0123ABCD>');
  });
});

describe('dates', () => {
  const expiry = new Date('2026-04-13T12:00:00Z');

  it('formats a localized date token with a UTC fallback', () => {
    expect(slackDate(expiry)).toBe(`<!date^${unixSeconds(expiry)}^{date_short} at {time}|2026-04-13 12:00 UTC>`);
    expect(slackDate(new Date('2026-04-13T09:05:59.999Z'))).toMatch(DATE_TOKEN);
    expect(slackDate(new Date('2026-04-13T09:05:59.999Z'))).toContain('|2026-04-13 09:05 UTC>');
  });

  it('phrases relative times from the injected now', () => {
    expect(relativeTo(fromNow(days(3)), NOW)).toBe('in 3 days');
    expect(relativeTo(fromNow(-days(2)), NOW)).toBe('2 days ago');
    expect(relativeTo(fromNow(hours(5)), NOW)).toBe('in 5 hours');
  });

  it('phrases expirations', () => {
    expect(expiryPhrase(fromNow(days(3)), NOW)).toBe('expires in 3 days');
    expect(expiryPhrase(fromNow(-days(2)), NOW)).toBe('expired 2 days ago');
    expect(expiryPhrase(new Date(NOW), NOW)).toMatch(/^expired /);
    expect(expiryPhrase(null, NOW)).toBe('expiration unknown');
  });

  it('combines the verb, the token and the phrase, or says the date is unknown', () => {
    const text = expiryClause(fromNow(days(3)), NOW, 'Expires', 'Expiration unknown');
    expect(text).toMatch(DATE_TOKEN);
    expect(text.startsWith('Expires <!date^')).toBe(true);
    expect(text.endsWith(' (expires in 3 days)')).toBe(true);
    expect(expiryClause(null, NOW, 'Expires', 'Expiration unknown')).toBe('Expiration unknown');
  });
});

describe('block builders', () => {
  it('cut header, section and context text to the limits', () => {
    expect(header('h'.repeat(500)).text.text).toHaveLength(150);
    const s = section('s'.repeat(5000), { blockId: 'b'.repeat(400) });
    expect(s.text?.text).toHaveLength(3000);
    expect(s.block_id).toHaveLength(255);
    expect(s.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    const c = context(...Array.from({ length: 12 }, () => 'c'.repeat(4000)));
    expect(c.elements).toHaveLength(10);
    for (const el of c.elements) expect((el as { text: string }).text).toHaveLength(3000);
  });

  it('leave out block_id and accessory when not given', () => {
    expect(section('x')).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'x', verbatim: true } });
  });

  it('refuse a button value over 2000 characters instead of sending it', () => {
    expect(() => button({ actionId: 'a', text: 'b', value: 'v'.repeat(2001) })).toThrow(/too long/);
    expect(button({ actionId: 'a', text: 'b', value: 'v'.repeat(2000) }).value).toHaveLength(2000);
  });

  it('cut button text, and keep at most 25 elements per actions block', () => {
    const b = button({ actionId: 'a', text: 't'.repeat(100), value: 'v' });
    expect(b.text.text).toHaveLength(75);
    expect(b).not.toHaveProperty('style');
    expect(b).not.toHaveProperty('confirm');
    expect(
      actions(
        'x',
        Array.from({ length: 30 }, () => b),
      ).elements,
    ).toHaveLength(25);
  });

  it('fill in all four confirm fields within their limits', () => {
    const d = confirmDialog({ title: 'T'.repeat(200), text: 'x'.repeat(500), confirm: 'C'.repeat(40) });
    expect(d.title?.text).toHaveLength(100);
    expect(d.text.text).toHaveLength(300);
    expect(d.confirm?.text).toHaveLength(30);
    expect(d.deny?.text).toBe('Cancel');
    expect(d.text.type).toBe('plain_text');
  });
});

describe('renderInvitationList', () => {
  const four = [
    invitation({ id: 'inv-a', emailInvited: 'alice@example.com', expiresAt: fromNow(days(3)) }),
    invitation({ id: 'inv-b', emailInvited: 'bob@example.com', expiresAt: fromNow(hours(5)) }),
    invitation({ id: 'inv-c', emailInvited: 'carol@example.com', expiresAt: fromNow(-days(2)) }),
    invitation({ id: 'inv-d', emailInvited: 'dave@example.com', expiresAt: null }),
    invitation({ id: 'inv-x', emailInvited: 'accepted@example.com', isPending: false, statusLabel: 'Accepted' }),
  ];

  describe('header and summary', () => {
    it('counts the pending invitations in the header and the fallback text', () => {
      const message = render(four);
      const head = blocksOf(message)[0];
      expect(head?.type).toBe('header');
      expect(head?.text?.text).toBe('4 pending invitations');
      expect(message.text).toBe('4 pending invitations');
    });

    it('uses the singular for one invitation', () => {
      expect(render([four[0]!]).text).toBe('1 pending invitation');
      expect(countLabel(1)).toBe('1 pending invitation');
      expect(countLabel(0)).toBe('0 pending invitations');
      expect(countLabel(260)).toBe('260 pending invitations');
    });

    it('names the filter in the header', () => {
      const message = render(four, { filter: 'Example' });
      expect(blocksOf(message)[0]?.text?.text).toBe('4 pending invitations matching “Example”');
    });

    it('shows which rows of how many, with the as-of time', () => {
      const all = manyInvitations(260);
      const summary = (page: number) => blocksOf(render(all, { page })).find((b) => b.type === 'context')!.elements![0] as { text: string };
      expect(summary(0).text).toMatch(/^Showing 1–15 of 260 · soonest expiration first · as of /);
      expect(summary(0).text).toMatch(DATE_TOKEN);
      expect(summary(1).text).toMatch(/^Showing 16–30 of 260/);
      expect(summary(17).text).toMatch(/^Showing 256–260 of 260/);
    });
  });

  describe('rows', () => {
    it('has one section per pending invitation, soonest expiration first, unknown last', () => {
      const rows = rowsOf(render(four));
      expect(rows.map((r) => r.block_id)).toEqual([
        `inv:inv-c:${unixSeconds(four[2]!.expiresAt!)}`,
        `inv:inv-b:${unixSeconds(four[1]!.expiresAt!)}`,
        `inv:inv-a:${unixSeconds(four[0]!.expiresAt!)}`,
        'inv:inv-d:none',
      ]);
    });

    it('gives each row a primary Resend button that confirms, naming the e-mail', () => {
      const row = rowFor(render(four), 'inv-b');
      const btn = row.accessory!;
      expect(btn.type).toBe('button');
      expect(btn.action_id).toBe(ACTION_RESEND);
      expect(btn.text.text).toBe('Resend');
      expect(btn.style).toBe('primary');
      expect(btn.confirm?.title.text).toBe('Resend invitation?');
      expect(btn.confirm?.text.text).toBe(
        'Resend the invitation to bob@example.com? Vultr will e-mail it again and extend its expiration.',
      );
      expect(btn.confirm?.confirm.text).toBe('Resend');
      expect(btn.confirm?.deny.text).toBe('Cancel');
    });

    it("carries the row's id, shown expiry, filter and page in the button value", () => {
      const all = manyInvitations(40);
      const message = render(all, { filter: 'EXAMPLE', page: 1 });
      const target = all[20]!;
      const value = decodeResendValue(rowFor(message, target.id).accessory!.value);
      expect(value).toEqual({ i: target.id, e: unixSeconds(target.expiresAt!), q: 'EXAMPLE', p: 1 });
      expect(decodeResendValue(rowFor(render(four), 'inv-d').accessory!.value)).toEqual({ i: 'inv-d', e: null, q: '', p: 0 });
    });

    it('marks urgency: expired, soon, valid, unknown', () => {
      const message = render(four);
      expect(rowFor(message, 'inv-c').text!.text).toContain(':red_circle: *Expired*');
      expect(rowFor(message, 'inv-b').text!.text).toContain(':large_orange_circle: *Expires soon*');
      expect(rowFor(message, 'inv-a').text!.text).toContain(':large_green_circle: Valid');
      expect(rowFor(message, 'inv-d').text!.text).toContain(':white_circle: Expiration unknown');
    });

    it('shows the e-mail in bold, the inviter and both dates as tokens with relative text', () => {
      const text = rowFor(render(four), 'inv-a').text!.text;
      const lines = text.split('\n');
      expect(lines[0]).toMatch(/^\*alice@example\.com\* · /);
      expect(lines[1]).toMatch(/^Invited by Dana Admin \(dana@example\.com\) · sent <!date\^\d+\^/);
      expect(lines[1]).toContain('(1 day ago)');
      expect(lines[2]).toMatch(/^Expires <!date\^/);
      expect(lines[2]).toContain('(expires in 3 days)');
      expect(text.match(DATE_TOKEN_G)).toHaveLength(2);
      expect(text).toContain(`<!date^${unixSeconds(four[0]!.expiresAt!)}^`);
    });

    it('says "expired 2 days ago" for an expired one', () => {
      expect(rowFor(render(four), 'inv-c').text!.text).toContain('(expired 2 days ago)');
    });

    it('leaves out the sent date when unknown', () => {
      const text = rowFor(render([invitation({ createdAt: null })]), 'inv-0001').text!.text;
      expect(text).not.toContain('sent');
      expect(text.match(DATE_TOKEN_G)).toHaveLength(1);
    });

    it('reads naturally when the expiration is unknown (no "Expires expiration unknown")', () => {
      const text = rowFor(render(four), 'inv-d').text!.text;
      expect(text).toMatch(/expiration unknown/i);
      expect(text).not.toMatch(/expires expiration unknown/i);
    });

    it.each<[string, Partial<Invitation>, string]>([
      ['name and e-mail', {}, 'Dana Admin (dana@example.com)'],
      ['name only', { inviterEmail: null }, 'Dana Admin'],
      ['e-mail only', { inviterName: null }, 'dana@example.com'],
      ['neither', { inviterName: null, inviterEmail: null }, 'unknown inviter'],
    ])('names the inviter with %s', (_label, overrides, expected) => {
      expect(inviterText(invitation(overrides))).toBe(expected);
      expect(rowFor(render([invitation(overrides)]), 'inv-0001').text!.text).toContain(`Invited by ${expected}`);
    });

    it('makes the section text mrkdwn with verbatim on, so nothing is auto-linked', () => {
      for (const row of rowsOf(render(four))) expect(row.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    });

    it('shows a row note and hides Resend when the note says so', () => {
      const notes = new Map<string, RowNote>([
        ['inv-a', { text: 'Resent by <@U0ACTOR1>', offerResend: false }],
        ['inv-b', { text: 'Already resent elsewhere', offerResend: true }],
      ]);
      const message = render(four, { rowNotes: notes });
      const a = rowFor(message, 'inv-a');
      expect(a.text!.text.split('\n').pop()).toBe('_Resent by <@U0ACTOR1>_');
      expect(a.accessory).toBeUndefined();
      const b = rowFor(message, 'inv-b');
      expect(b.text!.text).toContain('_Already resent elsewhere_');
      expect(b.accessory?.action_id).toBe(ACTION_RESEND);
      expect(rowFor(message, 'inv-c').accessory?.action_id).toBe(ACTION_RESEND);
    });

    it('shows the group a row will join, escaped, and leaves rows without one as they were', () => {
      const groups: RowGroups = new Map([
        ['inv-a', { id: 'g-dev', name: 'Developers' }],
        ['inv-b', { id: 'g-evil', name: '<!channel> & ops' }],
      ]);
      const message = render(four, { groups });
      expect(rowFor(message, 'inv-a').text!.text.split('\n')[0]).toMatch(/· joins \*Developers\*$/);
      expect(rowFor(message, 'inv-b').text!.text).toContain('· joins *&lt;!channel&gt; &amp; ops*');
      expect(rowFor(message, 'inv-c')).toEqual(rowFor(render(four), 'inv-c'));
      expect(JSON.stringify(rowFor(message, 'inv-c'))).not.toContain('joins');
    });

    it('never offers Resend on a row that is not pending', () => {
      const page = pageOf([invitation({ isPending: false, statusLabel: 'Accepted' })], 0, '');
      const message = renderInvitationList({ page, now: NOW });
      expect(rowFor(message, 'inv-0001').accessory).toBeUndefined();
    });
  });

  describe('notice', () => {
    it('puts the notice right under the header, above the summary and rows, with its accessory', () => {
      const accessory = button({ actionId: ACTION_RESEND, text: 'Try again', value: '{}' });
      const message = render(four, { notice: { text: ':warning: something', accessory } });
      const blocks = blocksOf(message);
      expect(blocks.map((b) => b.type).slice(0, 4)).toEqual(['header', 'section', 'context', 'divider']);
      expect(blocks[1]?.text?.text).toBe(':warning: something');
      expect(blocks[1]?.accessory?.text.text).toBe('Try again');
      expect(blocks[1]?.block_id).toBeUndefined();
    });

    it('shows the notice on the empty list too', () => {
      const message = render([], { notice: { text: 'All done' } });
      expect(blocksOf(message)[0]?.text?.text).toBe('All done');
    });
  });

  describe('empty state', () => {
    it('says there are no pending invitations and offers only Refresh', () => {
      const message = render([four[4]!]);
      expect(message.text).toBe('No pending invitations');
      expect(blocksOf(message).some((b) => b.type === 'header')).toBe(false);
      expect(sectionsOf(message)[0]?.text?.text).toContain('No pending invitations');
      expect(rowsOf(message)).toHaveLength(0);
      const nav = navButtons(message);
      expect(nav.map((b) => b.action_id)).toEqual([`${ACTION_PAGE}:refresh`]);
      expect(decodePageValue(nav[0]!.value)).toEqual({ q: '', p: 0 });
    });

    it('names the filter that matched nothing, escaped', () => {
      const message = render(four, { filter: '<!here>&nobody' });
      expect(message.text).toBe('No pending invitations matching “&lt;!here&gt;&amp;nobody”');
      expect(sectionsOf(message)[0]?.text?.text).toBe(':mag: No pending invitation matches *&lt;!here&gt;&amp;nobody*.');
      expect(decodePageValue(navButtons(message)[0]!.value)).toEqual({ q: '<!here>&nobody', p: 0 });
    });
  });

  describe('navigation', () => {
    const all = manyInvitations(40);
    const nav = (page: number) => navButtons(render(all, { page, filter: 'user' }));

    it('on the first page offers Next and Refresh, not Previous', () => {
      expect(nav(0).map((b) => b.action_id)).toEqual([`${ACTION_PAGE}:next`, `${ACTION_PAGE}:refresh`]);
      expect(decodePageValue(nav(0)[0]!.value)).toEqual({ q: 'user', p: 1 });
    });

    it('on a middle page offers Previous, Next and Refresh with the right target pages', () => {
      const buttons = nav(1);
      expect(buttons.map((b) => b.action_id)).toEqual([`${ACTION_PAGE}:prev`, `${ACTION_PAGE}:next`, `${ACTION_PAGE}:refresh`]);
      expect(buttons.map((b) => decodePageValue(b.value))).toEqual([
        { q: 'user', p: 0 },
        { q: 'user', p: 2 },
        { q: 'user', p: 1 },
      ]);
    });

    it('on the last page offers Previous and Refresh, not Next', () => {
      expect(nav(2).map((b) => b.action_id)).toEqual([`${ACTION_PAGE}:prev`, `${ACTION_PAGE}:refresh`]);
    });

    it('a single page offers Refresh only', () => {
      expect(navButtons(render(four)).map((b) => b.action_id)).toEqual([`${ACTION_PAGE}:refresh`]);
    });

    it('nav buttons are not primary (one primary per row is enough)', () => {
      for (const b of nav(1)) expect(b.style).toBeUndefined();
    });
  });

  describe('Slack limits', () => {
    it('a 260-invitation list rendered page by page stays within every limit', () => {
      const all = manyInvitations(260);
      const pageCount = pageOf(all, 0, '').pageCount;
      const seen = new Set<string>();
      for (let p = 0; p < pageCount; p++) {
        const message = render(all, { page: p, notice: { text: 'notice' } });
        expectWithinSlackLimits(message);
        for (const row of rowsOf(message)) seen.add(row.block_id!);
        for (const btn of buttonsOf(message)) {
          if (btn.action_id === ACTION_RESEND) expect(decodeResendValue(btn.value)).not.toBeNull();
          else if (btn.action_id !== ACTION_NEW_INVITATION) expect(decodePageValue(btn.value)).not.toBeNull();
        }
      }
      expect(seen.size).toBe(260);
    });

    it('keeps huge strings within limits without cutting the row apart', () => {
      const huge = invitation({
        id: 'huge',
        emailInvited: `${'&'.repeat(5000)}@example.com`,
        inviterName: '<'.repeat(5000),
        inviterEmail: `${'>'.repeat(5000)}@example.com`,
        statusLabel: 'x'.repeat(5000),
      });
      const notes = new Map<string, RowNote>([
        [
          'huge',
          {
            text: `Resent by <@U0ACTOR1>, ${expiryClause(fromNow(days(3)), NOW, 'now expires', 'new expiration unknown')}`,
            offerResend: true,
          },
        ],
      ]);
      const filter = '&'.repeat(100);
      const message = renderInvitationList({
        page: pageOf([huge, ...manyInvitations(14)], 0, filter),
        now: NOW,
        rowNotes: notes,
      });
      expectWithinSlackLimits(message);
      const text = rowFor(message, 'huge').text!.text;
      // All four lines are there and the date tokens are whole.
      expect(text.split('\n')).toHaveLength(4);
      expect(text.match(DATE_TOKEN_G)).toHaveLength(3);
      expect(text).toMatch(/_Resent by <@U0ACTOR1>, now expires <!date\^[^>]+>[^_]*_$/);
    });

    it('keeps a 5000-character group name on every row within the limits, cut on its own line', () => {
      const rows = manyInvitations(15);
      const groups: RowGroups = new Map(rows.map((inv) => [inv.id, { id: 'g', name: `${'&'.repeat(5000)}` }]));
      const message = render(rows, { groups });
      expectWithinSlackLimits(message);
      const text = rowsOf(message)[0]!.text!.text;
      expect(text.split('\n')).toHaveLength(3);
      expect(text.split('\n')[0]).toMatch(/· joins \*(&amp;)+…\*$/);
    });

    it('keeps a 5000-character inviter name within the limits', () => {
      const message = render([invitation({ inviterName: 'N'.repeat(5000) })]);
      expectWithinSlackLimits(message);
      expect(rowFor(message, 'inv-0001').text!.text).toContain(`Invited by ${'N'.repeat(150)}`);
      expect(rowFor(message, 'inv-0001').text!.text).toContain('…');
    });

    it('keeps the header within 150 characters for the longest filter', () => {
      const filter = 'f'.repeat(100);
      const message = render([invitation({ emailInvited: `${filter}@example.com` })], { filter });
      expectWithinSlackLimits(message);
      expect(blocksOf(message)[0]?.text?.text).toContain('…');
    });
  });

  describe('mrkdwn injection', () => {
    const hostile = invitation({
      id: 'evil',
      emailInvited: '<!channel>@example.com',
      inviterName: '<@U123> & <!everyone>',
      inviterEmail: '<https://evil.example|click>',
    });

    it('escapes invited e-mails and inviter names everywhere they are mrkdwn', () => {
      const message = render([hostile], { filter: '<!channel>' });
      const text = rowFor(message, 'evil').text!.text;
      expect(text).toContain('*&lt;!channel&gt;@example.com*');
      expect(text).toContain('Invited by &lt;@U123&gt; &amp; &lt;!everyone&gt; (&lt;https://evil.example|click&gt;)');
      const mrkdwn = allMrkdwn(message);
      for (const raw of ['<!channel>', '<@U123>', '<!everyone>', '<https://evil', ' & ']) expect(mrkdwn).not.toContain(raw);
    });

    it('escapes a lone ampersand', () => {
      const text = rowFor(render([invitation({ emailInvited: 'a&b@example.com' })]), 'inv-0001').text!.text;
      expect(text).toContain('*a&amp;b@example.com*');
      expect(text).not.toMatch(/a&b/);
    });

    it('only emits mentions and dates the bot made itself', () => {
      const message = render([hostile]);
      for (const text of [
        message.text,
        ...textObjectsOf(message)
          .filter((t) => t.type === 'mrkdwn')
          .map((t) => t.text),
      ]) {
        const controls = text.match(/<[^>]*>/g) ?? [];
        for (const control of controls) expect(control).toMatch(/^<!date\^/);
      }
    });

    it('keeps the confirm dialog as plain_text, where mrkdwn is not parsed', () => {
      const btn = rowFor(render([hostile]), 'evil').accessory!;
      expect(btn.confirm?.text.type).toBe('plain_text');
      expect(btn.confirm?.text.text).toContain('<!channel>@example.com');
    });
  });
});

describe('resendButton', () => {
  const inv = invitation({ id: 'inv-b', emailInvited: 'bob@example.com', expiresAt: fromNow(days(1)) });

  it('uses the /invites action id by default and carries the row and list state', () => {
    const spec = resendButton(inv, { q: 'bob', p: 2 });
    expect(spec.actionId).toBe(ACTION_RESEND);
    expect(spec.text).toBe('Resend');
    expect(spec.style).toBe('primary');
    expect(decodeResendValue(spec.value)).toEqual({ i: 'inv-b', e: unixSeconds(inv.expiresAt!), q: 'bob', p: 2 });
  });

  it('takes another action id for other surfaces', () => {
    expect(resendButton(inv, { q: '', p: 0 }, ACTION_HOME_RESEND).actionId).toBe(ACTION_HOME_RESEND);
  });
});

describe('Resend all expired', () => {
  const uuid = (n: number) => `7c1e2b9a-4d3f-4a51-9e0b-${String(n).padStart(12, '0')}`;
  /** `count` pending invitations that expired 1..count hours ago, with UUID-length ids. */
  const expiredInvitations = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      invitation({ id: uuid(i), emailInvited: `gone${String(i).padStart(3, '0')}@example.com`, expiresAt: fromNow(-hours(count - i)) }),
    );
  const state = { q: 'example', p: 0 };

  describe('resendAllButton', () => {
    it.each([0, 1])('is not offered for %i expired invitation(s)', (count) => {
      expect(resendAllButton(expiredInvitations(count), state, ACTION_RESEND_ALL)).toBeNull();
    });

    it('is offered from 2 expired invitations, naming the count and confirming it', () => {
      const two = expiredInvitations(2);
      const spec = resendAllButton(two, state, ACTION_RESEND_ALL)!;
      expect(spec.actionId).toBe(ACTION_RESEND_ALL);
      expect(spec.text).toBe('Resend all 2 expired');
      expect(spec.style).toBeUndefined();
      expect(spec.confirm?.title?.text).toBe('Resend expired invitations?');
      expect(spec.confirm?.text?.text).toBe(
        'Resend 2 expired invitations? Vultr will e-mail each invitee again and extend the expiration.',
      );
      expect(spec.confirm?.confirm?.text).toBe('Resend 2');
      expect(decodeBulkValue(spec.value)).toEqual({ b: two.map((inv) => [inv.id, unixSeconds(inv.expiresAt!)]), ...state });
    });

    it(`carries at most ${MAX_BULK} and says so in the label when there are more (45)`, () => {
      const all = expiredInvitations(45);
      const spec = resendAllButton(all, { q: '', p: 3 }, ACTION_RESEND_ALL)!;
      expect(spec.text).toBe('Resend 30 of 45 expired');
      expect(spec.confirm?.text?.text).toMatch(/^Resend 30 expired invitations\?/);
      expect(spec.confirm?.confirm?.text).toBe('Resend 30');
      const value = decodeBulkValue(spec.value);
      expect(value).not.toBeNull();
      expect(value!.b).toEqual(all.slice(0, MAX_BULK).map((inv) => [inv.id, unixSeconds(inv.expiresAt!)]));
      expect(value!.q).toBe('');
      expect(value!.p).toBe(3);
    });

    it('says "Resend all 30 expired" at exactly the limit', () => {
      expect(resendAllButton(expiredInvitations(MAX_BULK), state, ACTION_RESEND_ALL)!.text).toBe('Resend all 30 expired');
    });

    it(`keeps the value within 2000 characters for ${MAX_BULK} UUID-length ids and the longest filter`, () => {
      const spec = resendAllButton(expiredInvitations(MAX_BULK), { q: '"'.repeat(100), p: 10_000 }, ACTION_RESEND_ALL)!;
      expect(uuid(0)).toHaveLength(36);
      expect(spec.value.length).toBeLessThanOrEqual(2000);
      expect(decodeBulkValue(spec.value)?.b).toHaveLength(MAX_BULK);
      expect(() => button(spec)).not.toThrow();
    });

    it('carries null for an unknown expiry', () => {
      const invs = [invitation({ id: 'a', expiresAt: null }), invitation({ id: 'b', expiresAt: fromNow(-hours(1)) })];
      expect(decodeBulkValue(resendAllButton(invs, state, ACTION_RESEND_ALL)!.value)?.b[0]).toEqual(['a', null]);
    });
  });

  describe('in the /invites list', () => {
    const withExpired = (invitations: Invitation[], expired: Invitation[], pageIndex = 0) => {
      const page = { ...pageOf(selectPending(invitations, ''), pageIndex, ''), expired };
      return renderInvitationList({ page, now: NOW });
    };
    const resendAllOf = (message: ReturnType<typeof render>) => navButtons(message).filter((b) => b.action_id === ACTION_RESEND_ALL);

    it('is absent when the page says nothing about expired invitations', () => {
      expect(resendAllOf(render(expiredInvitations(5)))).toHaveLength(0);
    });

    it.each([0, 1])('is absent with %i expired', (count) => {
      const invs = expiredInvitations(count);
      expect(resendAllOf(withExpired([...invs, invitation({ id: 'later' })], invs))).toHaveLength(0);
    });

    it('is the last navigation button with 2 expired, for this filter and page', () => {
      const invs = expiredInvitations(2);
      const page = { ...pageOf(selectPending([...invs, invitation({ id: 'later' })], 'example'), 0, 'example'), expired: invs };
      const message = renderInvitationList({ page, now: NOW });
      const nav = navButtons(message);
      expect(nav.map((b) => b.action_id)).toEqual([`${ACTION_PAGE}:refresh`, ACTION_RESEND_ALL]);
      expect(nav[1]!.text.text).toBe('Resend all 2 expired');
      expect(nav[1]!.confirm?.text.text).toMatch(/^Resend 2 expired invitations\?/);
      expect(decodeBulkValue(nav[1]!.value)).toMatchObject({ q: 'example', p: 0 });
      expectWithinSlackLimits(message);
    });

    it('counts every expired invitation of the selection, not only this page, and stays within 50 blocks', () => {
      const all = [...expiredInvitations(45), ...manyInvitations(40)];
      const expired = selectPending(all, '').filter((inv) => inv.expiresAt !== null && inv.expiresAt < NOW);
      expect(expired).toHaveLength(45);
      for (const p of [0, 1, 5]) {
        const message = withExpired(all, expired, p);
        expectWithinSlackLimits(message);
        expect(message.blocks.length).toBeLessThanOrEqual(50);
        const [resendAll] = resendAllOf(message);
        expect(resendAll?.text.text).toBe('Resend 30 of 45 expired');
        expect(decodeBulkValue(resendAll?.value)?.p).toBe(Math.min(p, 5));
      }
    });

    it('is not offered on the empty list', () => {
      expect(resendAllOf(withExpired([], []))).toHaveLength(0);
    });
  });
});

describe('renderHelp', () => {
  it('explains the command, the filter and help, in one section', () => {
    const message = renderHelp();
    expect(message.text).toBe('How to use /invites');
    expect(message.blocks).toHaveLength(1);
    const text = sectionsOf(message)[0]!.text!.text;
    expect(text).toContain('`/invites`');
    expect(text).toContain('`/invites TEXT`');
    expect(text).toContain('`/invites help`');
    expect(text).toMatch(/case-insensitive/);
    expect(text).toMatch(/Resend/);
    expect(text.length).toBeLessThanOrEqual(3000);
  });
});

describe('packing lines into sections, and the batch notification', () => {
  it('packs lines into sections of at most 3000 characters without splitting a line', () => {
    const lines = Array.from({ length: 100 }, (_, n) => `• line ${n} ${'x'.repeat(90)}`);
    const sections = packSections(lines);
    expect(sections.length).toBeGreaterThan(1);
    for (const block of sections) expect(block.text!.text.length).toBeLessThanOrEqual(3000);
    expect(sections.flatMap((b) => b.text!.text.split('\n'))).toEqual(lines);
  });

  it('names every resent address of a 30-invitation batch, with whole date tokens', () => {
    const resent = Array.from({ length: 30 }, (_, n) => ({
      emailInvited: `a-rather-long-address-number-${n}@subsidiary.example.com`,
      expiresAt: fromNow(days(3)),
    }));
    const message = renderResendNotification({ actorUserId: 'U0ACTOR1', resent, source: 'digest', now: NOW });
    const text = message.blocks.map((b) => (b as { text: { text: string } }).text.text).join('\n');
    for (const inv of resent) expect(text).toContain(inv.emailInvited);
    expect(text.match(/<!date\^\d+\^\{date_short\} at \{time\}\|[^>]+>/g)).toHaveLength(30);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});
