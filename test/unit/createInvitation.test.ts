import { InProcessCoordination } from '../../src/coordination/inProcess';
import { CardDecisions, OPEN_REQUEST_MS, OpenRequests } from '../../src/domain/approval';
import { CreateSingleFlight, parseEmail, type InvitationCreator } from '../../src/domain/create';
import { VultrError } from '../../src/vultr/errors';
import type { Invitation } from '../../src/vultr/invitation';
import { PausingCoordination } from '../support/pausingCoordination';

const invitation = (email: string, pending = true): Invitation => ({
  id: `id-${email}`,
  emailInvited: email,
  inviterName: null,
  inviterEmail: null,
  statusLabel: pending ? 'Pending' : 'Accepted',
  isPending: pending,
  createdAt: null,
  expiresAt: null,
  respondedAt: null,
});

function fakeVultr(existing: Invitation[] = [], fail?: VultrError): InvitationCreator & { created: string[] } {
  const created: string[] = [];
  return {
    created,
    listInvitations: () => Promise.resolve({ invitations: existing, skipped: 0, complete: true as const }),
    createInvitation: async (email) => {
      created.push(email);
      await new Promise((r) => setTimeout(r, 10));
      if (fail) throw fail;
      return invitation(email);
    },
  };
}

describe('parseEmail', () => {
  it.each(['bob@example.com', '  bob+ops@sub.example.co.uk '])('accepts %p (trimmed)', (raw) => {
    expect(parseEmail(raw)).toEqual({ ok: true, email: raw.trim() });
  });
  it.each(['', 'bob', 'bob@', '@example.com', 'a b@example.com', '<@U123>@x.com', `${'a'.repeat(250)}@example.com`, 42, null])(
    'refuses %p',
    (raw) => {
      expect(parseEmail(raw).ok).toBe(false);
    },
  );
});

describe('CreateSingleFlight', () => {
  it('creates once per key, whether the calls overlap or come after success', async () => {
    const vultr = fakeVultr();
    const flight = new CreateSingleFlight(vultr);
    const results = await Promise.all([1, 2, 3].map(() => flight.create('k', { email: 'a@example.com', apiEnabled: false })));
    expect(vultr.created).toEqual(['a@example.com']);
    expect(results.filter((r) => !r.joined)).toHaveLength(1);
    expect((await flight.create('k', { email: 'a@example.com', apiEnabled: false })).joined).toBe(true);
    expect(vultr.created).toHaveLength(1);
  });

  it('finds a pending invitation (any case) instead of creating; ignores accepted ones', async () => {
    const vultr = fakeVultr([invitation('A@Example.com'), invitation('b@example.com', false)]);
    const flight = new CreateSingleFlight(vultr);
    expect((await flight.create('1', { email: 'a@example.com', apiEnabled: false })).outcome.kind).toBe('pending_exists');
    expect((await flight.create('2', { email: 'b@example.com', apiEnabled: false })).outcome.kind).toBe('created');
  });

  it('forgets a failure so that Try again tries again', async () => {
    const vultr = fakeVultr([], new VultrError('server', 'boom', { operation: 'create', status: 500 }));
    const flight = new CreateSingleFlight(vultr);
    expect((await flight.create('k', { email: 'a@example.com', apiEnabled: true })).outcome.kind).toBe('failed');
    expect(await flight.known('k')).toBe(false);
    await flight.create('k', { email: 'a@example.com', apiEnabled: true });
    expect(vultr.created).toHaveLength(2);
  });

  it('a call that waited past its bound for another replica reports an unconfirmed creation, in the same words as ever', async () => {
    const vultr = fakeVultr();
    const coordination = new InProcessCoordination();
    const elsewhere = await coordination.acquire('create:k', 5_000);
    const result = await new CreateSingleFlight(vultr, coordination, 50).create('k', { email: 'a@example.com', apiEnabled: false });
    expect(result).toEqual({
      outcome: {
        kind: 'failed',
        error: new VultrError('timeout', 'Another creation of this invitation did not finish', { operation: 'create' }),
      },
      joined: false,
    });
    expect(result.outcome.kind === 'failed' && result.outcome.error).toMatchObject({ kind: 'timeout', details: { operation: 'create' } });
    expect(vultr.created).toEqual([]);
    await elsewhere!.release();
  });
});

describe('OpenRequests and CardDecisions', () => {
  it('bounds open requests per person and frees a slot on a decision', async () => {
    const open = new OpenRequests(new InProcessCoordination(), 2);
    const a = (await open.reserve('U1'))!;
    await open.bind('U1', a, 'C:1');
    expect(await open.reserve('U1')).not.toBeNull();
    expect(await open.reserve('U1')).toBeNull();
    expect(await open.reserve('U2')).not.toBeNull();
    await open.release('U1', 'C:1');
    expect(await open.reserve('U1')).not.toBeNull();
  });

  it('forgets an open request nobody decided after OPEN_REQUEST_MS', async () => {
    let now = Date.now();
    const clock = () => now;
    const open = new OpenRequests(new InProcessCoordination(clock), 1, clock);
    expect(await open.reserve('U1')).not.toBeNull();
    expect(await open.reserve('U1')).toBeNull();
    now += OPEN_REQUEST_MS + 1;
    expect(await open.reserve('U1')).not.toBeNull();
  });

  it('gives a card to one decider; others learn who decides, then who decided; a failed turn frees it', async () => {
    const cards = new CardDecisions();
    const first = await cards.take('C:1', 'U1');
    expect(await cards.take('C:1', 'U2')).toEqual({ kind: 'busy', by: 'U1' });
    if (first.kind !== 'yours') throw new Error('expected the turn');
    await first.finish(null);
    const second = await cards.take('C:1', 'U2');
    if (second.kind !== 'yours') throw new Error('expected the turn');
    const expiresAt = new Date('2026-12-01T00:00:00Z');
    await second.finish({ kind: 'approved', by: 'U2', expiresAt });
    expect(await cards.take('C:1', 'U3')).toEqual({ kind: 'decided', decision: { kind: 'approved', by: 'U2', expiresAt } });
  });

  it('a click that takes the card after another decided it meanwhile is told it is decided, and gets no turn', async () => {
    const store = new InProcessCoordination();
    const paused = new PausingCoordination(store);
    const pause = paused.pauseNextAcquire('deciding:C:1');
    const late = new CardDecisions(paused).take('C:1', 'U1');
    await pause.reached; // it found the card undecided and is about to take its lease
    const first = await new CardDecisions(store).take('C:1', 'U2');
    if (first.kind !== 'yours') throw new Error('expected the turn');
    const decision = { kind: 'denied' as const, by: 'U2', expiresAt: null };
    await first.finish(decision);
    pause.resume();
    expect(await late).toEqual({ kind: 'decided', decision });
    expect(await store.isHeld('deciding:C:1')).toBe(false);
  });

  it('a decider working past the lease TTL keeps the card: the others are told it is busy', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const cards = new CardDecisions(new InProcessCoordination(() => jest.now()));
      const turn = await cards.take('C:1', 'U1');
      await jest.advanceTimersByTimeAsync(60_000);
      expect(await cards.take('C:1', 'U2')).toEqual({ kind: 'busy', by: 'U1' });
      if (turn.kind === 'yours') await turn.finish(null);
    } finally {
      jest.useRealTimers();
    }
  });
});
