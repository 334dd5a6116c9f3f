import { pendingInvitation } from '../../src/sandbox/vultrSandbox';
import { startHarness, type Harness } from '../support/harness';
import { describeWithRedis, RedisServer } from '../support/redisServer';

const HOUR = 3600_000;
const NOTIFY = 'C0NOTIFY1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two replicas of the bot sharing one Redis, one sandbox Vultr and one local Slack. */
describeWithRedis('several replicas sharing Redis', () => {
  let server: RedisServer;
  let first: Harness | undefined;
  let second: Harness | undefined;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await second?.stop();
    await first?.stop();
    first = second = undefined;
  });

  async function replicas(env: Record<string, string>): Promise<[Harness, Harness]> {
    const shared = { REDIS_URL: server.url, INVITES_REDIS_PREFIX: `t${Date.now()}:`, INVITES_NOTIFY_CHANNEL: NOTIFY, ...env };
    first = await startHarness({ env: shared });
    second = await startHarness({ env: shared, replicaOf: first });
    await first.slack.waitFor(() => [first!, second!].every((h) => h.logs.some((l) => l.event === 'redis' && l.outcome === 'connected')));
    return [first, second];
  }

  const digests = (h: Harness) => h.slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('attention'));

  it('posts one digest per schedule tick, whichever replica claims it', async () => {
    const [a, b] = await replicas({ INVITES_REMIND_SCHEDULE: '*/2 * * * * *' });
    a.vultr.add(pendingInvitation(1, new Date(Date.now() - 5 * HOUR), { email_invited: 'old@example.com' }));
    await a.slack.waitFor(() => digests(a).length >= 3, 9_000);
    await sleep(300);
    const ticks = [...a.logs, ...b.logs].filter((l) => l.event === 'reminder' && (l.outcome === 'posted' || l.outcome === 'claimed_elsewhere'));
    const posted = ticks.filter((l) => l.outcome === 'posted').length;
    expect(digests(a)).toHaveLength(posted);
    // Each tick was seen by both replicas: one posted it, the other stood back.
    expect(ticks.filter((l) => l.outcome === 'claimed_elsewhere').length).toBeGreaterThanOrEqual(posted - 1);
  });
});
