import { InProcessCoordination } from '../../src/coordination/inProcess';
import { GRANT_DAYS, GroupGrants, type MemberRef, type MembershipDirectory } from '../../src/domain/groupGrants';
import { VultrError } from '../../src/vultr/errors';
import { days, invitation, NOW } from './fixtures';

const DEVELOPERS = { id: 'grp-dev', name: 'Developers' };
const BILLING = { id: 'grp-bill', name: 'Billing' };
const RUN_MS = 60_000;

/** Vultr IAM as a fake: users by address, memberships, and the add calls it got (with an optional failure for the next ones). */
function fakeIam(users: MemberRef[] = []) {
  const members = new Map<string, Set<string>>();
  const adds: Array<[string, string]> = [];
  const failures: VultrError[] = [];
  const directory: MembershipDirectory = {
    findUserByEmail: (email) => Promise.resolve(users.find((u) => u.email.toLowerCase() === email.trim().toLowerCase()) ?? null),
    userGroupIds: (userId) => Promise.resolve([...(members.get(userId) ?? [])]),
    addGroupMember: (groupId, user) => {
      adds.push([groupId, user.id]);
      const failure = failures.shift();
      // A timeout after Vultr did the work: the membership is there, the answer never came.
      if (failure?.kind === 'timeout') members.set(user.id, new Set([...(members.get(user.id) ?? []), groupId]));
      if (failure) return Promise.reject(failure);
      members.set(user.id, new Set([...(members.get(user.id) ?? []), groupId]));
      return Promise.resolve();
    },
  };
  return { directory, users, members, adds, failures };
}

const bob: MemberRef = { id: 'user-bob', email: 'bob@example.com', name: 'Bob' };
const accepted = invitation({ id: 'inv-bob', isPending: false, statusLabel: 'Accepted', respondedAt: NOW });
const pending = invitation({ id: 'inv-bob' });

describe('GroupGrants: the group an invitation carries, granted once on acceptance', () => {
  let now: number;
  let store: InProcessCoordination;
  const grants = () => new GroupGrants(store, () => now);
  beforeEach(() => {
    now = NOW.getTime();
    store = new InProcessCoordination(() => now);
  });
  const intend = (group = DEVELOPERS) =>
    grants().intend({ invitationId: 'inv-bob', email: 'bob@example.com', group, chosenBy: 'U0DANA001' });

  it('waits while the invitation is pending, then adds the member once; later runs do nothing', async () => {
    const iam = fakeIam([bob]);
    await intend();
    expect(await grants().run(iam.directory, [pending], RUN_MS)).toEqual([]);
    const [outcome] = await grants().run(iam.directory, [accepted], RUN_MS);
    expect(outcome).toMatchObject({
      kind: 'granted',
      user: bob,
      alreadyMember: false,
      intent: { group: DEVELOPERS, chosenBy: 'U0DANA001' },
    });
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toEqual([]);
    expect(iam.adds).toEqual([['grp-dev', 'user-bob']]);
    expect(await grants().open()).toEqual([]);
    expect((await grants().get('inv-bob'))?.state.kind).toBe('granted');
  });

  it('two runs at once (two replicas) add the member once', async () => {
    const iam = fakeIam([bob]);
    await intend();
    const runs = await Promise.all([grants().run(iam.directory, [accepted], RUN_MS), grants().run(iam.directory, [accepted], RUN_MS)]);
    expect(runs.flat()).toHaveLength(1);
    expect(iam.adds).toHaveLength(1);
  });

  it('finds the member by the registered address first, then the invited one', async () => {
    const other: MemberRef = { id: 'user-b2', email: 'Bob.Work@example.com', name: null };
    const iam = fakeIam([bob, other]);
    await intend();
    await grants().run(iam.directory, [{ ...accepted, emailRegistered: 'bob.work@example.com' }], RUN_MS);
    expect(iam.adds).toEqual([['grp-dev', 'user-b2']]);
  });

  it('retries with backoff while Vultr does not list the new member yet', async () => {
    const iam = fakeIam([]);
    await intend();
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toEqual([]);
    iam.users.push(bob);
    // The first miss waits one run, the second two.
    now += RUN_MS / 2;
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toEqual([]);
    expect(iam.adds).toEqual([]);
    now += RUN_MS;
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toMatchObject([{ kind: 'granted' }]);
  });

  it('counts a member already in the group as granted, without an add', async () => {
    const iam = fakeIam([bob]);
    iam.members.set('user-bob', new Set(['grp-dev']));
    await intend();
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toMatchObject([{ kind: 'granted', alreadyMember: true }]);
    expect(iam.adds).toEqual([]);
  });

  it('an add that timed out is checked, not repeated: the next run finds the membership', async () => {
    const iam = fakeIam([bob]);
    iam.failures.push(new VultrError('timeout', 'no answer', { operation: 'add_member' }));
    await intend();
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toEqual([]);
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toMatchObject([{ kind: 'granted', alreadyMember: true }]);
    expect(iam.adds).toHaveLength(1);
  });

  it('a refusal fails the intent and waits for Retry, which may choose another group', async () => {
    const iam = fakeIam([bob]);
    iam.failures.push(new VultrError('auth', 'Missing permission iam.group.AddMember', { operation: 'add_member', status: 403 }));
    await intend();
    const [failed] = await grants().run(iam.directory, [accepted], RUN_MS);
    expect(failed).toMatchObject({ kind: 'failed', error: { kind: 'auth', status: 403 } });
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toEqual([]);
    expect((await grants().open()).map((i) => i.state.kind)).toEqual(['failed']);
    await grants().retry('inv-bob', 'U0OTHER01', BILLING);
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toMatchObject([
      { kind: 'granted', intent: { group: BILLING, chosenBy: 'U0OTHER01' } },
    ]);
    expect(iam.adds).toEqual([
      ['grp-dev', 'user-bob'],
      ['grp-bill', 'user-bob'],
    ]);
  });

  it(`closes an intent not completed within ${GRANT_DAYS} days, reporting it once`, async () => {
    const iam = fakeIam([bob]);
    await intend();
    now += days(GRANT_DAYS) + 1;
    expect(await grants().run(iam.directory, [pending], RUN_MS)).toMatchObject([{ kind: 'expired' }]);
    expect(await grants().run(iam.directory, [accepted], RUN_MS)).toEqual([]);
    expect(iam.adds).toEqual([]);
  });

  it('a new choice for the same invitation replaces the old one', async () => {
    const iam = fakeIam([bob]);
    await intend(DEVELOPERS);
    await intend(BILLING);
    await grants().run(iam.directory, [accepted], RUN_MS);
    expect(iam.adds).toEqual([['grp-bill', 'user-bob']]);
  });
});
