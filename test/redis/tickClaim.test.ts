import type { Coordination } from '../../src/coordination/coordination';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import { claimOncePerTick } from '../../src/coordination/tickClaim';
import { useRedisReplicas } from '../support/redisCoordination';
import { describeWithRedis, useRedisServer } from '../support/redisServer';

const tick = new Date('2026-05-01T09:00:00Z');
const nextTick = new Date('2026-05-01T10:00:00Z');

function tickClaimContract(replicas: () => Promise<Coordination[]>) {
  it('gives each scheduled occurrence to one replica, and a late one cannot claim it again', async () => {
    const claims = (await replicas()).map((c) => claimOncePerTick(c, 'digest-tick'));
    expect((await Promise.all(claims.map((claim) => claim(tick)))).filter(Boolean)).toHaveLength(1);
    expect(await claims[0]!(tick)).toBe(false);
    expect((await Promise.all(claims.map((claim) => claim(nextTick)))).filter(Boolean)).toHaveLength(1);
  });

  it('keeps jobs apart, and forgets a claim after its time', async () => {
    const [a, b] = await replicas();
    expect(await claimOncePerTick(a!, 'digest-tick')(tick)).toBe(true);
    expect(await claimOncePerTick(b!, 'other-job')(tick)).toBe(true);
    expect(await claimOncePerTick(a!, 'short', 50)(tick)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await claimOncePerTick(b!, 'short', 50)(tick)).toBe(true);
  });
}

describe('claimOncePerTick on in-process coordination', () => {
  tickClaimContract(() => {
    const shared = new InProcessCoordination();
    return Promise.resolve([shared, shared, shared]);
  });
});

describeWithRedis('claimOncePerTick on a real redis-server', () => {
  const replicas = useRedisReplicas(useRedisServer());
  tickClaimContract(() => replicas(3));
});
