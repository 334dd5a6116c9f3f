import type { Coordination } from '../../src/coordination/coordination';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import { RedisCoordination } from '../../src/coordination/redis';
import { Logger } from '../../src/util/log';
import { describeWithRedis, RedisServer } from '../support/redisServer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new Logger('debug', [], (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { logger, lines };
}

async function until(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

/** The same contract, whichever store is behind it. */
function contract(make: () => Promise<{ a: Coordination; b: Coordination }>) {
  let a: Coordination;
  let b: Coordination;
  beforeEach(async () => {
    ({ a, b } = await make());
  });

  it('gives a lease to one holder at a time; only the holder releases it', async () => {
    const first = await a.acquire('resend:inv-1', 5_000);
    expect(first).not.toBeNull();
    expect(await b.acquire('resend:inv-1', 5_000)).toBeNull();
    expect(await b.isHeld('resend:inv-1')).toBe(true);
    await first!.release();
    expect(await b.isHeld('resend:inv-1')).toBe(false);
    const second = await b.acquire('resend:inv-1', 5_000);
    expect(second).not.toBeNull();
    await second!.release();
  });

  it("lets a lease expire, and an old holder cannot release the new holder's lease", async () => {
    const old = await a.acquire('resend:inv-2', 100);
    await sleep(200);
    const fresh = await b.acquire('resend:inv-2', 5_000);
    expect(fresh).not.toBeNull();
    await old!.release();
    expect(await a.isHeld('resend:inv-2')).toBe(true);
  });

  it("extends a lease only for its holder: an old holder cannot extend the new holder's lease", async () => {
    const held = await a.acquire('resend:inv-5', 80);
    expect(await held!.extend(400)).toBe(true);
    await sleep(150);
    expect(await b.isHeld('resend:inv-5')).toBe(true);
    await held!.release();
    expect(await held!.extend(400)).toBe(false);

    const old = await a.acquire('resend:inv-6', 50);
    await sleep(100);
    const fresh = await b.acquire('resend:inv-6', 150);
    expect(await old!.extend(5_000)).toBe(false);
    await sleep(250);
    expect(await a.isHeld('resend:inv-6')).toBe(false);
    expect(fresh).not.toBeNull();
  });

  it('claims a key once: the first caller wins, every later one loses', async () => {
    const claims = await Promise.all([
      a.claimOnce('digest:tick-1', 5_000),
      b.claimOnce('digest:tick-1', 5_000),
      a.claimOnce('digest:tick-1', 5_000),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('keeps values for their lifetime', async () => {
    await a.set('recent:inv-3', 'x', 150);
    expect(await b.get('recent:inv-3')).toBe('x');
    await sleep(250);
    expect(await b.get('recent:inv-3')).toBeNull();
    await a.set('recent:inv-4', 'y', 5_000);
    await b.delete('recent:inv-4');
    expect(await a.get('recent:inv-4')).toBeNull();
  });
}

describe('InProcessCoordination', () => {
  contract(() => {
    const shared = new InProcessCoordination();
    return Promise.resolve({ a: shared, b: shared });
  });
});

describeWithRedis('RedisCoordination against a real redis-server', () => {
  let server: RedisServer;
  const open: RedisCoordination[] = [];
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  async function connected(prefix = 'test:'): Promise<{ coordination: RedisCoordination; lines: Array<Record<string, unknown>> }> {
    const { logger, lines } = captureLogger();
    const coordination = new RedisCoordination({ url: server.url, prefix, logger });
    open.push(coordination);
    coordination.start();
    await until(() => coordination.health().store === 'redis' && (coordination.health() as { state: string }).state === 'connected');
    return { coordination, lines };
  }

  describe('two replicas share one Redis', () => {
    contract(async () => {
      const prefix = `t${Math.random().toString(36).slice(2)}:`;
      return { a: (await connected(prefix)).coordination, b: (await connected(prefix)).coordination };
    });
  });

  it('keeps bots with different prefixes apart', async () => {
    const one = (await connected('bot-one:')).coordination;
    const two = (await connected('bot-two:')).coordination;
    expect(await one.claimOnce('digest:tick', 5_000)).toBe(true);
    expect(await two.claimOnce('digest:tick', 5_000)).toBe(true);
  });

  it('falls back to in-process when Redis stops, warns once, and goes back to Redis when it returns', async () => {
    const { coordination, lines } = await connected(`f${Date.now()}:`);
    await server.stop();
    const started = Date.now();
    // Every call answers (from the fallback) and none waits long.
    for (let i = 0; i < 5; i++) expect(await coordination.claimOnce(`tick-${i}`, 5_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(coordination.health()).toMatchObject({ store: 'redis', state: 'unavailable' });
    expect(lines.filter((l) => l.event === 'redis' && l.outcome === 'unavailable')).toHaveLength(1);

    await server.resume();
    await until(() => (coordination.health() as { state: string }).state === 'connected', 10_000);
    expect(lines.filter((l) => l.event === 'redis' && l.outcome === 'connected')).toHaveLength(2);
    expect(await coordination.claimOnce('after-return', 5_000)).toBe(true);
    expect(await coordination.isHeld('after-return')).toBe(true);
  });

  it('starts and serves in-process when Redis is down from the start, without crashing', async () => {
    const { logger, lines } = captureLogger();
    const coordination = new RedisCoordination({ url: 'redis://127.0.0.1:1', prefix: 'down:', logger });
    open.push(coordination);
    coordination.start();
    expect(await coordination.claimOnce('tick', 5_000)).toBe(true);
    await until(() => lines.some((l) => l.event === 'redis' && l.outcome === 'unavailable'));
    expect(coordination.health()).toMatchObject({ store: 'redis', state: 'unavailable' });
  });
});
