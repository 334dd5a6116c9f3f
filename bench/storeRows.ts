import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { storeAnswers, type Store } from '../src/coordination/coordination';
import { InProcessCoordination } from '../src/coordination/inProcess';
import { RedisStore } from '../src/coordination/redis';
import { openSqliteStore } from '../src/coordination/sqlite';
import { OpenRequests } from '../src/domain/approval';
import { RequestCards, type RequestCard } from '../src/domain/requestCards';
import { SharedWatchState } from '../src/domain/sharedWatchState';
import { observe } from '../src/domain/watch';
import { Logger } from '../src/util/log';
import type { Invitation } from '../src/vultr/invitation';
import { median, ms, times, type Row } from './stats';

/**
 * What the store costs the two things that touch it most: a decision on an approval card (read
 * the record, lease, compare-and-set twice, release the requester's slot) and a watcher run over
 * 10,000 invitations (read, diff and write the watcher's state under its lease). Each on SQLite
 * (a file in a temp directory) and on Redis (a local redis-server, when installed), against the
 * in-memory store (what the bot kept before there was a store) in the same run.
 */

const WATCHED = 10_000;
const NOW = new Date('2026-12-01T12:00:00Z');

type Kind = 'in-memory' | 'SQLite' | 'Redis';

interface Measured {
  decisionMs: number;
  watcherRunMs: number;
}

function invitations(count: number, accepted: number): Invitation[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    emailInvited: `person${i}@example.com`,
    inviterName: 'Dana Admin',
    inviterEmail: 'dana@example.com',
    statusLabel: i < accepted ? 'Accepted' : 'Pending',
    isPending: i >= accepted,
    createdAt: new Date(NOW.getTime() - 86_400_000),
    expiresAt: new Date(NOW.getTime() + 2 * 86_400_000),
    respondedAt: i < accepted ? NOW : null,
  }));
}

async function measure(store: Store, runs: { decisions: number; watcherRuns: number }): Promise<Measured> {
  const cards = new RequestCards(store);
  const requests = new OpenRequests(store);
  const decisions: number[] = [];
  for (let i = 0; i < runs.decisions; i++) {
    const card: RequestCard = {
      id: cards.newId(),
      request: { requester: 'U0MEMBER1', email: `r${i}@example.com`, apiEnabled: false, reason: 'bench', askedAt: NOW },
      channel: 'C0NOTIFY01',
      ts: `1700000000.${String(i).padStart(6, '0')}`,
      state: { kind: 'open' },
    };
    const ticket = await requests.reserve(`U0BENCH${i}`);
    if (ticket === null) throw new Error('no slot');
    await cards.save(card);
    await requests.bind(`U0BENCH${i}`, ticket, card.id);
    const started = performance.now();
    const turn = await cards.take(card.id, 'U0ADMIN01', { channel: card.channel, ts: card.ts });
    if (turn.kind !== 'yours') throw new Error(`decision refused: ${turn.kind}`);
    await turn.finish({ kind: 'denied', by: 'U0ADMIN01', expiresAt: null });
    await requests.release(`U0BENCH${i}`, card.id);
    decisions.push(performance.now() - started);
  }
  const state = new SharedWatchState(store);
  const watcherRuns: number[] = [];
  for (let i = 0; i <= runs.watcherRuns; i++) {
    // Each run sees one more acceptance: a diff with news, as a real run that announces.
    const list = invitations(WATCHED, i);
    const started = performance.now();
    const ran = await state.update((record) => Promise.resolve(observe(record, list, NOW, { announceNew: false })));
    if (!ran) throw new Error('watcher run skipped');
    // The first run only learns the list.
    if (i > 0) watcherRuns.push(performance.now() - started);
  }
  return { decisionMs: median(decisions), watcherRunMs: median(watcherRuns) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A throwaway redis-server (no persistence) and a store on it, or null when none is installed. */
async function withRedis<T>(work: (store: RedisStore) => Promise<T>): Promise<T | null> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return null;
  const port = await freePort();
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    let output = '';
    await new Promise<void>((resolve, reject) => {
      server.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      server.once('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}`)));
    });
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'bench:', logger: new Logger('error', [], () => undefined) });
    store.start();
    const deadline = Date.now() + 5_000;
    while (!storeAnswers(store.health())) {
      if (Date.now() > deadline) throw new Error('redis did not connect');
      await new Promise((r) => setTimeout(r, 10));
    }
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  } finally {
    server.kill('SIGKILL');
  }
}

export async function storeRows(quick: boolean): Promise<Row[]> {
  const runs = quick ? { decisions: 20, watcherRuns: 2 } : { decisions: 200, watcherRuns: 10 };
  const figures = new Map<Kind, Measured | null>();
  figures.set('in-memory', await measure(new InProcessCoordination(), runs));
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const sqlite = openSqliteStore(dir);
  try {
    figures.set('SQLite', await measure(sqlite, runs));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  figures.set('Redis', await withRedis((store) => measure(store, runs)));

  const baseline = figures.get('in-memory')!;
  const rows: Row[] = [];
  for (const kind of ['SQLite', 'Redis'] as const) {
    const figure = figures.get(kind) ?? null;
    const row = (what: string, pick: (m: Measured) => number, goalMs: number, goal: string): Row =>
      figure === null
        ? {
            what,
            setting: `${kind}: redis-server not installed`,
            measured: 'skipped',
            baseline: ms(pick(baseline)),
            ratio: '—',
            goal,
            met: false,
          }
        : {
            what,
            setting: `${kind} vs the in-memory store`,
            measured: ms(pick(figure)),
            baseline: ms(pick(baseline)),
            ratio: times(pick(figure) / pick(baseline)),
            goal,
            met: pick(figure) <= goalMs,
          };
    rows.push(
      row('store cost of one card decision', (m) => m.decisionMs, 10, '≤ 10 ms (a decision waits on Vultr and Slack for 100s of ms)'),
    );
    rows.push(
      row(
        `watcher run over ${WATCHED.toLocaleString('en-US')} invitations (state read, diff, write)`,
        (m) => m.watcherRunMs,
        baseline.watcherRunMs * 1.5 + 50,
        '≤ 1.5× in-memory + 50 ms',
      ),
    );
  }
  return rows;
}
