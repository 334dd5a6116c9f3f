import { request } from 'undici';
import { reseed, seedGroups, seedInvitations } from '../src/seed';
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

  const post = async (path: string, body: unknown) => {
    const res = await request(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
  const [developers, billing] = seedGroups(NOW);
  const pendingOne = () => [...sandbox.invitations.values()].find((inv) => inv.invite_status === 'Pending')!;

  test('groups: paged under `groups`, named by display_name, members expanded to org users', async () => {
    const first = await call('GET', '/v2/groups?per_page=2');
    const groups = first.body.groups as Array<{ id: string; display_name: string; members: Array<{ email: string }> }>;
    expect(groups.map((g) => g.display_name)).toEqual(['Developers', 'Billing']);
    expect(groups[0]!.members.map((m) => m.email)).toEqual(['dana@example.com', 'jean.sammet@example.com']);
    const next = (first.body.meta as { links: { next: string } }).links.next;
    const rest = await call('GET', `/v2/groups?per_page=2&cursor=${next}`);
    expect((rest.body.groups as Array<{ display_name: string }>).map((g) => g.display_name)).toEqual(['Read-only']);
    expect((rest.body.meta as { links: { next: string } }).links.next).toBe('');
  });

  test("users: paged under `users`, with a service user; a user's groups under `groups`", async () => {
    const users = (await call('GET', '/v2/users?per_page=500')).body.users as Array<{ id: string; email: string; service_user?: boolean }>;
    expect(users.map((u) => u.email)).toContain('dana@example.com');
    expect(users.filter((u) => u.service_user === true)).toHaveLength(1);
    const dana = users.find((u) => u.email === 'dana@example.com')!;
    const groups = (await call('GET', `/v2/users/${dana.id}/groups`)).body.groups as Array<{ id: string }>;
    expect(groups.map((g) => g.id)).toEqual([developers!.id, billing!.id]);
    expect(await call('GET', '/v2/users/nobody/groups')).toEqual({ status: 404, body: { error: 'Invalid user', status: 404 } });
  });

  test('add member: 201 and the membership; 404 for an unknown group; 400 without user_id, for a stranger, and a second time', async () => {
    const user = [...sandbox.users.values()].find((u) => u.email === 'adele.goldberg@example.com')!;
    expect(sandbox.groupsOf(user.id)).toEqual([]);
    expect(await post(`/v2/groups/${billing!.id}/members`, { user_id: user.id, display_name: 'Adele Goldberg' })).toEqual({
      status: 201,
      body: null,
    });
    expect(sandbox.groupsOf(user.id)).toEqual([billing!.id]);
    expect(sandbox.requestsFor('add_member')[0]!.body).toEqual({ user_id: user.id, display_name: 'Adele Goldberg' });
    expect(await post(`/v2/groups/${billing!.id}/members`, { user_id: user.id })).toEqual({
      status: 400,
      body: { error: 'User is already a member of this group', status: 400 },
    });
    expect(await post('/v2/groups/no-such-group/members', { user_id: user.id })).toEqual({
      status: 404,
      body: { error: 'Group not found', status: 404 },
    });
    expect((await post(`/v2/groups/${billing!.id}/members`, { display_name: 'x' })).status).toBe(400);
    expect((await post(`/v2/groups/${billing!.id}/members`, { user_id: 'stranger' })).status).toBe(400);
    expect((await call('GET', '/v2/groups')).status).toBe(200);
    expect((await call('POST', '/v2/groups')).status).toBe(405);
  });

  test('faults reach the IAM routes; act-then-502 adds the member and still answers 502', async () => {
    sandbox.failNext('groups', { status: 403 });
    expect((await call('GET', '/v2/groups')).status).toBe(403);
    expect((await call('GET', '/v2/groups')).status).toBe(200);
    const user = [...sandbox.users.values()].find((u) => u.email === 'adele.goldberg@example.com')!;
    sandbox.failNext('add_member', 'act-then-502');
    expect((await post(`/v2/groups/${developers!.id}/members`, { user_id: user.id })).status).toBe(502);
    expect(sandbox.groupsOf(user.id)).toEqual([developers!.id]);
  });

  test('accept: the invitation turns Accepted and the invitee becomes a user, listed after userVisibleAfterMs', async () => {
    let now = NOW;
    const later = new VultrSandbox(KEY, () => now);
    const invitation = pendingOne();
    later.add({ ...invitation });
    const user = later.accept(invitation.id, { userVisibleAfterMs: 60_000 });
    expect(later.invitations.get(invitation.id)).toMatchObject({
      invite_status: 'Accepted',
      date_responded: '2026-11-26T12:00:00+00:00',
      email_registered: invitation.email_invited,
    });
    expect(user.email).toBe(invitation.email_invited);
    await later.start();
    try {
      const listed = async () => {
        const res = await request(`${later.url}/v2/users`, { headers: { authorization: `Bearer ${KEY}` } });
        return ((await res.body.json()) as { users: Array<{ id: string }> }).users.map((u) => u.id);
      };
      expect(await listed()).toEqual([]);
      now = new Date(NOW.getTime() + 60_000);
      expect(await listed()).toEqual([user.id]);
    } finally {
      await later.stop();
    }
    expect(() => later.accept(invitation.id)).toThrow('not pending');
  });
});
