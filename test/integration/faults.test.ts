import { decodeResendValue, encodeResendValue } from '../../src/views/actionPayloads';
import { pendingInvitation, vultrDate } from '@vultr-invites/vultr-sandbox';
import { ADMIN, MEMBER, SECRETS, messageText, resendButtons, startHarness, type Harness } from '../support/harness';

/**
 * Fault injection against the real app: every fault must end in a clear Slack message and a log
 * line, never a crash, a duplicate e-mail or a leaked secret; and the next request must work.
 */

const HOUR = 3600_000;

function mrkdwnTexts(blocks: unknown[]): string[] {
  const found: string[] = [];
  JSON.stringify(blocks, (_key, value: unknown) => {
    const node = value as { type?: string; text?: unknown };
    if (node && node.type === 'mrkdwn' && typeof node.text === 'string') found.push(node.text);
    return value;
  });
  return found;
}
const BOB = pendingInvitation(2, new Date(Date.now() - 30 * HOUR), { email_invited: 'bob@example.com' });

describe('fault injection', () => {
  let h: Harness;
  afterEach(async () => {
    try {
      // Survival check after every fault: the same process still lists invitations.
      const again = await h.command('');
      const [post] = await h.slack.waitForPosts(again.responseId);
      expect(messageText(post!.body)).toMatch(/pending invitation|No pending invitations/);
      // Secrets never reach a log line or any message posted to Slack (API calls to Slack carry the token by design).
      const shown = [
        ...h.rawLogs,
        ...h.slack.responsePosts.map((p) => JSON.stringify(p.body)),
        ...h.slack.callsOf('chat.postMessage').map((c) => JSON.stringify(c.args)),
      ];
      for (const secret of Object.values(SECRETS)) {
        expect(shown.filter((text) => text.includes(secret))).toEqual([]);
      }
    } finally {
      await h.stop();
    }
  });

  async function seedAndList(): Promise<{ value: string; id: string }> {
    h.vultr.add(
      { ...BOB, expiration_date: vultrDate(new Date(Date.now() - 30 * HOUR)) },
      pendingInvitation(3, new Date(Date.now() + 60 * HOUR)),
    );
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    const value = resendButtons(post!.body)[0]!.value;
    return { value, id: decodeResendValue(value)!.i };
  }

  async function clickAndRead(value: string, user = ADMIN): Promise<string> {
    const click = await h.click('invites_resend', value, user);
    expect(click.ack.status).toBe(200);
    const [post] = await h.slack.waitForPosts(click.responseId);
    return messageText(post!.body);
  }

  async function listText(): Promise<string> {
    const { responseId } = await h.command('');
    const [post] = await h.slack.waitForPosts(responseId);
    return messageText(post!.body);
  }

  describe('Vultr', () => {
    it('429 with Retry-After, then OK: waits as asked and lists', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      h.vultr.failNext('list', { status: 429, headers: { 'retry-after': '1' } });
      const started = Date.now();
      expect(await listText()).toContain('1 pending invitation');
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(h.vultr.requestsFor('list')).toHaveLength(2);
      expect(h.logs.some((l) => l.event === 'vultr_retry' && l.statusCode === 429 && l.delayMs === 1000)).toBe(true);
    });

    it('503 once, then OK: retried with backoff', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      h.vultr.failNext('list', { status: 503 });
      expect(await listText()).toContain('1 pending invitation');
      expect(h.vultr.requestsFor('list')).toHaveLength(2);
    });

    it('a 200 with an HTML body is a clear format error, not a crash', async () => {
      h = await startHarness();
      h.vultr.failNext('list', {
        status: 200,
        body: '<html><body>Gateway maintenance</body></html>',
        headers: { 'content-type': 'text/html' },
      });
      const text = await listText();
      expect(text).toContain('format this bot does not understand');
      expect(text).not.toContain('<html>');
      expect(h.logs.some((l) => l.event === 'vultr_call' && l.outcome === 'invalid_response')).toBe(true);
    });

    it('a body that fails the schema is a clear format error', async () => {
      h = await startHarness();
      h.vultr.failNext('list', { status: 200, body: JSON.stringify({ invitations: { id: 42, email_invited: null } }) });
      expect(await listText()).toContain('format this bot does not understand');
    });

    it('401: says the key is wrong or lacks permission', async () => {
      h = await startHarness();
      h.vultr.failNext('list', { status: 401, body: JSON.stringify({ error: 'Invalid API token.', status: 401 }) });
      const text = await listText();
      expect(text).toContain("Vultr refused the bot's API key (HTTP 401)");
      expect(text).toContain('iam.invitation');
      expect(h.vultr.requestsFor('list')).toHaveLength(1); // never retried
    });

    it("resend answering 400 (not pending): Vultr's reason is shown, nothing retried", async () => {
      h = await startHarness();
      const { value } = await seedAndList();
      h.vultr.failNext('resend', { status: 400, body: JSON.stringify({ error: 'Invitation is not pending', status: 400 }) });
      const text = await clickAndRead(value);
      expect(text).toContain('Vultr refused the request (HTTP 400): “Invitation is not pending”');
      expect(text).toContain('Nothing was sent');
      expect(text).toContain('Try again');
      expect(h.vultr.requestsFor('resend')).toHaveLength(1);
    });

    it("a long reason of Vultr's in emoji is shortened on whole characters, never half of one", async () => {
      h = await startHarness();
      const { value } = await seedAndList();
      // 300 code units is the cap: the 150th emoji straddles it.
      h.vultr.failNext('resend', { status: 400, body: JSON.stringify({ error: `x${'😀'.repeat(200)}`, status: 400 }) });
      const text = await clickAndRead(value);
      expect(text).toContain(`“x${'😀'.repeat(149)}”`);
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    });

    it('resend answering 404: the row says the invitation is gone', async () => {
      h = await startHarness();
      const { value } = await seedAndList();
      h.vultr.failNext('resend', { status: 404, body: JSON.stringify({ error: 'Invite not found', status: 404 }) });
      expect(await clickAndRead(value)).toContain('no longer exists at Vultr');
      expect(h.vultr.totalResends()).toBe(0);
    });

    it('the invitation vanished before the click (GET 404): nothing sent', async () => {
      h = await startHarness();
      const { value, id } = await seedAndList();
      h.vultr.invitations.delete(id);
      expect(await clickAndRead(value)).toContain('no longer exists at Vultr');
      expect(h.vultr.requestsFor('resend')).toHaveLength(0);
    });

    it('resend timed out after Vultr acted: confirmed by re-reading, reported once, not repeated', async () => {
      h = await startHarness({ vultrTimeoutMs: 800 });
      const { value, id } = await seedAndList();
      h.vultr.failNext('resend', 'act-then-hang');
      const text = await clickAndRead(value);
      expect(text).toContain('Resent by');
      expect(h.vultr.resendCount.get(id)).toBe(1);
      expect(h.vultr.requestsFor('resend')).toHaveLength(1);
    });

    it('resend answered 502 after Vultr acted: confirmed by re-reading, not repeated', async () => {
      h = await startHarness();
      const { value, id } = await seedAndList();
      h.vultr.failNext('resend', 'act-then-502');
      expect(await clickAndRead(value)).toContain('Resent by');
      expect(h.vultr.resendCount.get(id)).toBe(1);
      expect(h.vultr.requestsFor('resend')).toHaveLength(1);
    });

    it('resend answered 502 and nothing changed: reported as not sent, with Try again', async () => {
      h = await startHarness();
      const { value } = await seedAndList();
      h.vultr.failNext('resend', { status: 502 });
      const click = await h.click('invites_resend', value);
      const [post] = await h.slack.waitForPosts(click.responseId);
      const text = messageText(post!.body);
      expect(text).toContain('Could not resend');
      expect(text).toContain('Nothing was sent');
      const retry = post!.body.blocks!.find((b) => (b.accessory as { text?: { text: string } })?.text?.text === 'Try again');
      expect(retry).toBeDefined();
      expect(h.vultr.requestsFor('resend')).toHaveLength(1);
      // The Try again button works.
      const second = await clickAndRead((retry!.accessory as { value: string }).value);
      expect(second).toContain('Resent by');
      expect(h.vultr.totalResends()).toBe(1);
    });

    it('resend answered 429: provably not acted on, so retried after Retry-After', async () => {
      h = await startHarness();
      const { value, id } = await seedAndList();
      h.vultr.failNext('resend', { status: 429, headers: { 'retry-after': '1' } });
      expect(await clickAndRead(value)).toContain('Resent by');
      expect(h.vultr.requestsFor('resend')).toHaveLength(2);
      expect(h.vultr.resendCount.get(id)).toBe(1);
    });

    it('the same invitation twice in a list (it changed between pages) is shown once', async () => {
      h = await startHarness();
      h.vultr.failNext('list', { status: 200, body: JSON.stringify({ invites: [BOB, BOB], meta: { total: 2, links: { next: '' } } }) });
      const text = await listText();
      expect(text).toContain('1 pending invitation');
      expect(text.split('bob@example.com*').length - 1).toBe(1);
    });

    it('resend connection dropped after sending: not retried; the re-reads find no change, so it may still go out', async () => {
      h = await startHarness();
      const { value } = await seedAndList();
      h.vultr.failNext('resend', 'destroy');
      const text = await clickAndRead(value);
      expect(h.vultr.requestsFor('resend')).toHaveLength(1); // a POST that may have arrived is never repeated blindly
      expect(text).toContain('may still go out');
      expect(text).toContain('had not moved');
      expect(text).not.toContain('Nothing was sent');
      expect(text).not.toContain('Try again');
      expect(h.vultr.totalResends()).toBe(0);
    });

    it('a body that trickles in forever ends at the per-call deadline', async () => {
      h = await startHarness({ vultrTimeoutMs: 400 }); // deadline: 3 × 400 ms + 2 × 1500 ms of backoff room
      h.vultr.failNext('list', 'trickle');
      const started = Date.now();
      expect(await listText()).toContain('Vultr did not answer in time');
      expect(Date.now() - started).toBeLessThan(8000);
    });

    it('a cursor that repeats ends the paging instead of looping', async () => {
      h = await startHarness();
      const page = (next: string) => ({ status: 200, body: JSON.stringify({ invites: [BOB], meta: { links: { next } } }) });
      h.vultr.failNext('list', page('again'), page('again'));
      expect(await listText()).toContain('1 pending invitation');
      expect(h.vultr.requestsFor('list').map((r) => r.path)).toEqual([
        '/v2/invitation?per_page=500',
        '/v2/invitation?per_page=500&cursor=again',
      ]);
    });

    it('connection dropped without an answer on a read: retried', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      h.vultr.failNext('list', 'destroy');
      expect(await listText()).toContain('1 pending invitation');
    });
  });

  describe('exactly once', () => {
    it.each([2, 10])('%i simultaneous clicks on one row give one resend', async (clicks) => {
      h = await startHarness();
      const { value, id } = await seedAndList();
      h.vultr.latencyMs = 100; // keep the first resend in flight while the others arrive
      const users = [ADMIN, 'U0ADMIN02'];
      h.slack.users.set('U0ADMIN02', { is_owner: true });
      const results = await Promise.all(Array.from({ length: clicks }, (_, n) => h.click('invites_resend', value, users[n % 2])));
      const texts = await Promise.all(results.map(async (r) => messageText((await h.slack.waitForPosts(r.responseId))[0]!.body)));
      h.vultr.latencyMs = 0;
      expect(h.vultr.resendCount.get(id)).toBe(1);
      expect(h.vultr.requestsFor('resend')).toHaveLength(1);
      // Everyone gets an answer: the resend, or that it was already done.
      for (const text of texts) expect(text).toMatch(/Resent by|Already resent elsewhere|already resending/);
      // The team is notified after the person is answered: wait for it, then make sure it was the only one.
      await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage')[0]);
      await new Promise((r) => setTimeout(r, 100));
      expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    });

    it('a stale row (resent elsewhere since it was shown) sends nothing and offers a fresh button', async () => {
      h = await startHarness();
      const { value, id } = await seedAndList();
      expect(await clickAndRead(value)).toContain('Resent by');
      const text = await clickAndRead(value); // the old button, clicked again later
      expect(text).toContain('Already resent elsewhere');
      expect(h.vultr.resendCount.get(id)).toBe(1);
      const click = await h.click('invites_resend', value);
      const [post] = await h.slack.waitForPosts(click.responseId);
      const fresh = resendButtons(post!.body).find((b) => decodeResendValue(b.value)?.i === id);
      expect(fresh).toBeDefined();
      expect(decodeResendValue(fresh!.value)?.e).not.toBe(decodeResendValue(value)?.e);
    });

    it('a row that is no longer pending loses its button', async () => {
      h = await startHarness();
      const { value, id } = await seedAndList();
      h.vultr.invitations.get(id)!.invite_status = 'Accepted';
      const click = await h.click('invites_resend', value);
      const [post] = await h.slack.waitForPosts(click.responseId);
      expect(messageText(post!.body)).toContain('is no longer pending (status: Accepted)');
      expect(resendButtons(post!.body).some((b) => decodeResendValue(b.value)?.i === id)).toBe(false);
      expect(h.vultr.totalResends()).toBe(0);
    });

    it('bounds concurrent requests to Vultr: a burst of clicks queues', async () => {
      h = await startHarness();
      const now = Date.now();
      const invitations = Array.from({ length: 8 }, (_, n) => pendingInvitation(n + 10, new Date(now + (n + 1) * HOUR)));
      h.vultr.add(...invitations);
      h.vultr.latencyMs = 50;
      const clicks = await Promise.all(
        invitations.map((inv) =>
          h.click(
            'invites_resend',
            encodeResendValue({ i: inv.id, e: Math.floor(new Date(inv.expiration_date!).getTime() / 1000), q: '', p: 0 }),
          ),
        ),
      );
      await Promise.all(clicks.map((c) => h.slack.waitForPosts(c.responseId)));
      h.vultr.latencyMs = 0;
      expect(h.vultr.totalResends()).toBe(8);
      expect(h.vultr.maxConcurrent).toBeLessThanOrEqual(2);
    });
  });

  describe('Slack', () => {
    it('HTTP 429 on a Web API call is waited out and retried', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      h.slack.override('users.info', () => ({ status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }));
      expect(await listText()).toContain('1 pending invitation');
      expect(h.slack.callsOf('users.info')).toHaveLength(2);
    });

    it('a response_url failing with 500 once is retried and the reply arrives', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      const { responseId } = await h.command('', ADMIN, { failResponseWith: [500] });
      const [post] = await h.slack.waitForPosts(responseId);
      expect(messageText(post!.body)).toContain('1 pending invitation');
    });

    it('a dead response_url (404): the reply goes out as chat.postEphemeral instead', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      await h.command('', ADMIN, { failResponseWith: [404] });
      const fallback = await h.slack.waitFor(() => h.slack.callsOf('chat.postEphemeral')[0]);
      expect(fallback.args).toMatchObject({ channel: 'C0CMDCHAN', user: ADMIN });
      expect(String(fallback.args.text)).toContain('1 pending invitation');
      expect(await h.slack.waitFor(() => h.logs.find((l) => l.outcome === 'reply_fallback'))).toMatchObject({
        event: 'command',
        user: ADMIN,
        error_status: 404,
      });
    });

    it('a dead response_url and no way to post ephemerally: logged with what was not delivered', async () => {
      h = await startHarness();
      const { value } = await seedAndList();
      h.slack.override('chat.postEphemeral', () => ({ body: { ok: false, error: 'user_not_in_channel' } }));
      await h.click('invites_resend', value, ADMIN, { failResponseWith: [404] });
      const line = await h.slack.waitFor(() => h.logs.find((l) => l.outcome === 'reply_failed'));
      expect(line).toMatchObject({ event: 'action', user: ADMIN, error_status: 404, channel: 'C0CMDCHAN' });
      expect(String(line.undelivered_text)).toBeTruthy();
      expect(h.vultr.totalResends()).toBe(1); // the resend itself happened, and the audit line says so
      await h.slack.waitFor(() => h.logs.find((l) => l.event === 'action' && l.outcome === 'resent'));
    });

    it('a failed access check (Slack error) refuses instead of allowing', async () => {
      h = await startHarness({ env: { INVITES_ALLOWED_USERGROUP: 'S0OPS0001' } });
      h.vultr.add(BOB);
      h.slack.usergroups.set('S0OPS0001', [MEMBER, ADMIN]);
      h.slack.override('usergroups.users.list', () => ({ body: { ok: false, error: 'fatal_error' } }));
      const failed = await h.command('', MEMBER);
      expect(messageText((await h.slack.waitForPosts(failed.responseId))[0]!.body)).toContain('Could not check whether you are allowed');
      expect(h.vultr.requests).toHaveLength(0);
      // The group is cached for a while after a successful lookup: one Slack call for two commands.
      const first = await h.command('', MEMBER);
      const second = await h.command('', MEMBER);
      await h.slack.waitForPosts(first.responseId);
      await h.slack.waitForPosts(second.responseId);
      expect(h.slack.callsOf('usergroups.users.list')).toHaveLength(2);
    });
  });

  describe('untrusted input', () => {
    it.each([
      ['not JSON', 'hello'],
      ['wrong shape', JSON.stringify({ id: 'x' })],
      ['extra keys', JSON.stringify({ i: 'abc', e: 1, q: '', p: 0, admin: true })],
      ['path traversal id', JSON.stringify({ i: '../../account', e: 1, q: '', p: 0 })],
      ['oversized', 'x'.repeat(1900)],
    ])('a malformed button value (%s) is refused without touching Vultr', async (_name, value) => {
      h = await startHarness();
      const click = await h.click('invites_resend', value);
      expect(click.ack.status).toBe(200);
      const [post] = await h.slack.waitForPosts(click.responseId);
      expect(messageText(post!.body)).toContain('not one this bot understands');
      expect(h.vultr.requests).toHaveLength(0);
      await h.slack.waitFor(() => h.logs.find((l) => l.event === 'action' && l.outcome === 'bad_request'));
    });

    it('a request from another workspace is refused', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      const command = await h.command('', ADMIN, { teamId: 'T0FOREIGN' });
      expect(command.ack.status).toBe(200);
      expect(command.ack.body).toContain('not installed for this workspace');
      const click = await h.click('invites_resend', encodeResendValue({ i: BOB.id, e: 0, q: '', p: 0 }), ADMIN, { teamId: 'T0FOREIGN' });
      expect(click.ack.status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      expect(h.vultr.requests).toHaveLength(0);
      expect(h.logs.filter((l) => l.event === 'request_guard' && l.outcome === 'foreign_team')).toHaveLength(2);
    });

    it('a request for another app (SLACK_APP_ID set) is refused', async () => {
      h = await startHarness({ env: { SLACK_APP_ID: 'A0TESTAPP' } });
      h.vultr.add(BOB);
      const command = await h.command('', ADMIN, { appId: 'A0OTHERAPP' });
      expect(command.ack.body).toContain('not installed for this workspace');
      expect(h.vultr.requests).toHaveLength(0);
      expect(h.logs.some((l) => l.event === 'request_guard' && l.outcome === 'foreign_app')).toBe(true);
    });

    it('escapes mentions and links in invited addresses and in the echoed filter', async () => {
      h = await startHarness();
      h.vultr.add(
        pendingInvitation(7, new Date(Date.now() + 60 * HOUR), {
          email_invited: '<!channel>@evil.example',
          inviter_name: '<@U0VICTIM> & co',
        }),
      );
      const { responseId } = await h.command('<!channel>');
      const [post] = await h.slack.waitForPosts(responseId);
      // Only mrkdwn is parsed for mentions; plain_text (header, confirm dialog) shows text as typed.
      const mrkdwn = [post!.body.text ?? '', ...mrkdwnTexts(post!.body.blocks ?? [])].join('\n');
      expect(mrkdwn).toContain('&lt;!channel&gt;@evil.example');
      expect(mrkdwn).toContain('&lt;@U0VICTIM&gt; &amp; co');
      expect(mrkdwn).not.toMatch(/(?<!&lt;)<!channel>/);
      expect(mrkdwn).not.toContain('<@U0VICTIM>');
    });

    it('refuses an over-long filter with a clear message', async () => {
      h = await startHarness();
      const { ack } = await h.command('x'.repeat(500));
      expect(JSON.parse(ack.body).text).toContain('too long');
      expect(h.vultr.requests).toHaveLength(0);
    });
  });
});
