import { type ApiCall, appHomeOpened, homeClickBody, postSigned, postSignedEvent } from '@vultr-invites/slack-emulator';
import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { ADMIN, MEMBER, SECRETS, messageText, startHarness, type Harness } from '../support/harness';

const HOUR = 3600_000;

interface PublishedView {
  type: string;
  blocks: Array<Record<string, unknown>>;
}

interface ViewButton {
  action_id: string;
  value: string;
  text: { text: string };
}

describe('App Home tab end to end (real Bolt app over HTTP, fake Vultr and Slack on loopback)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const events = () => `${h.appUrl}/slack/events`;

  function seed(): void {
    const now = Date.now();
    h.vultr.add(
      pendingInvitation(1, new Date(now + 50 * HOUR), { email_invited: 'carol@example.com' }),
      pendingInvitation(2, new Date(now - 30 * HOUR), { email_invited: 'bob@example.com' }),
      pendingInvitation(3, new Date(now + 5 * HOUR), { email_invited: 'dave@example.com' }),
      pendingInvitation(4, new Date(now + 10 * HOUR), { email_invited: 'erin@example.com', invite_status: 'Accepted' }),
    );
  }

  const publishes = (): ApiCall[] => h.slack.callsOf('views.publish');

  /** Waits for the n-th views.publish (1-based) and returns its user and view. */
  async function published(n: number): Promise<{ user: unknown; view: PublishedView }> {
    const call = await h.slack.waitFor(() => publishes()[n - 1]);
    return { user: call.args.user_id, view: call.args.view as PublishedView };
  }

  async function openHome(user = ADMIN, tab: 'home' | 'messages' = 'home') {
    const ack = await postSignedEvent(events(), SECRETS.signingSecret, appHomeOpened(user, { tab }));
    expect(ack.status).toBe(200);
    return ack;
  }

  async function homeClick(button: { action_id: string; value: string }, user = ADMIN) {
    const ack = await postSigned(
      events(),
      SECRETS.signingSecret,
      homeClickBody({ user_id: user, action_id: button.action_id, value: button.value }),
    );
    expect(ack.status).toBe(200);
    return ack;
  }

  function buttonsOf(view: PublishedView): ViewButton[] {
    return view.blocks.flatMap((block) => [
      ...(block.accessory ? [block.accessory as ViewButton] : []),
      ...((block.elements as ViewButton[] | undefined) ?? []).filter((e) => 'action_id' in e),
    ]);
  }

  /** The Home Resend button on the row of `email`. */
  function resendButtonFor(view: PublishedView, email: string): ViewButton {
    const row = view.blocks.find((b) => b.accessory && JSON.stringify(b.text).includes(email));
    const button = row?.accessory as ViewButton | undefined;
    if (button?.action_id !== 'home_resend') throw new Error(`no Home Resend button for ${email}`);
    return button;
  }

  const audit = (action: string) => h.logs.filter((l) => l.event === 'home' && l.action === action);

  it('publishes the list with counts by urgency for an allowed admin who opens the Home tab', async () => {
    h = await startHarness();
    seed();
    const ack = await openHome();
    expect(ack.elapsedMs).toBeLessThan(3000);
    const { user, view } = await published(1);
    expect(user).toBe(ADMIN);
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const text = messageText(view);
    expect(text).toContain('Vultr invitations');
    expect(text).toContain('*3 pending invitations:* 1 expired · 1 expires within 24 h · 1 valid · as of <!date^');
    expect(text).not.toContain('erin@example.com');
    expect(buttonsOf(view).filter((b) => b.action_id === 'home_resend')).toHaveLength(3);
    expect(buttonsOf(view).map((b) => b.action_id)).toContain('home_page:refresh');
    expect(h.vultr.requestsFor('list')).toHaveLength(1);
    expect(h.slack.responsePosts).toHaveLength(0);
    await h.slack.waitFor(() => audit('open').length > 0);
    expect(audit('open')[0]).toMatchObject({ user: ADMIN, outcome: 'ok', published: true, total: 3 });
  });

  it('shows a member who is not allowed what the app does and who can use it, without calling Vultr', async () => {
    h = await startHarness();
    seed();
    await openHome(MEMBER);
    const { user, view } = await published(1);
    expect(user).toBe(MEMBER);
    const text = messageText(view);
    expect(text).toContain("Invites Bot lists the organization's pending Vultr invitations and resends them.");
    expect(text).toContain('Only the users or the user group chosen by whoever runs the bot can use it');
    expect(text).toContain('use `/invites request`');
    expect(text).not.toContain('bob@example.com');
    expect(buttonsOf(view)).toHaveLength(0);
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('ignores the Messages tab', async () => {
    h = await startHarness();
    seed();
    await openHome(ADMIN, 'messages');
    await new Promise((r) => setTimeout(r, 200));
    expect(publishes()).toHaveLength(0);
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('resends from Home once, re-publishes with the outcome and notifies INVITES_NOTIFY_CHANNEL as "App Home"', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' } });
    seed();
    await openHome();
    const bob = resendButtonFor((await published(1)).view, 'bob@example.com');
    expect(bob.value).toContain('"q":""');

    await homeClick(bob);
    const after = (await published(2)).view;
    const text = messageText(after);
    expect(text).toContain(`Resent by <@${ADMIN}>: *bob@example.com*, now expires <!date^`);
    expect(text).not.toContain('No notification channel');
    expect(() => resendButtonFor(after, 'bob@example.com')).toThrow(); // one click, one e-mail
    expect(h.vultr.totalResends()).toBe(1);

    const [notification, ...others] = await h.slack.waitFor(
      () => h.slack.callsOf('chat.postMessage').length > 0 && h.slack.callsOf('chat.postMessage'),
    );
    expect(others).toHaveLength(0);
    expect(notification?.args.channel).toBe('C0NOTIFY1');
    expect(JSON.stringify(notification?.args)).toContain(`<@${ADMIN}> resent an invitation (from the App Home)`);
    expect(h.slack.responsePosts).toHaveLength(0);

    // The same (now stale) button again: the stale-row check sends nothing.
    await homeClick(bob);
    expect(messageText((await published(3)).view)).toContain('Already resent elsewhere');
    expect(h.vultr.totalResends()).toBe(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    await h.slack.waitFor(() => audit('resend').length === 2);
    expect(audit('resend').map((l) => l.outcome)).toEqual(['resent', 'changed']);
    expect(audit('resend')[0]).toMatchObject({ source: 'App Home', notified: true });
  });

  it('posts nothing without INVITES_NOTIFY_CHANNEL and says so in the Home notice', async () => {
    h = await startHarness();
    seed();
    await openHome();
    await homeClick(resendButtonFor((await published(1)).view, 'dave@example.com'));
    const text = messageText((await published(2)).view);
    expect(text).toContain('Resent by');
    expect(text).toContain('No notification channel is configured (INVITES_NOTIFY_CHANNEL)');
    expect(h.vultr.totalResends()).toBe(1);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('resends all expired invitations from Home with one notification', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' } });
    seed();
    h.vultr.add(pendingInvitation(5, new Date(Date.now() - 2 * HOUR), { email_invited: 'frank@example.com' }));
    await openHome();
    const all = buttonsOf((await published(1)).view).find((b) => b.action_id === 'home_resend_all');
    expect(all?.text.text).toBe('Resend all 2 expired');
    await homeClick(all!);
    expect(messageText((await published(2)).view)).toContain('Resending 2 invitations');
    expect(messageText((await published(3)).view)).toContain(`Resend all, by <@${ADMIN}>:* 2 resent.`);
    expect(h.vultr.totalResends()).toBe(2);
    const calls = await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').length > 0 && h.slack.callsOf('chat.postMessage'));
    expect(calls).toHaveLength(1);
    expect(JSON.stringify(calls[0]?.args)).toContain('resent 2 invitations (from the App Home)');
  });

  it('pages with Next and reloads with Refresh, re-publishing each time', async () => {
    h = await startHarness();
    const now = Date.now();
    for (let n = 1; n <= 50; n++) h.vultr.add(pendingInvitation(n, new Date(now + n * HOUR)));
    await openHome();
    const first = (await published(1)).view;
    expect(messageText(first)).toContain('Showing 1–40 of 50');
    expect(buttonsOf(first).some((b) => b.action_id === 'home_page:prev')).toBe(false);

    await homeClick(buttonsOf(first).find((b) => b.action_id === 'home_page:next')!);
    const second = (await published(2)).view;
    expect(messageText(second)).toContain('Showing 41–50 of 50');
    expect(messageText(second)).toContain('user41@example.com');
    expect(buttonsOf(second).some((b) => b.action_id === 'home_page:next')).toBe(false);

    h.vultr.add(pendingInvitation(51, new Date(now + 51 * HOUR)));
    await homeClick(buttonsOf(second).find((b) => b.action_id === 'home_page:refresh')!);
    expect(messageText((await published(3)).view)).toContain('Showing 41–51 of 51');
    // Opening and Refresh walk Vultr's list; Next is served from the list kept since opening.
    expect(h.vultr.requestsFor('list')).toHaveLength(2);
  });

  it('answers a crafted Home click by a refused user with the explanation, and a malformed one likewise, never calling Vultr', async () => {
    h = await startHarness();
    seed();
    const forged = JSON.stringify({ i: pendingInvitation(2, new Date()).id, e: 0, q: '', p: 0 });
    await homeClick({ action_id: 'home_resend', value: forged }, MEMBER);
    const refused = await published(1);
    expect(refused.user).toBe(MEMBER);
    expect(messageText(refused.view)).toContain('You are not allowed');
    expect(buttonsOf(refused.view)).toHaveLength(0);

    await homeClick({ action_id: 'home_resend_all', value: '{"b":"nope"}' }, ADMIN);
    expect(messageText((await published(2)).view)).toContain('not one this bot understands');

    expect(h.vultr.requests).toHaveLength(0);
    expect(h.slack.responsePosts).toHaveLength(0);
    // A refusal's audit line is written after its Home tab is published.
    await h.slack.waitFor(() => audit('resend').length > 0 && audit('resend_all').length > 0);
    expect(audit('resend')[0]).toMatchObject({ user: MEMBER, outcome: 'not_allowed' });
    expect(audit('resend_all')[0]).toMatchObject({ user: ADMIN, outcome: 'bad_request' });
  });

  it('logs a views.publish failure (not_enabled) and keeps serving', async () => {
    h = await startHarness();
    seed();
    h.slack.override('views.publish', () => ({ body: { ok: false, error: 'not_enabled' } }));
    await openHome();
    const failure = await h.slack.waitFor(() => h.logs.find((l) => l.event === 'home' && l.outcome === 'publish_failed'));
    expect(failure).toMatchObject({ level: 'error', user: ADMIN, slack_error: 'not_enabled' });
    await h.slack.waitFor(() => audit('open').length > 0);
    expect(audit('open')[0]).toMatchObject({ outcome: 'ok', published: false });
    expect(h.logs.some((l) => l.event === 'bolt_error')).toBe(false);

    const { responseId } = await h.command('');
    expect(messageText((await h.slack.waitForPosts(responseId))[0]!.body)).toContain('3 pending invitations');
    await openHome();
    expect(messageText((await published(2)).view)).toContain('3 pending invitations');
  });

  it('publishes why the list could not be loaded when Vultr fails, with Refresh', async () => {
    h = await startHarness();
    seed();
    h.vultr.failNext('list', { status: 500 }, { status: 500 }, { status: 500 });
    await openHome();
    const view = (await published(1)).view;
    expect(messageText(view)).toContain('Could not load the invitations. Vultr had an internal error (HTTP 500)');
    expect(buttonsOf(view).map((b) => b.action_id)).toEqual(['home_page:refresh']);
  });

  describe('ordered publishes (a slow publish never replaces a newer one)', () => {
    function seedMany(count: number): void {
      const now = Date.now();
      for (let n = 1; n <= count; n++) h.vultr.add(pendingInvitation(n, new Date(now + (10 + n) * HOUR)));
    }
    const pageButton = (view: PublishedView, direction: 'next' | 'refresh') =>
      buttonsOf(view).find((b) => b.action_id === `home_page:${direction}`)!;
    const shownRange = (view: PublishedView) => /Showing (\d+)–(\d+) of/.exec(messageText(view))?.slice(1, 3).join('–');

    it('publishes two quick clicks in the order they came, even when the first loads slower', async () => {
      h = await startHarness();
      seedMany(45);
      await openHome();
      const first = (await published(1)).view;
      expect(shownRange(first)).toBe('1–40');
      // Refresh (page 1) while Vultr is slow, then Next (page 2) once it is fast again.
      h.vultr.latencyMs = 700;
      const listsBefore = h.vultr.requestsFor('list').length;
      await homeClick(pageButton(first, 'refresh'));
      await h.slack.waitFor(() => h.vultr.requestsFor('list').length > listsBefore);
      h.vultr.latencyMs = 0;
      await homeClick(pageButton(first, 'next'));
      const last = (await published(3)).view;
      expect(shownRange((await published(2)).view)).toBe('1–40');
      expect(shownRange(last)).toBe('41–45');
      expect(shownRange(h.slack.homeViews.get(ADMIN) as unknown as PublishedView)).toBe('41–45');
    });

    it('sends the hash of its last publish, so a Home tab changed from elsewhere is not overwritten', async () => {
      h = await startHarness();
      seed();
      await openHome();
      await published(1);
      const hashAfterFirst = h.slack.homeHashes.get(ADMIN);
      expect(hashAfterFirst).toBeDefined();
      // Another replica publishes in between: the view's hash moves on.
      h.slack.homeHashes.set(ADMIN, 'published-elsewhere');
      await homeClick(pageButton((await published(1)).view, 'refresh'));
      const second = await h.slack.waitFor(() => publishes()[1]);
      expect(second.args.hash).toBe(hashAfterFirst);
      await h.slack.waitFor(() => h.logs.some((l) => l.event === 'home' && l.outcome === 'hash_conflict'));
      expect(h.slack.homeHashes.get(ADMIN)).toBe('published-elsewhere');
    });
  });
});
