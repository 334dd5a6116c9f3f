import { failFastClient } from '../../src/coordination/redis';
import { DOCTOR_APP_TOKEN, lineOf, useDoctor } from '../support/doctorRun';
import { SECRETS } from '../support/harness';
import { useLoopbackFakes } from '../support/loopbackFakes';
import { describeWithRedis, useRedisServer } from '../support/redisServer';

const REDIS_PASSWORD = 'redis-Pa55word-SECRET';

/** `npm run doctor`'s Redis line against a real redis-server, up and then stopped. */
describeWithRedis('npm run doctor with REDIS_URL', () => {
  const doctor = useDoctor([REDIS_PASSWORD]);
  const fakes = useLoopbackFakes();
  const redis = useRedisServer();

  const env = (redisUrl: string) => ({
    SLACK_BOT_TOKEN: SECRETS.botToken,
    SLACK_APP_TOKEN: DOCTOR_APP_TOKEN,
    SLACK_API_URL: fakes.slack.apiUrl,
    VULTR_API_KEY: SECRETS.vultrKey,
    VULTR_API_URL: fakes.vultr.url,
    REDIS_URL: redisUrl,
  });

  it('✓ when Redis answers PING, with the prefix; ⚠ when another deployment keeps keys there; ✗ with the fix (and no password printed) when it does not answer', async () => {
    const up = await doctor(env(redis().url));
    expect(lineOf(up, 'Store')).toMatch(/^✓ Store: Redis connected, PING answered in \d+ ms, key prefix invites:T0TESTTEAM:[0-9a-f]{12}:$/);

    const other = failFastClient(redis().url);
    other.on('error', () => undefined);
    await other.connect();
    await other.set('invites:T0OTHERTEAM:0123456789ab:watch:state', '{}');
    other.destroy();
    const shared = await doctor(env(redis().url));
    expect(lineOf(shared, 'Store')).toContain('this Redis also holds keys of another deployment (invites:T0OTHERTEAM:0123456789ab:)');
    expect(shared.code).toBe(0);

    await redis().stop();
    const started = Date.now();
    const down = await doctor(env(`redis://:${REDIS_PASSWORD}@127.0.0.1:${redis().port}`));
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(down.code).toBe(1);
    const line = lineOf(down, 'Store');
    expect(line).toMatch(/^✗ Store: Redis not reachable \(ECONNREFUSED\)/);
    expect(line).toContain(
      'fix: check REDIS_URL (host, port, password), that this machine can reach it (network, firewall), and use rediss://',
    );
    await redis().resume();
  });
});
