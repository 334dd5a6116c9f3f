import { reseed, seedGroups, VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { Logger } from '../../src/util/log';
import { VultrClient, type VultrLimits } from '../../src/vultr/client';
import { isVultrError, type VultrError } from '../../src/vultr/errors';
import { matchUser, memberDisplayName, saysAlreadyMember, sortedByName } from '../../src/vultr/iam';
import { groupListSchema, groupSchema, readRowsWith, userListSchema, userSchema } from '../../src/vultr/schemas';

const GROUP_ID = '3b1f6c2e-0000-4000-8000-000000000001';
const USER_ID = '9d2a5c1e-0000-4000-8000-0000000000aa';

describe('IAM parsing', () => {
  it('reads a groups page: the name from display_name (else name, else the id), odd rows skipped and counted', () => {
    const page = groupListSchema.parse({
      groups: [
        { id: GROUP_ID, display_name: 'developers', description: 'Engineers', members: [], date_created: '2026-03-30T12:00:00+00:00' },
        { id: 'g-2', name: 'billing', description: '' },
        { id: 'g-3' },
        { id: '../../account', display_name: 'slash' },
        { display_name: 'no id' },
        { id: 'g-6', display_name: { en: 'object' } },
        'not a row',
      ],
      meta: { total: 7, links: { next: 'Y3Vyc29y', prev: '' } },
    });
    expect(page.next).toBe('Y3Vyc29y');
    const read = readRowsWith(groupSchema, page.items);
    expect(read.rows).toEqual([
      { id: GROUP_ID, name: 'developers', description: 'Engineers' },
      { id: 'g-2', name: 'billing', description: null },
      { id: 'g-3', name: 'g-3', description: null },
    ]);
    expect(read.skippedByField).toEqual({ id: 2, display_name: 1, row: 1 });
    expect(read.skippedIds).toEqual(['g-6']);
  });

  it('refuses a groups answer with no array under groups or data', () => {
    expect(groupListSchema.safeParse({ group: [] }).success).toBe(false);
    expect(groupListSchema.parse({ data: [], meta: null })).toEqual({ items: [], next: null });
  });

  it('reads a users page: name, else first and last name, else unknown; a row without a usable e-mail is skipped', () => {
    const page = userListSchema.parse({
      users: [
        { id: USER_ID, name: 'Jane Doe', email: 'jane@example.com', api_enabled: false, acls: [], service_user: false },
        { id: 'u-2', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
        { id: 'u-3', name: '', first_name: null, email: 'anon@example.com' },
        { id: 'u-4', name: 'ci-bot', email: 'ci@example.com', service_user: true },
        { id: 'u-5', name: 'No Mail' },
        { id: 'u-6', email: 'line\nbreak@example.com' },
        { id: 'has space', email: 'space@example.com' },
      ],
    });
    const read = readRowsWith(userSchema, page.items);
    expect(read.rows).toEqual([
      { id: USER_ID, email: 'jane@example.com', name: 'Jane Doe', serviceUser: false },
      { id: 'u-2', email: 'ada@example.com', name: 'Ada Lovelace', serviceUser: false },
      { id: 'u-3', email: 'anon@example.com', name: null, serviceUser: false },
      { id: 'u-4', email: 'ci@example.com', name: 'ci-bot', serviceUser: true },
    ]);
    expect(read.skippedByField).toEqual({ email: 2, id: 1 });
    expect(read.skippedIds).toEqual(['u-5', 'u-6']);
  });

  it('matches a user by e-mail trimmed and case-insensitively, never a service user', () => {
    const users = readRowsWith(userSchema, [
      { id: 'svc', email: 'Shared@Example.com', service_user: true },
      { id: 'person', email: 'Shared@Example.com', name: 'Pat' },
    ]).rows;
    expect(matchUser(users, '  shared@EXAMPLE.com ')).toEqual({ id: 'person', email: 'Shared@Example.com', name: 'Pat' });
    expect(matchUser(users.slice(0, 1), 'shared@example.com')).toBeNull();
  });

  it('sorts groups by name, case-insensitively, ties by id; names a member by name, else the address', () => {
    const groups = [
      { id: 'b', name: 'read-only', description: null },
      { id: 'c', name: 'Billing', description: null },
      { id: 'a', name: 'billing', description: null },
    ];
    expect(sortedByName(groups).map((g) => g.id)).toEqual(['a', 'c', 'b']);
    expect(memberDisplayName({ id: 'u', email: 'jo@example.com', name: '  ' })).toBe('jo@example.com');
    expect(memberDisplayName({ id: 'u', email: 'jo@example.com', name: 'Jo' })).toBe('Jo');
  });

  it.each([
    ['User is already a member of this group', true],
    ['already exists', true],
    ['User does not exist', false],
    [undefined, false],
  ])('an add refused with %p counts as already a member: %p', (message, expected) => {
    expect(saysAlreadyMember(message)).toBe(expected);
  });
});

describe('VultrClient IAM calls against the sandbox', () => {
  const NOW = new Date('2026-11-26T12:00:00Z');
  const sandbox = new VultrSandbox('SANDBOXKEY0123456789', () => NOW);
  const [developers, billing, readOnly] = seedGroups(NOW);
  const logs: Array<Record<string, unknown>> = [];
  const clients: VultrClient[] = [];
  const client = (limits: Partial<VultrLimits> = { pageSize: 2 }) => {
    const made = new VultrClient({
      apiUrl: sandbox.url,
      apiKey: sandbox.apiKey,
      timeoutMs: 2_000,
      logger: new Logger('debug', [sandbox.apiKey], (line) => logs.push(JSON.parse(line) as Record<string, unknown>)),
      retry: { maxRetries: 3, minDelayMs: 1, maxDelayMs: 5 },
      limits,
    });
    clients.push(made);
    return made;
  };
  const failure = async (promise: Promise<unknown>): Promise<VultrError> => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isVultrError(err)) throw new Error(`expected a VultrError, got ${String(err)}`);
    return err;
  };
  const userByEmail = (email: string) => [...sandbox.users.values()].find((u) => u.email === email)!;
  const adele = () => ({ id: userByEmail('adele.goldberg@example.com').id, email: 'adele.goldberg@example.com', name: 'Adele Goldberg' });

  beforeAll(() => sandbox.start());
  beforeEach(() => {
    reseed(sandbox, NOW);
    sandbox.requests.length = 0;
    logs.length = 0;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => sandbox.stop());

  it('listGroups follows every page and sorts by name', async () => {
    const groups = await client().listGroups();
    expect(groups).toEqual([
      { id: billing!.id, name: 'Billing', description: 'Invoices and payment methods' },
      { id: developers!.id, name: 'Developers', description: 'Compute, Kubernetes and DNS' },
      { id: readOnly!.id, name: 'Read-only', description: 'Sees everything, changes nothing' },
    ]);
    expect(sandbox.requestsFor('groups').map((r) => r.path)).toEqual(['/v2/groups?per_page=2', '/v2/groups?per_page=2&cursor=2']);
  });

  it('listGroups past the page cap fails as too_large instead of offering part of the groups', async () => {
    const err = await failure(client({ pageSize: 1, maxPages: 2 }).listGroups());
    expect(err.kind).toBe('too_large');
    expect(err.message).toContain('past 2 pages');
  });

  it('a 403 (no iam.group.List) is auth, with Vultr words; malformed rows are logged once by id', async () => {
    sandbox.failNext('groups', { status: 403, body: JSON.stringify({ error: 'Unauthorized: missing iam.group.List', status: 403 }) });
    const err = await failure(client().listGroups());
    expect([err.kind, err.status, err.vultrMessage]).toEqual(['auth', 403, 'Unauthorized: missing iam.group.List']);
    sandbox.failNext('groups', {
      status: 200,
      body: JSON.stringify({ groups: [{ id: 'ok-1' }, { id: 'bad id' }, { id: 'g-2', name: 7 }] }),
    });
    expect((await client().listGroups()).map((g) => g.id)).toEqual(['ok-1']);
    expect(logs.filter((l) => l.event === 'vultr_list')).toEqual([
      expect.objectContaining({ operation: 'list_groups', skipped: 2, skipped_ids: ['g-2'], listed: 1 }),
    ]);
  });

  it('findUserByEmail: trimmed and case-insensitive, stops at the page that holds the user, never a service user', async () => {
    const vultr = client();
    expect(await vultr.findUserByEmail('  DANA@Example.COM ')).toEqual({
      id: userByEmail('dana@example.com').id,
      email: 'dana@example.com',
      name: 'Dana Admin',
    });
    expect(sandbox.requestsFor('users')).toHaveLength(1);
    expect(await vultr.findUserByEmail('adele.goldberg@example.com')).toMatchObject({ name: 'Adele Goldberg' });
    expect(await vultr.findUserByEmail('ci@example.com')).toBeNull();
    expect(await vultr.findUserByEmail('nobody@example.com')).toBeNull();
  });

  it('findUserByEmail: a list cut short without the user is an error, not "not listed"', async () => {
    const err = await failure(client({ pageSize: 1, maxPages: 2 }).findUserByEmail('nobody@example.com'));
    expect(err.kind).toBe('too_large');
  });

  it('findUserByEmail: an accepted invitee listed late is null until Vultr lists them', async () => {
    const invitation = [...sandbox.invitations.values()].find((inv) => inv.invite_status === 'Pending')!;
    sandbox.accept(invitation.id, { userVisibleAfterMs: 60_000 });
    expect(await client().findUserByEmail(invitation.email_invited)).toBeNull();
  });

  it("userGroupIds lists the user's groups on every page; an unknown user is not_found; a bad id never reaches Vultr", async () => {
    const vultr = client({ pageSize: 1 });
    expect(await vultr.userGroupIds(userByEmail('dana@example.com').id)).toEqual([developers!.id, billing!.id]);
    expect(sandbox.requestsFor('user_groups')).toHaveLength(2);
    expect((await failure(vultr.userGroupIds('9d2a5c1e-0000-4000-8000-999999999999'))).kind).toBe('not_found');
    const before = sandbox.requests.length;
    expect((await failure(vultr.userGroupIds('../groups'))).kind).toBe('rejected');
    expect(sandbox.requests).toHaveLength(before);
  });

  it('addGroupMember sends user_id and display_name, and the user is a member', async () => {
    const vultr = client();
    await vultr.addGroupMember(readOnly!.id, adele());
    expect(sandbox.requestsFor('add_member').map((r) => [r.path, r.body])).toEqual([
      [`/v2/groups/${readOnly!.id}/members`, { user_id: adele().id, display_name: 'Adele Goldberg' }],
    ]);
    expect(await vultr.userGroupIds(adele().id)).toEqual([readOnly!.id]);
  });

  it('addGroupMember is not retried on a 5xx: the add may have gone through, as act-then-502 shows', async () => {
    const vultr = client();
    sandbox.failNext('add_member', 'act-then-502');
    const err = await failure(vultr.addGroupMember(readOnly!.id, adele()));
    expect([err.kind, err.mayHaveReachedVultr]).toEqual(['server', true]);
    expect(sandbox.requestsFor('add_member')).toHaveLength(1);
    expect(await vultr.userGroupIds(adele().id)).toEqual([readOnly!.id]);
    sandbox.failNext('add_member', { status: 503 });
    expect((await failure(vultr.addGroupMember(billing!.id, adele()))).kind).toBe('server');
    expect(sandbox.requestsFor('add_member')).toHaveLength(2);
  });

  it('addGroupMember is retried on a 429 (Vultr did not act)', async () => {
    sandbox.failNext('add_member', { status: 429 });
    await client().addGroupMember(billing!.id, adele());
    expect(sandbox.requestsFor('add_member')).toHaveLength(2);
    expect(sandbox.groupsOf(adele().id)).toEqual([billing!.id]);
  });

  it('addGroupMember: "already a member" is success; a deleted group is not_found; a bad id never reaches Vultr', async () => {
    const vultr = client();
    const dana = { id: userByEmail('dana@example.com').id, email: 'dana@example.com', name: null };
    await vultr.addGroupMember(billing!.id, dana);
    expect(sandbox.requestsFor('add_member')[0]!.body).toEqual({ user_id: dana.id, display_name: 'dana@example.com' });
    expect(logs.some((l) => l.outcome === 'already_member' && l.status === 400)).toBe(true);
    sandbox.groups.delete(billing!.id);
    const gone = await failure(vultr.addGroupMember(billing!.id, adele()));
    expect([gone.kind, gone.vultrMessage]).toEqual(['not_found', 'Group not found']);
    const before = sandbox.requests.length;
    expect((await failure(vultr.addGroupMember('a/b', adele()))).kind).toBe('rejected');
    expect((await failure(vultr.addGroupMember(billing!.id, { ...adele(), id: 'x y' }))).kind).toBe('rejected');
    expect(sandbox.requests).toHaveLength(before);
  });
});
