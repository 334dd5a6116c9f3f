import { request } from 'undici';
import { startHarness, type Harness } from '../support/harness';
import { describeWithRedis, useRedisServer } from '../support/redisServer';

/** /healthz with REDIS_URL: it shows the coordination state and stays 200 while only Redis is down. */
describeWithRedis('/healthz with Redis', () => {
  const redis = useRedisServer();
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
  });

  async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await request(`${h!.appUrl}/healthz`);
    return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
  }

  it('reports redis connected, then unavailable while it is stopped (still 200), then connected again', async () => {
    h = await startHarness({ env: { REDIS_URL: redis().url } });
    const redisState = (state: string) => async () => ((await health()).body.coordination as { state?: string }).state === state;
    await waitUntil(redisState('connected'));
    const up = await health();
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'ok', state: 'connected', coordination: { store: 'redis', state: 'connected' } });
    expect(Date.parse(String((up.body.coordination as { since: string }).since))).not.toBeNaN();

    await redis().stop();
    await waitUntil(redisState('unavailable'));
    const down = await health();
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'ok', coordination: { store: 'redis', state: 'unavailable' } });

    await redis().resume();
    await waitUntil(redisState('connected'), 10_000);
  });
});

async function waitUntil(probe: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
