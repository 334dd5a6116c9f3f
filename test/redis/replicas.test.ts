import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { messageText, resendButtons, type Harness } from '../support/harness';
import { describeWithRedis, useRedisServer } from '../support/redisServer';
import { useReplicas } from '../support/replicas';

const HOUR = 3600_000;
const NOTIFY = 'C0NOTIFY1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two replicas of the bot sharing one Redis, one sandbox Vultr and one local Slack. */
describeWithRedis('several replicas sharing Redis', () => {
  const redis = useRedisServer();
  const { start: replicas } = useReplicas(redis, { INVITES_NOTIFY_CHANNEL: NOTIFY });

  const digests = (h: Harness) => h.slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('attention'));

  it('posts one digest per schedule tick, whichever replica claims it', async () => {
    const [a, b] = await replicas({ INVITES_REMIND_SCHEDULE: '*/2 * * * * *' });
    a.vultr.add(pendingInvitation(1, new Date(Date.now() - 5 * HOUR), { email_invited: 'old@example.com' }));
    await a.slack.waitFor(() => digests(a).length >= 3, 9_000);
    await sleep(300);
    // Each tick was seen by both replicas: one posted it, the other stood back, naming the tick.
    const stoodBack = [...a.logs, ...b.logs]
      .filter((l) => l.event === 'reminder' && l.outcome === 'claimed_elsewhere')
      .map((l) => String(l.tick));
    expect(new Set(stoodBack).size).toBe(stoodBack.length);
    // One digest per tick (the last tick's loser may not have logged yet when we look).
    expect(digests(a).length - stoodBack.length).toBeGreaterThanOrEqual(0);
    expect(digests(a).length - stoodBack.length).toBeLessThanOrEqual(1);
  });

  /** The Resend button values of a fresh `/invites` list, asked of replica `h`. */
  async function listedButtons(h: Harness): Promise<string[]> {
    const listed = await h.command('');
    const [post] = await h.slack.waitForPosts(listed.responseId);
    return resendButtons(post!.body).map((b) => b.value);
  }

  it('sends one e-mail when the same row is clicked on two replicas at once, round after round', async () => {
    const [a, b] = await replicas({});
    a.vultr.latencyMs = 30;
    for (let n = 1; n <= 4; n++) a.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR)));
    const values = await listedButtons(a);
    expect(values).toHaveLength(4);
    for (const value of values) {
      const [one, two] = await Promise.all([a.click('invites_resend', value), b.click('invites_resend', value)]);
      const [first] = await a.slack.waitForPosts(one.responseId);
      const [second] = await a.slack.waitForPosts(two.responseId);
      const answers = [messageText(first!.body), messageText(second!.body)];
      // One click resent it; the other reports that same resend, whichever replica it reached.
      expect(answers.filter((t) => t.includes('Another click was already resending this invitation'))).toHaveLength(1);
      expect(answers.every((t) => t.includes('Resent by'))).toBe(true);
    }
    expect(a.vultr.totalResends()).toBe(4);
    expect([...a.vultr.resendCount.values()]).toEqual([1, 1, 1, 1]);
  });

  it('fails closed while Redis is down (lists work, nothing is resent), and shares again once it is back', async () => {
    const [a, b] = await replicas({});
    for (let n = 1; n <= 2; n++) a.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR)));
    await redis().stop();
    const [value] = await listedButtons(b);
    const click = await b.click('invites_resend', value!);
    expect(click.ack.status).toBe(200);
    const [answer] = await b.slack.waitForPosts(click.responseId);
    expect(messageText(answer!.body)).toContain('Nothing was sent: the bot’s shared store (Redis) is not answering');
    expect(a.vultr.totalResends()).toBe(0);
    await b.slack.waitFor(() => b.logs.some((l) => l.event === 'redis' && l.outcome === 'unavailable'));
    // The click's audit line is written after its answer is delivered: wait for it, then count.
    await b.slack.waitFor(() => b.logs.some((l) => l.event === 'action' && l.outcome === 'store_unavailable'));
    expect(b.logs.filter((l) => l.event === 'action' && l.outcome === 'store_unavailable')).toHaveLength(1);

    await redis().resume();
    await b.slack.waitFor(
      () => [a, b].every((h) => h.logs.filter((l) => l.event === 'redis' && l.outcome === 'connected').length >= 2),
      10_000,
    );
    const [other] = (await listedButtons(a)).filter((v) => v !== value);
    const [one, two] = await Promise.all([a.click('invites_resend', other!), b.click('invites_resend', other!)]);
    await a.slack.waitForPosts(one.responseId);
    await a.slack.waitForPosts(two.responseId);
    expect(a.vultr.totalResends()).toBe(1);
  });

  it('shares the list cache: a page turn on the other replica walks nothing, and a resend there is seen by both', async () => {
    const [a, b] = await replicas({});
    for (let n = 1; n <= 20; n++) a.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR)));
    const listed = await a.command('');
    const [post] = await a.slack.waitForPosts(listed.responseId);
    const next = JSON.stringify(post!.body.blocks).match(/"action_id":"invites_page:next","text":\{[^}]*\},"value":"((?:[^"\\]|\\.)*)"/);
    expect(next).not.toBeNull();
    const nextValue = JSON.parse(`"${next![1]!}"`) as string;
    const walks = a.vultr.requestsFor('list').length;

    const turned = await b.click('invites_page:next', nextValue);
    const [page2] = await b.slack.waitForPosts(turned.responseId);
    expect(messageText(page2!.body)).toContain('Showing 16–20 of 20');
    expect(a.vultr.requestsFor('list')).toHaveLength(walks);

    const [first] = resendButtons(post!.body);
    const resent = await b.click('invites_resend', first!.value);
    await b.slack.waitForPosts(resent.responseId);
    const walksAfterResend = a.vultr.requestsFor('list').length;
    const again = await a.click('invites_page:next', nextValue);
    const [page2Again] = await a.slack.waitForPosts(again.responseId);
    // The resend on b replaced the shared list: a shows the resent invitation at its new place (page 2,
    // expiring last) without a walk of its own.
    const resentId = (JSON.parse(first!.value) as { i: string }).i;
    expect(messageText(page2Again!.body)).toContain(a.vultr.invitations.get(resentId)!.email_invited);
    expect(messageText(page2!.body)).not.toContain(a.vultr.invitations.get(resentId)!.email_invited);
    expect(a.vultr.requestsFor('list')).toHaveLength(walksAfterResend);
  });
});
