import { HOME_ROWS_PER_PAGE, loadHome, type HomeList } from '../../src/domain/homeList';
import type { ResendOutcome } from '../../src/domain/resend';
import type { BatchResult } from '../../src/domain/batch';
import type { Reloaded } from '../../src/domain/directory';
import { countByUrgency } from '../../src/domain/urgency';
import {
  ACTION_HOME_PAGE,
  ACTION_NEW_INVITATION,
  ACTION_HOME_RESEND,
  ACTION_HOME_RESEND_ALL,
  decodeBulkValue,
  decodePageValue,
  decodeResendValue,
} from '../../src/views/actionPayloads';
import { LIMITS } from '../../src/views/blocks';
import {
  countsText,
  renderHome,
  renderHomeFailure,
  renderHomeRefusal,
  renderHomeResendReport,
  type HomeModel,
  type HomeTab,
} from '../../src/views/homeTab';
import { VultrError } from '../../src/vultr/errors';
import type { Invitation } from '../../src/vultr/invitation';
import { allMrkdwn, blocksOf, buttonsOf, DATE_TOKEN, navButtons, rowFor, rowsOf, sectionsOf, textObjectsOf } from './blockInspect';
import { days, fromNow, hours, invitation, manyInvitations, noGroups, NOW, unixSeconds } from './fixtures';

/** The Block Kit inspectors take a message; a view has the same blocks and no top-level text. */
const asMessage = (view: HomeTab) => ({ text: '', blocks: view.blocks });

const directoryOf = (invitations: Invitation[]) => ({
  listInvitations: async () => ({ invitations, skipped: 0, complete: true as const }),
});

async function home(invitations: Invitation[], pageIndex = 0, extra: Partial<HomeModel> = {}): Promise<HomeTab> {
  const list = await loadHome(directoryOf(invitations), noGroups, pageIndex, NOW);
  return renderHome({ ...list, now: NOW, ...extra });
}

/** 2 expired, 3 within 24 h, 10 valid, 1 unknown, and one accepted (not counted). */
function mixed(): Invitation[] {
  const at = (n: number, expiresAt: Date | null, overrides: Partial<Invitation> = {}) =>
    invitation({ id: `inv-${n}`, emailInvited: `user${n}@example.com`, expiresAt, ...overrides });
  return [
    at(1, fromNow(-days(1))),
    at(2, fromNow(-hours(2))),
    ...[3, 4, 5].map((n) => at(n, fromNow(hours(n)))),
    ...Array.from({ length: 10 }, (_, i) => at(10 + i, fromNow(days(2) + hours(i)))),
    at(30, null),
    at(31, fromNow(days(1)), { isPending: false, statusLabel: 'Accepted' }),
  ];
}

function expectWithinViewLimits(view: HomeTab): void {
  expect(view.type).toBe('home');
  expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerHomeTab);
  const ids = blocksOf(asMessage(view))
    .map((b) => b.block_id)
    .filter((id): id is string => id !== undefined);
  expect(new Set(ids).size).toBe(ids.length);
  for (const btn of buttonsOf(asMessage(view))) {
    expect(btn.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    expect(btn.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  }
  for (const block of blocksOf(asMessage(view))) if (block.type === 'actions') expect(block.elements!.length).toBeLessThanOrEqual(25);
  for (const t of textObjectsOf(asMessage(view))) expect(t.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  expect(JSON.stringify(view).length).toBeLessThan(250_000); // views.publish: view_too_large above 250 kB
}

describe('loadHome', () => {
  it('pages every pending invitation by 40 and counts by urgency over all of them', async () => {
    const list = await loadHome(directoryOf(mixed()), noGroups, 0, NOW);
    expect(list.counts).toEqual({ expired: 2, soon: 3, fine: 10, unknown: 1 });
    expect(list.page.total).toBe(16);
    expect(list.page.rows.map((r) => r.id).slice(0, 2)).toEqual(['inv-1', 'inv-2']);
    expect(list.page.expired?.map((r) => r.id)).toEqual(['inv-1', 'inv-2']);
  });

  it('clamps a page past the end and keeps every expired invitation for Resend all', async () => {
    const invitations = manyInvitations(100).map((inv, i) => (i < 5 ? { ...inv, expiresAt: fromNow(-hours(i + 1)) } : inv));
    const list = await loadHome(directoryOf(invitations), noGroups, 99, NOW);
    expect(HOME_ROWS_PER_PAGE).toBe(40);
    expect(list.page.pageIndex).toBe(2);
    expect(list.page.rows).toHaveLength(20);
    expect(list.page.expired).toHaveLength(5);
  });
});

describe('countByUrgency', () => {
  it('counts each urgency', () => {
    expect(countByUrgency([fromNow(-1), fromNow(hours(1)), fromNow(days(3)), null, null], NOW)).toEqual({
      expired: 1,
      soon: 1,
      fine: 1,
      unknown: 2,
    });
  });
});

describe('renderHome', () => {
  it('shows a header, the counts by urgency and the time of the list', async () => {
    const view = await home(mixed());
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Vultr invitations' } });
    const contextText = JSON.stringify(view.blocks[1]);
    expect(view.blocks[1]?.type).toBe('context');
    expect(contextText).toContain(
      '*16 pending invitations:* 2 expired · 3 expire within 24 h · 10 valid · 1 with unknown expiration · as of <!date^',
    );
    expect(contextText).toContain('Showing 1–16 of 16');
    expect(contextText).toMatch(DATE_TOKEN);
    expect(countsText({ expired: 0, soon: 1, fine: 0, unknown: 0 })).toBe('0 expired · 1 expires within 24 h · 0 valid');
  });

  it('has a Resend button with the confirm dialog on each row, carrying the shown expiry for the stale-row check', async () => {
    const view = await home(mixed());
    const rows = rowsOf(asMessage(view));
    expect(rows).toHaveLength(16);
    const row = rowFor(asMessage(view), 'inv-3');
    expect(row.accessory?.action_id).toBe(ACTION_HOME_RESEND);
    expect(row.accessory?.confirm?.text.text).toBe(
      'Resend the invitation to user3@example.com? Vultr will e-mail it again and extend its expiration.',
    );
    expect(decodeResendValue(row.accessory?.value)).toEqual({ i: 'inv-3', e: unixSeconds(fromNow(hours(3))), q: '', p: 0 });
    expect(buttonsOf(asMessage(view)).some((b) => b.action_id === 'invites_resend')).toBe(false);
  });

  it('stays within 100 blocks on every page of 260 invitations, 40 rows a page, even with a notice', async () => {
    const invitations = manyInvitations(260);
    const notice = { text: 'x'.repeat(5000) };
    for (let p = 0; p < 7; p++) {
      const view = await home(invitations, p, { notice });
      expectWithinViewLimits(view);
      expect(rowsOf(asMessage(view))).toHaveLength(p < 6 ? 40 : 20);
      expect(JSON.stringify(view.blocks)).toContain(`Showing ${p * 40 + 1}–${Math.min(260, p * 40 + 40)} of 260`);
    }
  });

  it('offers Previous and Next only where such a page exists, and always Refresh', async () => {
    const invitations = manyInvitations(100);
    const ids = async (p: number) => navButtons(asMessage(await home(invitations, p))).map((b) => b.action_id);
    expect(await ids(0)).toEqual([`${ACTION_HOME_PAGE}:next`, `${ACTION_HOME_PAGE}:refresh`]);
    expect(await ids(1)).toEqual([`${ACTION_HOME_PAGE}:prev`, `${ACTION_HOME_PAGE}:next`, `${ACTION_HOME_PAGE}:refresh`]);
    expect(await ids(2)).toEqual([`${ACTION_HOME_PAGE}:prev`, `${ACTION_HOME_PAGE}:refresh`]);
    const values = navButtons(asMessage(await home(invitations, 1))).map((b) => decodePageValue(b.value));
    expect(values).toEqual([
      { q: '', p: 0 },
      { q: '', p: 2 },
      { q: '', p: 1 },
    ]);
  });

  it('offers "Resend all N expired" from two expired invitations up, across pages', async () => {
    const view = await home(mixed());
    const all = navButtons(asMessage(view)).find((b) => b.action_id === ACTION_HOME_RESEND_ALL);
    expect(all?.text.text).toBe('Resend all 2 expired');
    expect(all?.confirm?.title.text).toBe('Resend expired invitations?');
    expect(decodeBulkValue(all?.value)?.b.map(([id]) => id)).toEqual(['inv-1', 'inv-2']);

    const single = await home(mixed().filter((inv) => inv.id !== 'inv-1'));
    expect(buttonsOf(asMessage(single)).some((b) => b.action_id === ACTION_HOME_RESEND_ALL)).toBe(false);
  });

  it('escapes text from Vultr, so an address cannot mention anyone', async () => {
    const view = await home([
      invitation({
        id: 'inv-evil',
        emailInvited: '<!channel>&<@U123>@example.com',
        inviterName: '<!here>',
        inviterEmail: 'a>b@example.com',
      }),
    ]);
    const text = allMrkdwn(asMessage(view));
    expect(text).toContain('&lt;!channel&gt;&amp;&lt;@U123&gt;@example.com');
    expect(text).toContain('&lt;!here&gt; (a&gt;b@example.com)');
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>/);
  });

  it('says so when nothing is pending, with only Refresh and New invitation', async () => {
    const view = await home([]);
    expect(allMrkdwn(asMessage(view))).toContain('No pending invitations');
    expect(buttonsOf(asMessage(view)).map((b) => b.action_id)).toEqual([`${ACTION_HOME_PAGE}:refresh`, ACTION_NEW_INVITATION]);
  });
});

describe('renderHomeRefusal', () => {
  it('explains what the bot does and who can use it, with no buttons', () => {
    const view = renderHomeRefusal();
    expectWithinViewLimits(view);
    expect(buttonsOf(asMessage(view))).toHaveLength(0);
    const text = allMrkdwn(asMessage(view));
    expect(text).toContain("Invites Bot lists the organization's pending Vultr invitations and resends them.");
    expect(text).toContain('Only the users or the user group chosen by whoever runs the bot can use it');
    expect(text).toContain('admins and owners');
    expect(text).toContain('You are not allowed');
  });

  it('says why when the check failed or the click made no sense', () => {
    expect(allMrkdwn(asMessage(renderHomeRefusal('check_failed')))).toContain('Could not check whether you are allowed');
    expect(allMrkdwn(asMessage(renderHomeRefusal('bad_request')))).toContain('not one this bot understands');
    expect(buttonsOf(asMessage(renderHomeRefusal('bad_request')))).toHaveLength(0);
  });
});

describe('renderHomeFailure', () => {
  it('says what failed at Vultr and offers Refresh on the same page', () => {
    const view = renderHomeFailure(new VultrError('server', 'boom', { status: 502, operation: 'list' }), { pageIndex: 3 });
    expect(allMrkdwn(asMessage(view))).toContain('Could not load the invitations. Vultr had an internal error (HTTP 502).');
    const [refresh] = buttonsOf(asMessage(view));
    expect(refresh?.action_id).toBe(`${ACTION_HOME_PAGE}:refresh`);
    expect(decodePageValue(refresh?.value)).toEqual({ q: '', p: 3 });
  });

  it('never shows the details of an unexpected error', () => {
    const text = allMrkdwn(asMessage(renderHomeFailure(new TypeError('secret internals'))));
    expect(text).toContain("Something went wrong on the bot's side");
    expect(text).not.toContain('secret internals');
  });
});

describe('renderHomeResendReport', () => {
  const ACTOR = 'U0ACTOR1';
  const bob = invitation({ id: 'inv-bob', emailInvited: 'bob@example.com', expiresAt: fromNow(hours(5)) });
  const bobResent = { ...bob, expiresAt: fromNow(days(3)) };
  const carol = invitation({ id: 'inv-carol', emailInvited: 'carol@example.com', expiresAt: fromNow(days(2)) });

  const result = (outcome: ResendOutcome, notifyChannel: string | undefined): BatchResult => ({
    context: { actorUserId: ACTOR, source: 'App Home', notifyChannel },
    items: [{ request: { invitationId: 'inv-bob', shownExpiry: unixSeconds(bob.expiresAt!) }, outcome, joined: false, startedBy: ACTOR }],
  });
  const list = async (...invitations: Invitation[]): Promise<Reloaded<HomeList>> => ({
    data: await loadHome(directoryOf(invitations), noGroups, 0, NOW),
  });

  it('puts the outcome on top of the refreshed list and takes Resend off the resent row', async () => {
    const view = renderHomeResendReport(
      { result: result({ kind: 'resent', invitation: bobResent }, 'C0NOTIFY1'), shown: await list(bobResent, carol) },
      0,
      NOW,
    );
    expectWithinViewLimits(view);
    const notice = sectionsOf(asMessage(view))[0]!;
    expect(notice.text?.text).toMatch(/^:white_check_mark: Resent by <@U0ACTOR1>: \*bob@example\.com\*, now expires <!date\^/);
    expect(notice.text?.text).not.toContain('No notification channel');
    expect(rowFor(asMessage(view), 'inv-bob').accessory).toBeUndefined();
    expect(rowFor(asMessage(view), 'inv-carol').accessory?.action_id).toBe(ACTION_HOME_RESEND);
  });

  it('says that nobody was told when no notification channel is configured', async () => {
    const view = renderHomeResendReport(
      { result: result({ kind: 'resent', invitation: bobResent }, undefined), shown: await list(bobResent, carol) },
      0,
      NOW,
    );
    expect(sectionsOf(asMessage(view))[0]?.text?.text).toContain('No notification channel is configured (INVITES_NOTIFY_CHANNEL)');
  });

  it('offers Try again through the Home resend action when nothing was sent', async () => {
    const failed: ResendOutcome = {
      kind: 'failed',
      error: new VultrError('unreachable', 'x', { operation: 'resend' }),
      mayHaveSent: false,
    };
    const view = renderHomeResendReport({ result: result(failed, undefined), shown: await list(bob, carol) }, 2, NOW);
    const notice = sectionsOf(asMessage(view))[0]!;
    expect(notice.text?.text).toContain('Could not resend *bob@example.com*');
    expect(notice.text?.text).not.toContain('No notification channel');
    expect(notice.accessory?.action_id).toBe(ACTION_HOME_RESEND);
    expect(decodeResendValue(notice.accessory?.value)).toMatchObject({ i: 'inv-bob', q: '', p: 2 });
  });

  it('keeps the outcome when the list cannot be reloaded', () => {
    const view = renderHomeResendReport(
      {
        result: result({ kind: 'resent', invitation: bobResent }, 'C0NOTIFY1'),
        shown: { error: new VultrError('timeout', 'slow', { operation: 'list' }) },
      },
      1,
      NOW,
    );
    const text = allMrkdwn(asMessage(view));
    expect(text).toContain('Resent by <@U0ACTOR1>');
    expect(text).toContain('Vultr did not answer in time');
    expect(decodePageValue(buttonsOf(asMessage(view))[0]?.value)).toEqual({ q: '', p: 1 });
  });
});
