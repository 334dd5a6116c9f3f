import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError, type Store } from '../../src/coordination/coordination';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import { RedisStore } from '../../src/coordination/redis';
import { openSqliteStore } from '../../src/coordination/sqlite';
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
function contract(make: () => Promise<{ a: Store; b: Store }>) {
  let a: Store;
  let b: Store;
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

  it('compares and sets: one of two movers from the same state wins, an expired value counts as absent', async () => {
    expect(await a.compareAndSet('card:1', null, 'open', 5_000)).toBe(true);
    expect(await b.compareAndSet('card:1', null, 'open', 5_000)).toBe(false);
    const moves = await Promise.all([
      a.compareAndSet('card:1', 'open', 'approving:a', 5_000),
      b.compareAndSet('card:1', 'open', 'approving:b', 5_000),
    ]);
    expect(moves.filter(Boolean)).toHaveLength(1);
    expect(await a.get('card:1')).toMatch(/^approving:/);
    await a.set('card:2', 'old', 100);
    await sleep(200);
    expect(await b.compareAndSet('card:2', 'old', 'new', 5_000)).toBe(false);
    expect(await b.compareAndSet('card:2', null, 'new', 5_000)).toBe(true);
  });

  it('keeps the audit log newest first, in stable pages, and prunes by age', async () => {
    for (let i = 1; i <= 5; i++)
      await (i % 2 ? a : b).audit.append({ at: 1000 * i, actor: 'U1', action: 'resend', outcome: 'sent', address: `p${i}@example.com` });
    const first = await a.audit.page(2);
    expect(first.map((r) => r.address)).toEqual(['p5@example.com', 'p4@example.com']);
    const second = await b.audit.page(2, first[1]!.seq);
    expect(second.map((r) => r.address)).toEqual(['p3@example.com', 'p2@example.com']);
    expect(await a.audit.prune(2500)).toBe(2);
    expect((await b.audit.page(10)).map((r) => r.address)).toEqual(['p5@example.com', 'p4@example.com', 'p3@example.com']);
    expect(first[0]).toEqual(expect.objectContaining({ actor: 'U1', action: 'resend', outcome: 'sent', at: 5000 }));
  });
}

describe('InProcessCoordination', () => {
  contract(() => {
    const shared = new InProcessCoordination();
    return Promise.resolve({ a: shared, b: shared });
  });
});

describe('SqliteStore: two connections to one file, as two processes would open it', () => {
  const dirs: string[] = [];
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  contract(() => {
    const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
    dirs.push(dir);
    const a = openSqliteStore(dir);
    const b = openSqliteStore(dir);
    open.push(a, b);
    return Promise.resolve({ a, b });
  });
});

describeWithRedis('RedisStore against a real redis-server', () => {
  let server: RedisServer;
  const open: RedisStore[] = [];
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  async function connected(prefix = 'test:'): Promise<{ coordination: RedisStore; lines: Array<Record<string, unknown>> }> {
    const { logger, lines } = captureLogger();
    const coordination = new RedisStore({ url: server.url, prefix, logger });
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

  it('fails closed when Redis stops: every call rejects at once, one warning, and it serves again when Redis returns', async () => {
    const { coordination, lines } = await connected(`f${Date.now()}:`);
    await server.stop();
    const started = Date.now();
    for (let i = 0; i < 5; i++) await expect(coordination.claimOnce(`tick-${i}`, 5_000)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(coordination.acquire('resend:x', 5_000)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(coordination.audit.append({ at: 1, actor: 'U1', action: 'resend', outcome: 'sent' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(coordination.health()).toMatchObject({ store: 'redis', state: 'unavailable' });
    expect(lines.filter((l) => l.event === 'redis' && l.outcome === 'unavailable')).toHaveLength(1);

    await server.resume();
    await until(() => (coordination.health() as { state: string }).state === 'connected', 10_000);
    expect(lines.filter((l) => l.event === 'redis' && l.outcome === 'connected')).toHaveLength(2);
    expect(await coordination.claimOnce('after-return', 5_000)).toBe(true);
    expect(await coordination.isHeld('after-return')).toBe(true);
  });

  it('refuses every call when Redis is down from the start, without crashing', async () => {
    const { logger, lines } = captureLogger();
    const coordination = new RedisStore({ url: 'redis://127.0.0.1:1', prefix: 'down:', logger });
    open.push(coordination);
    coordination.start();
    await expect(coordination.claimOnce('tick', 5_000)).rejects.toBeInstanceOf(StoreUnavailableError);
    await until(() => lines.some((l) => l.event === 'redis' && l.outcome === 'unavailable'));
    expect(coordination.health()).toMatchObject({ store: 'redis', state: 'unavailable' });
  });
});

describe('RedisStore against a port that accepts connections and never answers', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('turns unavailable within the connect timeout, with one log line, and refuses calls', async () => {
    const { logger, lines } = captureLogger();
    const port = (silent.address() as { port: number }).port;
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'silent:', logger, commandTimeoutMs: 300 });
    store.start();
    try {
      await until(() => (store.health() as { state: string }).state === 'unavailable', 3_000);
      await expect(store.get('x')).rejects.toBeInstanceOf(StoreUnavailableError);
      await sleep(700);
      expect(lines.filter((l) => l.event === 'redis')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
