import { request } from 'undici';
import { decodeResendValue } from '../../src/views/actionPayloads';
import { commandBody, postSigned, TEAM_ID } from '@vultr-invites/slack-emulator';
import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { ADMIN, COMMAND, type Harness, MEMBER, messageText, resendButtons, SECRETS, startHarness } from '../support/harness';

const HOUR = 3600_000;

describe('/invites end to end (real Bolt app over HTTP, fake Vultr and Slack on loopback)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  function seed(harness: Harness): void {
    const now = Date.now();
    harness.vultr.add(
      pendingInvitation(1, new Date(now + 50 * HOUR), { email_invited: 'carol@example.com' }),
      pendingInvitation(2, new Date(now - 30 * HOUR), { email_invited: 'bob@example.com' }),
      pendingInvitation(3, new Date(now + 5 * HOUR), { email_invited: 'Dave@Example.com', inviter_name: null }),
      pendingInvitation(4, new Date(now + 10 * HOUR), { email_invited: 'erin@example.com', invite_status: 'Accepted' }),
    );
  }

  it('lists pending invitations ephemerally, soonest expiration first, with a Resend button each', async () => {
    h = await startHarness();
    seed(h);
    const { ack, responseId } = await h.command('');
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(3000);

    const [post] = await h.slack.waitForPosts(responseId);
    expect(post?.body.response_type).toBe('ephemeral');
    const text = messageText(post!.body);
    expect(text).toContain('3 pending invitations');
    expect(text).not.toContain('erin@example.com'); // accepted: not listed
    const order = ['bob@example.com', 'Dave@Example.com', 'carol@example.com'].map((e) => text.indexOf(e));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Expired');
    expect(text).toContain('Expires soon');
    expect(text).toMatch(/<!date\^\d+\^\{date_short\} at \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/);

    const buttons = resendButtons(post!.body);
    expect(buttons).toHaveLength(3);
    expect(decodeResendValue(buttons[0]!.value)?.i).toBe(pendingInvitation(2, new Date()).id);

    const list = h.vultr.requestsFor('list');
    expect(list).toHaveLength(1);
    expect(list[0]?.authorization).toBe(`Bearer ${SECRETS.vultrKey}`);
    expect(list[0]?.path).toContain('per_page=500');
  });

  it('follows Vultr cursor pagination to the end and pages the message with Next', async () => {
    h = await startHarness();
    const now = Date.now();
    for (let n = 1; n <= 520; n++) h.vultr.add(pendingInvitation(n, new Date(now + n * HOUR)));
    const { responseId } = await h.command('');
    const [post] = await h.slack.waitForPosts(responseId);
    const text = messageText(post!.body);
    expect(text).toContain('520 pending invitations');
    expect(text).toContain('Showing 1–15 of 520');
    expect(post!.body.blocks!.length).toBeLessThanOrEqual(50);
    expect(h.vultr.requestsFor('list').map((r) => r.path)).toEqual([
      '/v2/invitation?per_page=500',
      '/v2/invitation?per_page=500&cursor=500',
    ]);

    const nav = post!.body.blocks!.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> };
    const next = nav.elements.find((e) => e.action_id === 'invites_page:next');
    expect(nav.elements.some((e) => e.action_id === 'invites_page:prev')).toBe(false);
    const click = await h.click(next!.action_id, next!.value);
    expect(click.ack.status).toBe(200);
    const [page2] = await h.slack.waitForPosts(click.responseId);
    expect(page2?.body.replace_original).toBe(true);
    expect(messageText(page2!.body)).toContain('Showing 16–30 of 520');
    expect(messageText(page2!.body)).toContain('user16@example.com');
  });

  it('filters by a case-insensitive part of the invited e-mail', async () => {
    h = await startHarness();
    seed(h);
    const { responseId } = await h.command('DAVE');
    const [post] = await h.slack.waitForPosts(responseId);
    const text = messageText(post!.body);
    expect(text).toContain('1 pending invitation matching “DAVE”');
    expect(text).toContain('Dave@Example.com');
    expect(text).not.toContain('bob@example.com');
  });

  it('a search that matches nothing says so, without an all-clear', async () => {
    h = await startHarness();
    seed(h);
    const { responseId } = await h.command('ken');
    const [post] = await h.slack.waitForPosts(responseId);
    const text = messageText(post!.body);
    expect(text).toContain('No pending invitation matches *ken*');
    expect(text).not.toContain('Nothing needs a resend');
  });

  it("skips an address that forges a line and shows Vultr's other text on one line, without invisible characters", async () => {
    h = await startHarness();
    h.vultr.add(
      pendingInvitation(1, new Date(Date.now() + 50 * HOUR), {
        email_invited: 'bob@example.com\nSPOOF :white_check_mark: *ceo@corp.example* accepted',
      }),
      pendingInvitation(2, new Date(Date.now() + 50 * HOUR), {
        email_invited: 'eve@example.com',
        inviter_name: 'Mallory\n:white_check_mark: *ceo@corp.example* accepted\u202Eevil\u200B',
      }),
    );
    const { responseId } = await h.command('');
    const [post] = await h.slack.waitForPosts(responseId);
    const text = messageText(post!.body);
    expect(text).not.toContain('SPOOF');
    expect(text).toContain('could not be read');
    expect(text).toContain('Mallory :white_check_mark: *ceo@corp.example* accepted');
    expect(text).not.toMatch(/Mallory\\n|\u202E|\u200B/);
  });

  it('filters on the text as typed although Slack sends &, < and > HTML-escaped', async () => {
    h = await startHarness();
    h.vultr.add(
      pendingInvitation(1, new Date(Date.now() + 50 * HOUR), { email_invited: 'r&d@example.com' }),
      pendingInvitation(2, new Date(Date.now() + 50 * HOUR), { email_invited: 'rd@example.com' }),
    );
    const { responseId } = await h.command('r&d');
    const [post] = await h.slack.waitForPosts(responseId);
    const text = messageText(post!.body);
    expect(text).toContain('1 pending invitation matching “r&d”');
    expect(text).toContain('r&amp;d@example.com');
    expect(text).not.toContain('rd@example.com');
  });

  it('answers help in the ack itself, without calling Vultr', async () => {
    h = await startHarness();
    const { ack } = await h.command('help');
    expect(ack.status).toBe(200);
    const body = JSON.parse(ack.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('/invites TEXT');
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('shows a friendly message when nothing is pending', async () => {
    h = await startHarness();
    h.vultr.add(pendingInvitation(1, new Date(Date.now() + HOUR), { invite_status: 'Accepted' }));
    const { responseId } = await h.command('');
    const [post] = await h.slack.waitForPosts(responseId);
    expect(messageText(post!.body)).toContain('No pending invitations');
    expect(resendButtons(post!.body)).toHaveLength(0);
  });

  it('resends, replaces the list in place with the new expiration, and notifies the channel', async () => {
    h = await startHarness();
    seed(h);
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    const bobButton = resendButtons(post!.body)[0]!;

    const click = await h.click('invites_resend', bobButton.value);
    expect(click.ack.status).toBe(200);
    const [result] = await h.slack.waitForPosts(click.responseId);
    expect(result?.body.replace_original).toBe(true);
    const text = messageText(result!.body);
    expect(text).toContain(`Resent by <@${ADMIN}>`);
    expect(text).toContain('*bob@example.com*, now expires');
    expect(text).toMatch(/now expires <!date\^\d+\^/);

    const id = decodeResendValue(bobButton.value)!.i;
    expect(h.vultr.resendCount.get(id)).toBe(1);
    expect(h.vultr.requestsFor('resend')[0]?.path).toBe(`/v2/invitation/${id}/resend`);

    const [notification] = await h.slack.waitFor(() => {
      const calls = h.slack.callsOf('chat.postMessage');
      return calls.length > 0 ? calls : undefined;
    });
    expect(notification?.args.channel).toBe('C0CMDCHAN'); // no INVITES_NOTIFY_CHANNEL: where the click happened
    expect(JSON.stringify(notification?.args)).toContain(`<@${ADMIN}> resent an invitation`);
    expect(JSON.stringify(notification?.args)).toContain('bob@example.com');
  });

  it('posts the notification to INVITES_NOTIFY_CHANNEL when set', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' } });
    seed(h);
    const id = pendingInvitation(1, new Date()).id;
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    const button = resendButtons(post!.body).find((b) => decodeResendValue(b.value)?.i === id)!;
    await h.click('invites_resend', button.value);
    const calls = await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').length > 0 && h.slack.callsOf('chat.postMessage'));
    expect(calls[0]?.args.channel).toBe('C0NOTIFY1');
  });

  it('still reports a successful resend when the notification is refused, and says how to fix it', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' } });
    seed(h);
    h.slack.override('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    const click = await h.click('invites_resend', resendButtons(post!.body)[0]!.value);
    // The clicker hears first; the channel problem follows in the same message once it is known.
    const [answered, result] = await h.slack.waitForPosts(click.responseId, 2);
    expect(messageText(answered!.body)).toContain('Resent by');
    expect(messageText(answered!.body)).not.toContain('Could not post the notification');
    expect(result?.body.replace_original).toBe(true);
    const text = messageText(result!.body);
    expect(text).toContain('Resent by');
    expect(text).toContain('Could not post the notification to <#C0NOTIFY1>');
    expect(text).toContain('/invite @invites-bot');
    expect(h.vultr.totalResends()).toBe(1);
    expect(h.logs.some((l) => l.event === 'notify' && l.outcome === 'not_in_channel')).toBe(true);
  });

  it('refuses a user who is not allowed, on the command and on a crafted click, without calling Vultr', async () => {
    h = await startHarness();
    seed(h);
    const { responseId } = await h.command('', MEMBER);
    const [refusal] = await h.slack.waitForPosts(responseId);
    expect(messageText(refusal!.body)).toContain('You are not allowed');
    expect(messageText(refusal!.body)).toContain('use `/invites request`');

    const forged = JSON.stringify({ i: pendingInvitation(2, new Date()).id, e: 0, q: '', p: 0 });
    const click = await h.click('invites_resend', forged, MEMBER);
    const [clickRefusal] = await h.slack.waitForPosts(click.responseId);
    expect(messageText(clickRefusal!.body)).toContain('You are not allowed');
    expect(clickRefusal?.body.replace_original).toBe(false);
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('allows exactly the listed users when INVITES_ALLOWED_USERS is set', async () => {
    h = await startHarness({ env: { INVITES_ALLOWED_USERS: `${MEMBER}` } });
    seed(h);
    const member = await h.command('', MEMBER);
    expect(messageText((await h.slack.waitForPosts(member.responseId))[0]!.body)).toContain('3 pending invitations');
    const admin = await h.command('', ADMIN);
    expect(messageText((await h.slack.waitForPosts(admin.responseId))[0]!.body)).toContain('You are not allowed');
  });

  it('allows the members of INVITES_ALLOWED_USERGROUP', async () => {
    h = await startHarness({ env: { INVITES_ALLOWED_USERGROUP: 'S0OPS0001' } });
    h.slack.usergroups.set('S0OPS0001', [MEMBER]);
    seed(h);
    const member = await h.command('', MEMBER);
    expect(messageText((await h.slack.waitForPosts(member.responseId))[0]!.body)).toContain('3 pending invitations');
    const admin = await h.command('', ADMIN);
    expect(messageText((await h.slack.waitForPosts(admin.responseId))[0]!.body)).toContain('You are not allowed');
  });

  it('rejects a bad or stale signature with 401 and does nothing', async () => {
    h = await startHarness();
    seed(h);
    const { url } = h.slack.responseUrl();
    const body = commandBody({ command: COMMAND, user_id: ADMIN, response_url: url, team_id: TEAM_ID });
    const forged = await postSigned(`${h.appUrl}/slack/events`, 'not-the-secret', body);
    expect(forged.status).toBe(401);
    const stale = await postSigned(`${h.appUrl}/slack/events`, SECRETS.signingSecret, body, {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.vultr.requests).toHaveLength(0);
    expect(h.slack.responsePosts).toHaveLength(0);
  });

  it('turns a persistent Vultr 500 into a clear message, and keeps serving', async () => {
    h = await startHarness();
    seed(h);
    h.vultr.failNext('list', { status: 500 }, { status: 500 }, { status: 500 });
    const failed = await h.command('');
    const [post] = await h.slack.waitForPosts(failed.responseId);
    const text = messageText(post!.body);
    expect(text).toContain('Vultr had an internal error (HTTP 500)');
    expect(text).toContain('Nothing was changed');
    expect(text).not.toMatch(/at .*\.ts:\d+|Error:|\{"error"/);
    expect(h.vultr.requestsFor('list')).toHaveLength(3); // first try + 2 retries (harness setting)

    const again = await h.command('');
    expect(messageText((await h.slack.waitForPosts(again.responseId))[0]!.body)).toContain('3 pending invitations');
  });

  it("acknowledges within Slack's 3 seconds even while Vultr hangs", async () => {
    h = await startHarness({ vultrTimeoutMs: 1500 });
    seed(h);
    h.vultr.failNext('list', 'hang');
    const { ack, responseId } = await h.command('');
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(1000);
    const [post] = await h.slack.waitForPosts(responseId);
    expect(messageText(post!.body)).toContain('Vultr did not answer in time');
  });

  it('on stop, lets a resend in flight finish and report before closing', async () => {
    h = await startHarness();
    seed(h);
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    h.vultr.latencyMs = 300;
    const click = await h.click('invites_resend', resendButtons(post!.body)[0]!.value);
    expect(click.ack.status).toBe(200);
    await h.bot.stop(); // while Vultr is still answering
    expect(h.vultr.totalResends()).toBe(1);
    expect(messageText(h.slack.postsTo(click.responseId)[0]!.body)).toContain('Resent by');
    expect(h.logs.find((l) => l.msg === 'invites bot stopped')).toMatchObject({ drained: true });
  });

  it('answers GET /healthz with 200, the receiver state and the coordination store as JSON', async () => {
    h = await startHarness();
    const response = await request(`${h.appUrl}/healthz`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toMatchObject({
      status: 'ok',
      mode: 'http',
      state: 'connected',
      coordination: { store: 'sqlite' },
    });
  });
});
