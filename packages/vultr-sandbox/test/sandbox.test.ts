import { request } from 'undici';
import { reseed, seedInvitations } from '../src/seed';
import { VALIDITY_MS, VultrSandbox } from '../src/vultrSandbox';

const NOW = new Date('2026-11-26T12:00:00Z');
const KEY = 'SANDBOXKEY0123456789';

describe('Vultr sandbox contract', () => {
  const sandbox = new VultrSandbox(KEY, () => NOW);
  const call = async (method: 'GET' | 'POST', path: string, key = KEY) => {
    const res = await request(`${sandbox.url}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
    return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
  };

  beforeAll(() => sandbox.start());
  beforeEach(() => reseed(sandbox, NOW));
  afterAll(() => sandbox.stop());

  test('the seed holds ~25 example.com invitations in every state the bot tells apart', () => {
    const seed = seedInvitations(NOW);
    expect(seed).toHaveLength(25);
    expect(seed.every((inv) => inv.email_invited.endsWith('@example.com'))).toBe(true);
    const hoursLeft = seed
      .filter((i) => i.invite_status === 'Pending' && i.expiration_date)
      .map((i) => (Date.parse(String(i.expiration_date)) - NOW.getTime()) / 3_600_000);
    expect(hoursLeft.some((h) => h < 0)).toBe(true);
    expect(hoursLeft.some((h) => h > 0 && h < 24)).toBe(true);
    expect(hoursLeft.some((h) => h > 24)).toBe(true);
    expect(seed.some((i) => i.expiration_date === '')).toBe(true);
    expect(seed.some((i) => i.invite_status === 'Accepted')).toBe(true);
  });

  test('lists in pages under `invites` with meta.links.next, as Vultr does', async () => {
    const first = await call('GET', '/v2/invitation?per_page=10');
    expect(first.status).toBe(200);
    const invites = first.body.invites as Array<Record<string, unknown>>;
    expect(invites).toHaveLength(10);
    expect(invites[0]).toMatchObject({ id: expect.any(String), email_invited: expect.any(String), invite_status: 'Pending' });
    const meta = first.body.meta as { total: number; links: { next: string; prev: string } };
    expect(meta.total).toBe(25);
    const last = await call('GET', `/v2/invitation?per_page=10&cursor=${meta.links.next}`);
    const lastNext = (last.body.meta as { links: { next: string } }).links.next;
    const end = await call('GET', `/v2/invitation?per_page=10&cursor=${lastNext}`);
    expect((end.body.invites as unknown[]).length).toBe(5);
    expect((end.body.meta as { links: { next: string } }).links.next).toBe('');
  });

  test("wrong key: 401 with Vultr's error body; unknown id: 404", async () => {
    expect(await call('GET', '/v2/invitation', 'WRONGKEY0000')).toEqual({
      status: 401,
      body: { error: 'Invalid API token.', status: 401 },
    });
    expect(await call('GET', '/v2/invitation/nope')).toEqual({ status: 404, body: { error: 'Invite not found', status: 404 } });
  });

  test('resend: only Pending, moves the expiration to now + 3 days, records one e-mail in the outbox', async () => {
    const [pending, accepted] = [...sandbox.invitations.values()].filter((_, i) => i === 0 || i === 20);
    const resent = await call('POST', `/v2/invitation/${pending!.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.expiration_date).toBe(`${new Date(NOW.getTime() + VALIDITY_MS).toISOString().slice(0, 19)}+00:00`);
    expect(sandbox.outbox).toEqual([
      expect.objectContaining({ to: pending!.email_invited, invitationId: pending!.id, at: NOW.toISOString() }),
    ]);
    expect((await call('GET', `/v2/invitation/${pending!.id}`)).body.expiration_date).toBe(resent.body.expiration_date);

    expect(await call('POST', `/v2/invitation/${accepted!.id}/resend`)).toEqual({
      status: 400,
      body: { error: 'Invitation is not pending', status: 400 },
    });
    expect(sandbox.outbox).toHaveLength(1);
  });
});
