import { decodeResendValue } from '../../src/views/actionPayloads';
import { pendingInvitation, vultrDate } from '@vultr-invites/vultr-sandbox';
import { ADMIN, messageText, resendButtons, startHarness, type Harness } from '../support/harness';

/**
 * What the bot does when Vultr's answers are broken, hostile or slow: it shows what it can, says
 * what it left out, keeps its memory bounded, never lets one stuck call hold up another person,
 * and never tells anyone "nothing was sent" before it knows.
 */

const HOUR = 3600_000;

describe('Vultr bounds and honesty', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  async function listText(): Promise<string> {
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId, 1, 20_000);
    return messageText(post!.body);
  }

  async function firstResendValue(): Promise<string> {
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    return resendButtons(post!.body)[0]!.value;
  }

  async function clickAndRead(value: string): Promise<string> {
    const click = await h.click('invites_resend', value, ADMIN);
    const [post] = await h.slack.waitForPosts(click.responseId, 1, 20_000);
    return messageText(post!.body);
  }

  it('malformed rows are skipped, logged once by id, and counted in the message; the rest are listed', async () => {
    h = await startHarness();
    const good = pendingInvitation(1, new Date(Date.now() + 30 * HOUR), { email_invited: 'good@example.com' });
    const bad = [
      { ...good, id: '../../account', email_invited: 'slash@example.com' },
      { ...good, id: 'has spaces', email_invited: 'spaces@example.com' },
      { ...good, id: 'x'.repeat(65), email_invited: 'long@example.com' },
      { ...good, id: 'no-email', email_invited: '' },
      { ...good, id: 'null-email', email_invited: null },
      { ...good, id: 'numeric-date', expiration_date: 1775295000 },
      { ...good, id: 'object-name', inviter_name: { first: 'Dana' } },
    ];
    h.vultr.failNext('list', { status: 200, body: JSON.stringify({ invites: [good, ...bad], meta: { links: { next: '' } } }) });
    const text = await listText();
    expect(text).toContain('1 pending invitation');
    expect(text).toContain('good@example.com');
    expect(text).toContain("7 invitations in Vultr's answer could not be read");
    expect(text).not.toContain('slash@example.com');
    const skipped = h.logs.filter((l) => l.event === 'vultr_list');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ skipped: 7, by_field: { id: 3, email_invited: 2, expiration_date: 1, inviter_name: 1 } });
    expect(skipped[0]!.skipped_ids).toEqual(['no-email', 'null-email', 'numeric-date', 'object-name']);
    expect(JSON.stringify(skipped[0])).not.toContain('@example.com');
    // No URL was ever built from an id that failed validation.
    expect(h.vultr.requests.filter((r) => r.route !== 'list')).toEqual([]);
  });

  it('a list cut at the page cap says so: "At least", how many were read, and why', async () => {
    h = await startHarness({ vultrLimits: { pageSize: 2, maxPages: 2 } });
    for (let n = 1; n <= 5; n++) h.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR)));
    const text = await listText();
    expect(text).toContain('At least 4 pending invitations');
    expect(text).toContain('Incomplete list');
    expect(text).toContain('the first 4 invitations Vultr listed');
    expect(text).toContain('past 2 pages');
    expect(h.vultr.requestsFor('list')).toHaveLength(2);
    expect(h.logs.some((l) => l.event === 'vultr_list' && String(l.reason).includes('past 2 pages'))).toBe(true);
  });

  it('an answer larger than the byte cap is dropped, with a clear message', async () => {
    h = await startHarness({ vultrLimits: { maxResponseBytes: 64 * 1024 } });
    const huge = JSON.stringify({ invites: [], padding: 'x'.repeat(2 * 1024 * 1024) });
    h.vultr.failNext('list', { status: 200, body: huge }, { status: 200, body: huge }, { status: 200, body: huge });
    const text = await listText();
    expect(text).toContain('Vultr sent more than this bot accepts');
    expect(h.logs.some((l) => l.event === 'vultr_call' && l.outcome === 'too_large')).toBe(true);
  });

  it('a walk past the row cap fails with a clear message instead of growing', async () => {
    h = await startHarness({ vultrLimits: { maxRows: 3 } });
    for (let n = 1; n <= 5; n++) h.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR)));
    expect(await listText()).toContain('Vultr sent more than this bot accepts');
  });

  it('a walk past the row cap on a later page stops there; the page already asked for is dropped without harm', async () => {
    h = await startHarness({ vultrLimits: { pageSize: 2, maxRows: 3 } });
    for (let n = 1; n <= 7; n++) h.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR)));
    expect(await listText()).toContain('Vultr sent more than this bot accepts');
    // Page 2 crossed the cap; page 3 had been asked for while page 2 was read, page 4 never was.
    await h.slack.waitFor(() => h.vultr.requestsFor('list').every((r) => r.servedMs !== undefined));
    expect(h.vultr.requestsFor('list').map((r) => new URL(r.path, 'http://x').searchParams.get('cursor'))).toEqual([null, '2', '4']);
  });

  it('a cursor seen before ends the walk as incomplete, and is not asked for again', async () => {
    h = await startHarness();
    const page = (id: number) =>
      JSON.stringify({ invites: [pendingInvitation(id, new Date(Date.now() + HOUR))], meta: { links: { next: 'again' } } });
    h.vultr.failNext('list', { status: 200, body: page(1) }, { status: 200, body: page(2) });
    const text = await listText();
    expect(text).toContain('Incomplete list');
    expect(h.vultr.requestsFor('list').map((r) => new URL(r.path, 'http://x').searchParams.get('cursor'))).toEqual([null, 'again']);
  });

  it('two trickling calls hold both connections; a third /invites still answers within its own timeout', async () => {
    // Without the list cache every /invites walks on its own (with it, they would share one walk).
    h = await startHarness({ vultrTimeoutMs: 1500, env: { INVITES_CACHE_TTL: '0' } });
    h.vultr.add(pendingInvitation(1, new Date(Date.now() + 30 * HOUR), { email_invited: 'healthy@example.com' }));
    h.vultr.failNext('list', 'trickle', 'trickle');
    const stuck = [await h.command(''), await h.command('')];
    // Both trickles hold the two connections before the third asks (a fixed pause is too short under load).
    await h.slack.waitFor(() => h.vultr.requestsFor('list').length >= 2);
    const started = Date.now();
    const third = await h.command('');
    const [post] = await h.slack.waitForPosts(third.responseId, 1, 20_000);
    const waited = Date.now() - started;
    expect(messageText(post!.body)).toContain('healthy@example.com');
    // A trickle loses its connection one attempt's time after its headers, so the queue moves on.
    expect(waited).toBeLessThan(2 * 1500);
    for (const s of stuck)
      expect(messageText((await h.slack.waitForPosts(s.responseId, 1, 20_000))[0]!.body)).toContain('did not answer in time');
  });

  it('retries and their backoffs end at the call deadline (3 × VULTR_TIMEOUT_MS, queueing included)', async () => {
    h = await startHarness({ vultrTimeoutMs: 300 });
    const busy = { status: 503, headers: { 'retry-after': '1' } };
    h.vultr.failNext('list', busy, busy, busy);
    const started = Date.now();
    expect(await listText()).toContain('did not answer in time');
    expect(Date.now() - started).toBeLessThan(3 * 300 + 600);
  });

  it('a resend that timed out and that Vultr applied 0.8 s later is found by the spaced re-reads', async () => {
    h = await startHarness({ vultrTimeoutMs: 500, resendRecheckMs: [500, 1000] });
    h.vultr.add(pendingInvitation(2, new Date(Date.now() - 30 * HOUR), { email_invited: 'bob@example.com' }));
    const value = await firstResendValue();
    h.vultr.failNext('resend', { hangThenActAfterMs: 500 + 800 });
    const text = await clickAndRead(value);
    expect(text).toContain('Resent by');
    expect(text).not.toContain('Nothing was sent');
    expect(h.vultr.totalResends()).toBe(1);
    expect(h.vultr.requestsFor('resend')).toHaveLength(1);
  });

  it('a resend that timed out and has not shown up yet: "may still go out", with what the re-read found, no Try again', async () => {
    h = await startHarness({ vultrTimeoutMs: 300 });
    h.vultr.add(pendingInvitation(2, new Date(Date.now() - 30 * HOUR), { email_invited: 'bob@example.com' }));
    const value = await firstResendValue();
    h.vultr.failNext('resend', 'hang');
    const text = await clickAndRead(value);
    expect(text).toContain('may still go out');
    expect(text).toContain('its expiration had not moved');
    expect(text).not.toContain('Nothing was sent');
    expect(text).not.toContain('Try again');
  });

  it('a 2xx resend with an unreadable body is a resend, not "Nothing was sent"', async () => {
    h = await startHarness();
    h.vultr.add(pendingInvitation(2, new Date(Date.now() - 30 * HOUR), { email_invited: 'bob@example.com' }));
    const value = await firstResendValue();
    h.vultr.keepExpiryOnResend = true; // so a re-read cannot tell: only the 2xx proves the e-mail went out
    h.vultr.failNext('resend', { status: 200, body: '<html>proxy says hi', act: true });
    const text = await clickAndRead(value);
    expect(text).toContain('Resent by');
    expect(text).not.toContain('Nothing was sent');
    expect(h.vultr.totalResends()).toBe(1);
  });

  it('Vultr not moving the date: a second click on the same (stale) row sends no second e-mail', async () => {
    h = await startHarness();
    h.vultr.keepExpiryOnResend = true;
    const expired = new Date(Date.now() - 30 * HOUR);
    h.vultr.add(pendingInvitation(2, expired, { email_invited: 'bob@example.com', expiration_date: vultrDate(expired) }));
    const value = await firstResendValue();
    expect(await clickAndRead(value)).toContain('Resent by');
    const again = await clickAndRead(value);
    expect(again).toContain('resent from here less than 10 minutes ago');
    expect(h.vultr.resendCount.get(decodeResendValue(value)!.i)).toBe(1);
  });
});
