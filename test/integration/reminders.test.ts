import { Logger } from '../../src/util/log';
import { runReminderOnce } from '../../src/jobs/digest/runOnce';
import { decodeBulkValue, decodeResendValue } from '../../src/views/actionPayloads';
import { pendingInvitation, vultrDate } from '@vultr-invites/vultr-sandbox';
import type { ApiCall } from '@vultr-invites/slack-emulator';
import { ADMIN, MEMBER, messageText, startHarness, type Harness } from '../support/harness';

const HOUR = 3600_000;
const NOTIFY = 'C0NOTIFY1';
/** The reminder's clock: injected, not the machine's. */
const NOW = new Date('2026-11-26T09:00:00Z');

type Block = Record<string, unknown> & { accessory?: { action_id: string; value: string; text: { text: string } } };

function buttonsOf(blocks: Block[], actionId: string): Array<{ value: string; text: string }> {
  const found: Array<{ value: string; text: string }> = [];
  JSON.stringify(blocks, (_key, node: unknown) => {
    const el = node as { type?: string; action_id?: string; value?: string; text?: { text?: string } };
    if (el && el.type === 'button' && el.action_id === actionId && el.value) found.push({ value: el.value, text: el.text?.text ?? '' });
    return node;
  });
  return found;
}

describe('reminder digest', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const logger = () => new Logger('error', [], () => undefined);

  function seedDue(harness: Harness, now: Date): void {
    harness.vultr.add(
      pendingInvitation(1, new Date(now.getTime() - 26 * HOUR), { email_invited: 'old@example.com' }),
      pendingInvitation(2, new Date(now.getTime() + 20 * HOUR), { email_invited: 'soon@example.com' }),
      pendingInvitation(3, new Date(now.getTime() + 70 * HOUR), { email_invited: 'fine@example.com' }),
      pendingInvitation(4, new Date(now.getTime() - 5 * HOUR), { email_invited: 'taken@example.com', invite_status: 'Accepted' }),
    );
  }

  async function postedDigest(harness: Harness): Promise<ApiCall> {
    return harness.slack.waitFor(() => harness.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('attention')));
  }

  it('npm run remind posts the expired and expiring rows, grouped, to the notification channel', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    seedDue(h, NOW);
    const run = await runReminderOnce(h.config, { logger: logger(), now: () => NOW });
    expect(run).toMatchObject({ kind: 'posted', count: 2 });

    const post = await postedDigest(h);
    expect(post.args.channel).toBe(NOTIFY);
    const text = messageText(post.args);
    expect(text).toContain('2 invitations need attention');
    expect(text).toContain('1 expired · 1 expiring within 2 days');
    expect(text.indexOf('old@example.com')).toBeLessThan(text.indexOf('soon@example.com'));
    expect(text.indexOf('Expired (1)')).toBeLessThan(text.indexOf('Expiring within 2 days (1)'));
    expect(text).not.toContain('fine@example.com');
    expect(text).not.toContain('taken@example.com');
    expect(buttonsOf(post.args.blocks as Block[], 'digest_resend')).toHaveLength(2);
  });

  it('posts nothing when nothing is due, unless asked to say so', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    h.vultr.add(pendingInvitation(3, new Date(NOW.getTime() + 70 * HOUR)));
    expect(await runReminderOnce(h.config, { logger: logger(), now: () => NOW })).toEqual({ kind: 'nothing_due' });
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);

    const config = { ...h.config, reminders: { ...h.config.reminders, postWhenEmpty: true } };
    expect(await runReminderOnce(config, { logger: logger(), now: () => NOW })).toMatchObject({ kind: 'posted', count: 0 });
    expect(String(h.slack.callsOf('chat.postMessage')[0]?.args.text)).toContain('All invitations are fine');
  });

  it('fails clearly when Slack refuses the post, and when Vultr is down', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    seedDue(h, NOW);
    h.slack.override('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    const refused = await runReminderOnce(h.config, { logger: logger(), now: () => NOW });
    expect(refused).toEqual({ kind: 'failed', reason: `Slack refused the digest post to ${NOTIFY} (not_in_channel)` });

    h.vultr.failNext('list', { status: 401 });
    const down = await runReminderOnce(h.config, { logger: logger(), now: () => NOW });
    expect(down.kind).toBe('failed');
    expect(down.kind === 'failed' && down.reason).toContain('could not read invitations from Vultr');
  });

  it('runs on INVITES_REMIND_SCHEDULE inside the app (a one-second schedule)', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_REMIND_SCHEDULE: '* * * * * *' } });
    seedDue(h, new Date());
    const post = await postedDigest(h);
    expect(post.args.channel).toBe(NOTIFY);
    // The log line follows Slack's answer; wait for it rather than race it.
    expect(await h.slack.waitFor(() => h.logs.find((l) => l.event === 'reminder' && l.outcome === 'posted'))).toMatchObject({ count: 2 });
  });

  it('a Resend click in the digest updates the shared message in place and notifies in its thread', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    seedDue(h, new Date());
    await runReminderOnce(h.config, { logger: logger() });
    const digest = await postedDigest(h);
    const [oldRow] = buttonsOf(digest.args.blocks as Block[], 'digest_resend');
    const id = decodeResendValue(oldRow!.value)!.i;

    const click = await h.click('digest_resend', oldRow!.value, ADMIN, { channelId: NOTIFY, messageTs: '1790000000.000200' });
    expect(click.ack.status).toBe(200);
    const update = await h.slack.waitFor(() => h.slack.callsOf('chat.update')[0]);
    expect(update.args).toMatchObject({ channel: NOTIFY, ts: '1790000000.000200' });
    const text = messageText(update.args);
    expect(text).toContain(`Resent by <@${ADMIN}>: *old@example.com*, now expires`);
    expect(text).toContain('1 invitation needs attention'); // soon@ is still due; old@ is not any more
    expect(h.vultr.resendCount.get(id)).toBe(1);

    const notification = await h.slack.waitFor(() =>
      h.slack.callsOf('chat.postMessage').find((c) => c.args.thread_ts === '1790000000.000200'),
    );
    expect(JSON.stringify(notification.args)).toContain('(from the digest)');
    expect(h.slack.responsePosts).toHaveLength(0); // nothing ephemeral: the channel saw it all
  });

  it('a channel member who is not allowed gets a private refusal and nothing happens', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    seedDue(h, new Date());
    await runReminderOnce(h.config, { logger: logger() });
    const [row] = buttonsOf((await postedDigest(h)).args.blocks as Block[], 'digest_resend');
    const vultrCalls = h.vultr.requests.length;
    const click = await h.click('digest_resend', row!.value, MEMBER, { channelId: NOTIFY, messageTs: '1790000000.000300' });
    const [refusal] = await h.slack.waitForPosts(click.responseId);
    expect(refusal?.body.response_type).toBe('ephemeral');
    expect(refusal?.body.replace_original).toBe(false);
    expect(messageText(refusal!.body)).toContain('You are not allowed');
    expect(h.vultr.requests).toHaveLength(vultrCalls);
    expect(h.slack.callsOf('chat.update')).toHaveLength(0);
  });

  it('Resend all on 7 expired with one Vultr failure: 6 resends, 1 failure, Retry failed, one notification', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    const now = Date.now();
    for (let n = 1; n <= 7; n++) h.vultr.add(pendingInvitation(n, new Date(now - n * HOUR)));
    await runReminderOnce(h.config, { logger: logger() });
    const digest = await postedDigest(h);
    const [bulk] = buttonsOf(digest.args.blocks as Block[], 'digest_resend_all');
    expect(bulk?.text).toBe('Resend all 7 expired');
    expect(decodeBulkValue(bulk!.value)?.b).toHaveLength(7);

    h.vultr.failNext('resend', { status: 500 });
    const notificationsBefore = h.slack.callsOf('chat.postMessage').length;
    await h.click('digest_resend_all', bulk!.value, ADMIN, { channelId: NOTIFY, messageTs: '1790000000.000400' });
    const update = await h.slack.waitFor(() => h.slack.callsOf('chat.update')[0]);
    const text = messageText(update.args);
    expect(text).toContain('6 resent, 1 failed');
    expect(h.vultr.totalResends()).toBe(6);
    expect(h.vultr.requestsFor('resend')).toHaveLength(7);
    expect(h.vultr.maxConcurrent).toBeLessThanOrEqual(2);

    const [retry] = buttonsOf(update.args.blocks as Block[], 'digest_resend_all').filter((b) => b.text === 'Retry failed');
    expect(decodeBulkValue(retry!.value)?.b).toHaveLength(1);
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').length > notificationsBefore);
    const notifications = h.slack.callsOf('chat.postMessage').slice(notificationsBefore);
    expect(notifications).toHaveLength(1);
    expect(JSON.stringify(notifications[0]?.args)).toContain('resent 6 invitations');

    // Retry failed resends the one that failed, and only it.
    await h.click('digest_resend_all', retry!.value, ADMIN, { channelId: NOTIFY, messageTs: '1790000000.000400' });
    await h.slack.waitFor(() => h.slack.callsOf('chat.update')[1]);
    expect(h.vultr.totalResends()).toBe(7);
    expect(Math.max(...h.vultr.resendCount.values())).toBe(1);
  });

  it('Resend all expired from /invites replaces the list with the summary', async () => {
    h = await startHarness();
    const now = Date.now();
    for (let n = 1; n <= 3; n++) h.vultr.add(pendingInvitation(n, new Date(now - n * HOUR)));
    h.vultr.add(pendingInvitation(9, new Date(now + 50 * HOUR), { expiration_date: vultrDate(new Date(now + 50 * HOUR)) }));
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    const [bulk] = buttonsOf(post!.body.blocks as Block[], 'invites_resend_all');
    expect(bulk?.text).toBe('Resend all 3 expired');
    const click = await h.click('invites_resend_all', bulk!.value);
    // A batch takes seconds against the real Vultr: "Resending 3…" replaces the list at once, then the result.
    const [progress, result] = await h.slack.waitForPosts(click.responseId, 2);
    expect(progress?.body.replace_original).toBe(true);
    expect(messageText(progress!.body)).toContain('Resending 3 invitations');
    expect(result?.body.replace_original).toBe(true);
    expect(messageText(result!.body)).toContain('3 resent');
    expect(h.vultr.totalResends()).toBe(3);
    // The team is told after the clicker has the answer: one post for the whole batch.
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').length > 0);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });
});
