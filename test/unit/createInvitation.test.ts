import { InProcessCoordination } from '../../src/coordination/inProcess';
import { OPEN_REQUEST_MS, OpenRequests } from '../../src/domain/approval';
import { CreateSingleFlight, parseEmail, type InvitationCreator } from '../../src/domain/create';
import { VultrError } from '../../src/vultr/errors';
import type { Invitation } from '../../src/vultr/invitation';

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

describe('CreateSingleFlight: one invitation per address', () => {
  const create = (flight: CreateSingleFlight, email: string, apiEnabled = false) => flight.create({ email, apiEnabled });

  it('creates once for overlapping calls whatever the case and spacing; the others learn it is pending', async () => {
    const vultr = fakeVultr();
    const flight = new CreateSingleFlight(vultr);
    const results = await Promise.all(
      ['Case.Race@example.com', 'case.race@EXAMPLE.com', ' CASE.RACE@EXAMPLE.COM '].map((e) => create(flight, e)),
    );
    expect(vultr.created).toHaveLength(1);
    expect(results.map((r) => r.kind).sort()).toEqual(['created', 'pending_exists', 'pending_exists']);
    expect((await create(flight, 'case.race@example.com')).kind).toBe('pending_exists');
    expect(vultr.created).toHaveLength(1);
  });

  it('keeps different addresses apart', async () => {
    const vultr = fakeVultr();
    const flight = new CreateSingleFlight(vultr);
    await Promise.all([create(flight, 'a@example.com'), create(flight, 'b@example.com')]);
    expect(vultr.created.sort()).toEqual(['a@example.com', 'b@example.com']);
  });

  it('finds a pending invitation (any case) instead of creating; ignores accepted ones', async () => {
    const vultr = fakeVultr([invitation('A@Example.com'), invitation('b@example.com', false)]);
    const flight = new CreateSingleFlight(vultr);
    expect((await create(flight, 'a@example.com')).kind).toBe('pending_exists');
    expect((await create(flight, 'b@example.com')).kind).toBe('created');
  });

  it('forgets a failure so that Try again tries again', async () => {
    const vultr = fakeVultr([], new VultrError('server', 'boom', { operation: 'create', status: 500 }));
    const flight = new CreateSingleFlight(vultr);
    expect((await create(flight, 'a@example.com', true)).kind).toBe('failed');
    await create(flight, 'a@example.com', true);
    expect(vultr.created).toHaveLength(2);
  });

  it('a call that waited past its bound for another replica reports an unconfirmed creation', async () => {
    const vultr = fakeVultr();
    const coordination = new InProcessCoordination();
    const elsewhere = await coordination.acquire('create:address:a@example.com', 5_000);
    const result = await new CreateSingleFlight(vultr, coordination, 50).create({ email: 'A@example.com', apiEnabled: false });
    expect(result).toEqual({
      kind: 'failed',
      error: new VultrError('timeout', 'Another creation of this invitation did not finish', { operation: 'create' }),
    });
    expect(vultr.created).toEqual([]);
    await elsewhere!.release();
  });
});

describe('OpenRequests', () => {
  it('bounds open requests per person and frees a slot on a decision', async () => {
    const open = new OpenRequests(new InProcessCoordination(), 2);
    const a = (await open.reserve('U1'))!;
    await open.bind('U1', a, 'card-1');
    expect(await open.reserve('U1')).not.toBeNull();
    expect(await open.reserve('U1')).toBeNull();
    expect(await open.reserve('U2')).not.toBeNull();
    await open.release('U1', 'card-1');
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
});
