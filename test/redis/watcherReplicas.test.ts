import { pendingInvitation, vultrDate } from '@vultr-invites/vultr-sandbox';
import type { Harness } from '../support/harness';
import { describeWithRedis, useRedisServer } from '../support/redisServer';
import { useReplicas } from '../support/replicas';

const HOUR = 3600_000;
const NOTIFY = 'C0NOTIFY1';
/** Every 100 ms on each replica; the configured value only turns the watcher on. */
const FAST = 100;

/** The watcher on two replicas sharing its state in Redis. */
describeWithRedis('the watcher on several replicas', () => {
  const redis = useRedisServer();
  const replicas = useReplicas(redis, { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_WATCH_INTERVAL: '2s' });

  const runs = (hs: Harness[], outcome: string) =>
    hs.flatMap((h) => h.logs).filter((l) => l.msg === 'watcher run' && l.outcome === outcome).length;
  const announcements = (h: Harness) => h.slack.messages.filter((m) => m.channel === NOTIFY && m.threadTs === undefined);
  /** Waits for `count` more listings (both replicas together), so several runs had their chance to announce again. */
  async function moreListings(h: Harness, count: number): Promise<void> {
    const target = h.vultr.requestsFor('list').length + count;
    await h.slack.waitFor(() => h.vultr.requestsFor('list').length >= target);
  }
  function accept(h: Harness, id: string): void {
    Object.assign(h.vultr.invitations.get(id)!, { invite_status: 'Accepted', date_responded: vultrDate(new Date()) });
  }

  it('announces each event once between two replicas, and learns only once', async () => {
    const [a, b] = await replicas.start({}, { watchIntervalMs: FAST });
    const bob = pendingInvitation(1, new Date(Date.now() + 48 * HOUR), { email_invited: 'bob@example.com' });
    const carol = pendingInvitation(2, new Date(Date.now() + 2_000), { email_invited: 'carol@example.com' });
    a.vultr.add(bob, carol);
    await a.slack.waitFor(() => runs([a, b], 'learned') >= 1);
    accept(a, bob.id);
    await a.slack.waitFor(() => announcements(a).length >= 1);
    await a.slack.waitFor(() => announcements(a).length >= 2, 6_000); // carol's invitation expires
    await moreListings(a, 10);

    expect(runs([a, b], 'learned')).toBe(1);
    const posted = announcements(a).map((m) => m.text);
    expect(posted).toHaveLength(2);
    expect(posted.filter((t) => t.includes('bob@example.com* accepted'))).toHaveLength(1);
    expect(posted.filter((t) => t.includes('carol@example.com* expired'))).toHaveLength(1);
    // Both replicas had the watcher on all along: the shared state kept it to one announcement each.
    for (const h of [a, b]) expect(h.logs.some((l) => l.msg === 'watcher started')).toBe(true);
  });

  it('a restarted replica repeats no old news and announces, once, what changed while every replica was down', async () => {
    const [a, b] = await replicas.start({}, { watchIntervalMs: FAST });
    const bob = pendingInvitation(1, new Date(Date.now() + 48 * HOUR), { email_invited: 'bob@example.com' });
    const carol = pendingInvitation(2, new Date(Date.now() + 48 * HOUR), { email_invited: 'carol@example.com' });
    a.vultr.add(bob, carol);
    await a.slack.waitFor(() => runs([a, b], 'learned') >= 1);
    accept(a, bob.id);
    await a.slack.waitFor(() => announcements(a).length >= 1);
    await Promise.all([a.bot.stop(), b.bot.stop()]);

    accept(a, carol.id);
    const restarted = await replicas.another();
    await restarted.slack.waitFor(() => runs([restarted], 'announced') >= 1);
    await moreListings(restarted, 5);

    expect(runs([restarted], 'learned')).toBe(0);
    const posted = announcements(a).map((m) => m.text);
    expect(posted).toHaveLength(2);
    expect(posted[1]).toContain('carol@example.com* accepted');
    expect(posted[1]).not.toContain('bob@example.com');
  });
});
