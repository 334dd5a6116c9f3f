import { pendingInvitation, vultrDate } from '@vultr-invites/vultr-sandbox';
import { messageText, startHarness, type Harness } from '../support/harness';
import { describeWithRedis, useRedisServer } from '../support/redisServer';

const HOUR = 3600_000;
const NOTIFY = 'C0NOTIFY1';
const ORG_B_KEY = 'VULTRKEYORGB0000000000000000000000000000';

/**
 * Two deployments (one Slack team, two Vultr organizations with their own API keys) pointed at
 * one real redis-server with default settings: no INVITES_REDIS_PREFIX. Each derives its own
 * namespace, so lists, watcher state and digest claims never cross.
 */
describeWithRedis('two deployments on one Redis, default settings', () => {
  const redis = useRedisServer();
  const started: Harness[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.stop()));
  });

  async function deployment(vultrKey?: string): Promise<Harness> {
    const env = { REDIS_URL: redis().url, INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_WATCH_INTERVAL: '2s' };
    const h = await startHarness({ env, app: { watchIntervalMs: 100 }, ...(vultrKey ? { vultrKey } : {}) });
    started.push(h);
    await h.slack.waitFor(() => h.logs.some((l) => l.event === 'redis' && l.outcome === 'connected'));
    return h;
  }

  const nextPage = (body: { blocks?: unknown[] }) => {
    const match = JSON.stringify(body.blocks).match(/"action_id":"invites_page:next","text":\{[^}]*\},"value":"((?:[^"\\]|\\.)*)"/);
    return JSON.parse(`"${match![1]!}"`) as string;
  };

  it("never shows one organization's invitations to the other, and each watcher keeps its own state", async () => {
    const a = await deployment();
    const b = await deployment(ORG_B_KEY);
    for (let n = 1; n <= 40; n++)
      a.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR), { email_invited: `a${n}@org-a.example` }));
    for (let n = 1; n <= 20; n++)
      b.vultr.add(pendingInvitation(n, new Date(Date.now() + n * HOUR), { email_invited: `b${n}@org-b.example` }));

    // The order: B lists, A lists, B turns the page.
    const listedB = await b.command('');
    const [pageB] = await b.slack.waitForPosts(listedB.responseId);
    const listedA = await a.command('');
    await a.slack.waitForPosts(listedA.responseId);
    const turned = await b.click('invites_page:next', nextPage(pageB!.body));
    const [page2] = await b.slack.waitForPosts(turned.responseId);
    expect(messageText(page2!.body)).toContain('of 20');
    expect(messageText(page2!.body)).toContain('@org-b.example');
    expect(messageText(page2!.body)).not.toContain('@org-a.example');

    // One acceptance in org A: announced once, in A's Slack only, and not again on later runs.
    await a.slack.waitFor(() => a.logs.some((l) => l.msg === 'watcher run' && l.outcome === 'learned'));
    await b.slack.waitFor(() => b.logs.some((l) => l.msg === 'watcher run' && l.outcome === 'learned'));
    const accepted = [...a.vultr.invitations.values()][0]!;
    Object.assign(accepted, { invite_status: 'Accepted', date_responded: vultrDate(new Date()) });
    const announcementsOf = (h: Harness) => h.slack.messages.filter((m) => m.channel === NOTIFY && m.text.includes('accepted'));
    await a.slack.waitFor(() => announcementsOf(a).length >= 1);
    const listings = a.vultr.requestsFor('list').length;
    await a.slack.waitFor(() => a.vultr.requestsFor('list').length >= listings + 10);
    expect(announcementsOf(a)).toHaveLength(1);
    expect(announcementsOf(b)).toHaveLength(0);

    // /healthz names each deployment's own namespace: the team and a hash of its API key, never the key.
    const health = await Promise.all(
      [a, b].map(
        async (h) => ((await (await fetch(`${h.appUrl}/healthz`)).json()) as { coordination: { prefix: string } }).coordination.prefix,
      ),
    );
    for (const prefix of health) expect(prefix).toMatch(/^invites:T0TESTTEAM:[0-9a-f]{12}:$/);
    expect(health[0]).not.toBe(health[1]);
    expect(health.join()).not.toContain(ORG_B_KEY.slice(0, 12));
  });
});
