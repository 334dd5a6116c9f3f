import { InProcessCoordination } from '../../src/coordination/inProcess';
import { RECENT_RESEND_MS, resendAsShown, ResendSingleFlight, type InvitationSource, type ResendOutcome } from '../../src/domain/resend';
import { VultrError, type VultrErrorKind } from '../../src/vultr/errors';
import type { Invitation } from '../../src/vultr/invitation';
import { days, fromNow, invitation, unixSeconds } from './fixtures';

type Step<T> = T | VultrError | Error | (() => Promise<T>);

/**
 * A hand-written InvitationSource: answers are scripted per call, in order, and every call is
 * recorded. Running out of scripted answers fails the test loudly.
 */
class FakeSource implements InvitationSource {
  readonly calls: Array<{ method: 'get' | 'resend'; id: string }> = [];
  private readonly gets: Array<Step<Invitation>> = [];
  private readonly resends: Array<Step<Invitation | null>> = [];

  onGet(...steps: Array<Step<Invitation>>): this {
    this.gets.push(...steps);
    return this;
  }

  onResend(...steps: Array<Step<Invitation | null>>): this {
    this.resends.push(...steps);
    return this;
  }

  get resendCalls(): number {
    return this.calls.filter((c) => c.method === 'resend').length;
  }

  get getCalls(): number {
    return this.calls.filter((c) => c.method === 'get').length;
  }

  async getInvitation(id: string): Promise<Invitation> {
    this.calls.push({ method: 'get', id });
    return FakeSource.play(this.gets.shift(), `getInvitation #${this.getCalls}`);
  }

  async resendInvitation(id: string): Promise<Invitation | null> {
    this.calls.push({ method: 'resend', id });
    return FakeSource.play(this.resends.shift(), `resendInvitation #${this.resendCalls}`);
  }

  private static async play<T>(step: Step<T> | undefined, what: string): Promise<T> {
    if (step === undefined) throw new Error(`unexpected call: ${what} was not scripted`);
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return (step as () => Promise<T>)();
    return step;
  }
}

const vultrError = (kind: VultrErrorKind, status?: number, operation = 'resend') =>
  new VultrError(kind, `fake ${kind}`, { ...(status !== undefined ? { status } : {}), operation });

const ID = 'inv-0001';
const shownExpiry = fromNow(days(1));
const newExpiry = fromNow(days(3));
const shown = invitation({ id: ID, expiresAt: shownExpiry });
const afterResend = invitation({ id: ID, expiresAt: newExpiry });
const request = { invitationId: ID, shownExpiry: unixSeconds(shownExpiry) };

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('resendAsShown', () => {
  it('reads the invitation, resends once and returns the new expiry from the answer', async () => {
    const source = new FakeSource().onGet(shown).onResend(afterResend);
    const outcome = await resendAsShown(source, request);
    expect(outcome).toEqual({ kind: 'resent', invitation: afterResend });
    expect(source.calls).toEqual([
      { method: 'get', id: ID },
      { method: 'resend', id: ID },
    ]);
  });

  it('re-reads the invitation when the resend answers without a body (null)', async () => {
    const source = new FakeSource().onGet(shown, afterResend).onResend(null);
    const outcome = await resendAsShown(source, request);
    expect(outcome).toEqual({ kind: 'resent', invitation: afterResend });
    expect(source.resendCalls).toBe(1);
    expect(source.getCalls).toBe(2);
  });

  it('re-reads the invitation when the answer has no expiration', async () => {
    const source = new FakeSource().onGet(shown, afterResend).onResend(invitation({ id: ID, expiresAt: null }));
    const outcome = await resendAsShown(source, request);
    expect(outcome).toEqual({ kind: 'resent', invitation: afterResend });
    expect(source.resendCalls).toBe(1);
  });

  it('still reports resent (expiry unknown) when the read-back fails after a successful resend', async () => {
    const source = new FakeSource().onGet(shown, vultrError('timeout', undefined, 'get')).onResend(null);
    const outcome = await resendAsShown(source, request);
    expect(outcome.kind).toBe('resent');
    expect(outcome.kind === 'resent' && outcome.invitation).toEqual({ ...shown, expiresAt: null });
    expect(source.resendCalls).toBe(1);
  });

  it('works for a row that showed no expiration when the invitation still has none', async () => {
    const noExpiry = invitation({ id: ID, expiresAt: null });
    const source = new FakeSource().onGet(noExpiry).onResend(afterResend);
    const outcome = await resendAsShown(source, { invitationId: ID, shownExpiry: null });
    expect(outcome).toEqual({ kind: 'resent', invitation: afterResend });
  });

  describe('nothing is sent when', () => {
    it('the row is stale: the expiry moved since it was shown → changed', async () => {
      const moved = invitation({ id: ID, expiresAt: newExpiry });
      const source = new FakeSource().onGet(moved);
      const outcome = await resendAsShown(source, request);
      expect(outcome).toEqual({ kind: 'changed', invitation: moved });
      expect(source.resendCalls).toBe(0);
    });

    it('the row showed an expiry but the invitation now has none → changed', async () => {
      const source = new FakeSource().onGet(invitation({ id: ID, expiresAt: null }));
      expect((await resendAsShown(source, request)).kind).toBe('changed');
      expect(source.resendCalls).toBe(0);
    });

    it('the row showed no expiry but the invitation now has one → changed', async () => {
      const source = new FakeSource().onGet(shown);
      expect((await resendAsShown(source, { invitationId: ID, shownExpiry: null })).kind).toBe('changed');
      expect(source.resendCalls).toBe(0);
    });

    it('the expiry differs by one second → changed', async () => {
      const source = new FakeSource().onGet(shown);
      const outcome = await resendAsShown(source, { invitationId: ID, shownExpiry: unixSeconds(shownExpiry) - 1 });
      expect(outcome.kind).toBe('changed');
      expect(source.resendCalls).toBe(0);
    });

    it('sub-second differences do not count as a change (the row carries whole seconds)', async () => {
      const source = new FakeSource().onGet(invitation({ id: ID, expiresAt: new Date(shownExpiry.getTime() + 400) })).onResend(afterResend);
      expect((await resendAsShown(source, request)).kind).toBe('resent');
    });

    it('the invitation is no longer pending → not_pending', async () => {
      const accepted = invitation({ id: ID, expiresAt: shownExpiry, isPending: false, statusLabel: 'Accepted' });
      const source = new FakeSource().onGet(accepted);
      const outcome = await resendAsShown(source, request);
      expect(outcome).toEqual({ kind: 'not_pending', invitation: accepted });
      expect(source.resendCalls).toBe(0);
    });

    it('the invitation is not pending and also changed → not_pending wins', async () => {
      const source = new FakeSource().onGet(invitation({ id: ID, expiresAt: newExpiry, isPending: false }));
      expect((await resendAsShown(source, request)).kind).toBe('not_pending');
      expect(source.resendCalls).toBe(0);
    });

    it('Vultr no longer knows it (GET 404) → gone', async () => {
      const source = new FakeSource().onGet(vultrError('not_found', 404, 'get'));
      expect(await resendAsShown(source, request)).toEqual({ kind: 'gone' });
      expect(source.resendCalls).toBe(0);
    });

    it.each<VultrErrorKind>(['timeout', 'server', 'auth', 'unreachable', 'rate_limited', 'invalid_response'])(
      'the first read fails (%s) → failed, mayHaveSent false',
      async (kind) => {
        const error = vultrError(kind, undefined, 'get');
        const source = new FakeSource().onGet(error);
        expect(await resendAsShown(source, request)).toEqual({ kind: 'failed', error, mayHaveSent: false });
        expect(source.resendCalls).toBe(0);
      },
    );
  });

  describe('when the resend POST fails', () => {
    it('rejected (400) → failed, mayHaveSent false, no re-read', async () => {
      const error = vultrError('rejected', 400);
      const source = new FakeSource().onGet(shown).onResend(error);
      expect(await resendAsShown(source, request)).toEqual({ kind: 'failed', error, mayHaveSent: false });
      expect(source.getCalls).toBe(1);
      expect(source.resendCalls).toBe(1);
    });

    it.each<[VultrErrorKind, number | undefined]>([
      ['auth', 403],
      ['rate_limited', 429],
      ['unreachable', undefined],
    ])('%s → failed, mayHaveSent false (Vultr provably did not act)', async (kind, status) => {
      const error = vultrError(kind, status);
      const source = new FakeSource().onGet(shown).onResend(error);
      expect(await resendAsShown(source, request)).toEqual({ kind: 'failed', error, mayHaveSent: false });
      expect(source.resendCalls).toBe(1);
      expect(source.getCalls).toBe(1);
    });

    it('not_found (404) → gone', async () => {
      const source = new FakeSource().onGet(shown).onResend(vultrError('not_found', 404));
      expect(await resendAsShown(source, request)).toEqual({ kind: 'gone' });
      expect(source.resendCalls).toBe(1);
    });

    it.each<VultrErrorKind>(['timeout', 'interrupted', 'server', 'invalid_response'])(
      '%s, then the re-read shows a moved expiry → resent',
      async (kind) => {
        const source = new FakeSource().onGet(shown, afterResend).onResend(vultrError(kind, kind === 'server' ? 502 : undefined));
        expect(await resendAsShown(source, request)).toEqual({ kind: 'resent', invitation: afterResend });
        expect(source.resendCalls).toBe(1);
        expect(source.getCalls).toBe(2);
      },
    );

    it('server (5xx), then the re-read shows the same expiry → failed, mayHaveSent false', async () => {
      const error = vultrError('server', 503);
      const source = new FakeSource().onGet(shown, shown).onResend(error);
      expect(await resendAsShown(source, request)).toEqual({ kind: 'failed', error, mayHaveSent: false });
      expect(source.resendCalls).toBe(1);
    });

    it('timeout, then every re-read fails too → failed, mayHaveSent true', async () => {
      const error = vultrError('timeout');
      const unreachable = vultrError('unreachable', undefined, 'get');
      const source = new FakeSource().onGet(shown, unreachable, unreachable, unreachable).onResend(error);
      expect(await resendAsShown(source, request, { recheckDelaysMs: [1, 1] })).toEqual({ kind: 'failed', error, mayHaveSent: true });
      expect(source.resendCalls).toBe(1);
      expect(source.getCalls).toBe(4);
    });

    it.each<VultrErrorKind>(['timeout', 'interrupted'])(
      '%s, and Vultr applies it a moment later: a later re-read finds it → resent',
      async (kind) => {
        const source = new FakeSource().onGet(shown, shown, shown, afterResend).onResend(vultrError(kind));
        expect(await resendAsShown(source, request, { recheckDelaysMs: [1, 1] })).toEqual({ kind: 'resent', invitation: afterResend });
        expect(source.getCalls).toBe(4);
      },
    );

    it('timeout, and no re-read shows a change: it may still go out, with what the last re-read found', async () => {
      const error = vultrError('timeout');
      const source = new FakeSource().onGet(shown, shown, shown).onResend(error);
      expect(await resendAsShown(source, request, { recheckDelaysMs: [1] })).toEqual({
        kind: 'failed',
        error,
        mayHaveSent: true,
        lastSeen: shown,
      });
    });

    it('spaces the re-reads after a timeout over the given pauses', async () => {
      const source = new FakeSource().onGet(shown, shown, shown, shown).onResend(vultrError('timeout'));
      const started = Date.now();
      await resendAsShown(source, request, { recheckDelaysMs: [100, 200] });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('never retries the POST itself', async () => {
      const source = new FakeSource().onGet(shown, shown).onResend(vultrError('server', 500));
      await resendAsShown(source, request);
      expect(source.resendCalls).toBe(1);
    });

    it('rethrows errors that are not VultrErrors (bugs are not outcomes)', async () => {
      const source = new FakeSource().onGet(shown).onResend(new TypeError('bug'));
      await expect(resendAsShown(source, request)).rejects.toThrow(TypeError);
      const early = new FakeSource().onGet(new TypeError('bug'));
      await expect(resendAsShown(early, request)).rejects.toThrow(TypeError);
      expect(early.resendCalls).toBe(0);
    });
  });
});

describe('ResendSingleFlight', () => {
  it('a joined click reports who started the resend', async () => {
    const source = new FakeSource().onGet(shown).onResend(afterResend);
    const flight = new ResendSingleFlight(source);
    const [alice, bob] = await Promise.all([flight.resend(request, 'U0ALICE'), flight.resend(request, 'U0BOB')]);
    expect(alice).toMatchObject({ joined: false, startedBy: 'U0ALICE' });
    expect(bob).toMatchObject({ joined: true, startedBy: 'U0ALICE' });
  });

  it('a row that showed no expiration is not resent again within RECENT_RESEND_MS, and is after it', async () => {
    const unknown = invitation({ id: ID, expiresAt: null });
    // A resend answer without a date is read back (docs/vultr-api.md, Envelopes): two reads per resend, one for the refused click.
    const source = new FakeSource().onGet(unknown, unknown, unknown, unknown, unknown).onResend(unknown, unknown);
    let now = 1_000_000;
    const flight = new ResendSingleFlight(source, new InProcessCoordination(() => now), { clock: () => now });
    const noDate = { invitationId: ID, shownExpiry: null };
    expect((await flight.resend(noDate)).outcome.kind).toBe('resent');
    now += RECENT_RESEND_MS - 1;
    expect((await flight.resend(noDate)).outcome.kind).toBe('recently_resent'); // an older list's button: nothing sent
    expect(source.resendCalls).toBe(1);
    now += 1;
    expect((await flight.resend(noDate)).outcome.kind).toBe('resent');
    expect(source.resendCalls).toBe(2);
  });

  it.each([2, 10])('%i concurrent clicks on the same invitation send exactly ONE resend', async (clicks) => {
    const gate = deferred<Invitation | null>();
    const source = new FakeSource().onGet(shown).onResend(() => gate.promise);
    const flight = new ResendSingleFlight(source);

    const results = Array.from({ length: clicks }, () => flight.resend(request));
    // Let every click reach the single flight before Vultr answers.
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.resendCalls).toBe(1);
    gate.resolve(afterResend);
    const settled = await Promise.all(results);

    expect(source.resendCalls).toBe(1);
    expect(source.getCalls).toBe(1);
    expect(settled.filter((r) => !r.joined)).toHaveLength(1);
    expect(settled.filter((r) => r.joined)).toHaveLength(clicks - 1);
    for (const r of settled) expect(r.outcome).toEqual<ResendOutcome>({ kind: 'resent', invitation: afterResend });
  });

  it('the first caller is the one that did not join', async () => {
    const source = new FakeSource().onGet(shown).onResend(afterResend);
    const flight = new ResendSingleFlight(source);
    const [first, second] = await Promise.all([flight.resend(request), flight.resend(request)]);
    expect(first?.joined).toBe(false);
    expect(second?.joined).toBe(true);
    expect(source.resendCalls).toBe(1);
  });

  it('a click after the flight completed starts a new flight', async () => {
    const source = new FakeSource().onGet(shown, afterResend).onResend(afterResend);
    const flight = new ResendSingleFlight(source);
    const first = await flight.resend(request);
    expect(first).toEqual({ outcome: { kind: 'resent', invitation: afterResend }, joined: false });

    // The same stale row clicked again: a fresh read finds the moved expiry and sends nothing.
    const second = await flight.resend(request);
    expect(second).toEqual({ outcome: { kind: 'changed', invitation: afterResend }, joined: false });
    expect(source.getCalls).toBe(2);
    expect(source.resendCalls).toBe(1);
  });

  it('Vultr did not move the date: a stale click on a dated row within RECENT_RESEND_MS sends nothing', async () => {
    const source = new FakeSource().onGet(shown, shown, shown).onResend(shown);
    const flight = new ResendSingleFlight(source);
    expect((await flight.resend(request)).outcome.kind).toBe('resent');
    expect((await flight.resend(request)).outcome).toEqual({ kind: 'recently_resent', invitation: shown });
    expect(source.resendCalls).toBe(1);
  });

  it('a 2xx with no readable invitation is a resend (the client returns null for it)', async () => {
    const source = new FakeSource().onGet(shown, afterResend).onResend(null);
    expect(await resendAsShown(source, request)).toEqual({ kind: 'resent', invitation: afterResend });
  });

  it('a fresh click after completion may resend again (new flight, new call)', async () => {
    const later = invitation({ id: ID, expiresAt: fromNow(days(4)) });
    const source = new FakeSource().onGet(shown, afterResend).onResend(afterResend, later);
    const flight = new ResendSingleFlight(source);
    await flight.resend(request);
    const again = await flight.resend({ invitationId: ID, shownExpiry: unixSeconds(newExpiry) });
    expect(again).toEqual({ outcome: { kind: 'resent', invitation: later }, joined: false });
    expect(source.resendCalls).toBe(2);
  });

  it('different invitations do not share a flight', async () => {
    const other = invitation({ id: 'inv-0002', expiresAt: shownExpiry });
    const otherAfter = invitation({ id: 'inv-0002', expiresAt: newExpiry });
    const gate = deferred<Invitation | null>();
    const source = new FakeSource().onGet(shown, other).onResend(() => gate.promise, otherAfter);
    const flight = new ResendSingleFlight(source);
    const a = flight.resend(request);
    const b = flight.resend({ invitationId: 'inv-0002', shownExpiry: request.shownExpiry });
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve(afterResend);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra).toEqual({ outcome: { kind: 'resent', invitation: afterResend }, joined: false });
    expect(rb).toEqual({ outcome: { kind: 'resent', invitation: otherAfter }, joined: false });
    expect(
      source.calls
        .filter((c) => c.method === 'resend')
        .map((c) => c.id)
        .sort(),
    ).toEqual([ID, 'inv-0002']);
  });

  it('a failed flight is shared by the joiners and then forgotten', async () => {
    const error = vultrError('rejected', 400);
    const gate = deferred<Invitation | null>();
    const source = new FakeSource().onGet(shown, shown).onResend(() => gate.promise, afterResend);
    const flight = new ResendSingleFlight(source);
    const clicks = [flight.resend(request), flight.resend(request), flight.resend(request)];
    await new Promise((resolve) => setImmediate(resolve));
    gate.reject(error);
    const settled = await Promise.all(clicks);
    for (const r of settled) expect(r.outcome).toEqual({ kind: 'failed', error, mayHaveSent: false });
    expect(source.resendCalls).toBe(1);

    const retry = await flight.resend(request);
    expect(retry).toEqual({ outcome: { kind: 'resent', invitation: afterResend }, joined: false });
    expect(source.resendCalls).toBe(2);
  });

  it('a click that waited past its bound for another replica reports a resend that may have gone out, in the same words as ever', async () => {
    const source = new FakeSource();
    const coordination = new InProcessCoordination();
    const elsewhere = await coordination.acquire(`resend:${ID}`, 5_000);
    const flight = new ResendSingleFlight(source, coordination, { waitElsewhereMs: 50 });
    const result = await flight.resend(request, 'U0BOB');
    expect(result).toEqual({
      outcome: {
        kind: 'failed',
        error: new VultrError('timeout', 'Another resend of this invitation did not finish', { operation: 'resend' }),
        mayHaveSent: true,
      },
      joined: true,
      startedBy: undefined,
    });
    expect(result.outcome.kind === 'failed' && result.outcome.error).toMatchObject({ kind: 'timeout', details: { operation: 'resend' } });
    expect(source.getCalls + source.resendCalls).toBe(0);
    await elsewhere!.release();
  });

  it('a flight that throws is forgotten too, and every caller sees the error', async () => {
    const source = new FakeSource().onGet(shown, shown).onResend(new TypeError('bug'), afterResend);
    const flight = new ResendSingleFlight(source);
    const settled = await Promise.allSettled([flight.resend(request), flight.resend(request)]);
    for (const r of settled) {
      expect(r.status).toBe('rejected');
      expect(r.status === 'rejected' && r.reason).toBeInstanceOf(TypeError);
    }
    expect(source.resendCalls).toBe(1);
    expect((await flight.resend(request)).outcome.kind).toBe('resent');
  });
});
