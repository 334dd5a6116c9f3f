import { InProcessCoordination } from '../../src/coordination/inProcess';
import { StoreUnavailableError } from '../../src/coordination/coordination';
import { loadDigest, MAX_DIGEST_ROWS } from '../../src/domain/digest';
import type { InvitationDirectory } from '../../src/domain/directory';
import { GRANT_DAYS, GroupGrants } from '../../src/domain/groupGrants';
import { HOME_ROWS_PER_PAGE, loadHome } from '../../src/domain/homeList';
import { loadPendingPage, ROWS_PER_PAGE } from '../../src/domain/listing';
import { groupsOfRows } from '../../src/domain/rowGroups';
import { Logger } from '../../src/util/log';
import { renderDigest } from '../../src/views/digest';
import { renderHome } from '../../src/views/homeTab';
import type { Invitation } from '../../src/vultr/invitation';
import { rowFor } from './blockInspect';
import { days, fromNow, hours, invitation, manyInvitations, NOW } from './fixtures';

const DEVELOPERS = { id: 'grp-dev', name: 'Developers' };
const directory = (invitations: Invitation[]): InvitationDirectory => ({
  listInvitations: async () => ({ invitations, skipped: 0, complete: true }),
});

/** The shown rows' intended groups, from GroupGrants over an in-process store, with the warn lines it logs. */
function setup() {
  const lines: Record<string, unknown>[] = [];
  const logger = new Logger('debug', [], (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  let now = NOW.getTime();
  const grants = new GroupGrants(new InProcessCoordination(), () => now);
  const intend = (inv: Invitation) =>
    grants.intend({ invitationId: inv.id, email: inv.emailInvited, group: DEVELOPERS, chosenBy: 'U0ADMIN01' });
  const lookups = jest.spyOn(grants, 'get');
  return {
    grants,
    intend,
    lookups,
    rowGroups: groupsOfRows(grants, logger),
    warnings: () => lines.filter((l) => l.level === 'warn'),
    later: (ms: number) => (now += ms),
  };
}

describe('the intended group of the shown rows', () => {
  const rows = manyInvitations(100);

  it('/invites: looks up only the page shown, and carries the waiting intents by invitation id', async () => {
    const t = setup();
    await t.intend(rows[ROWS_PER_PAGE]!);
    const page = await loadPendingPage(directory(rows), t.rowGroups, '', 1, NOW);
    expect(t.lookups).toHaveBeenCalledTimes(ROWS_PER_PAGE);
    expect([...page.groups!]).toEqual([[rows[ROWS_PER_PAGE]!.id, DEVELOPERS]]);
  });

  it('the Home tab: one page of lookups, and the row says which group it joins', async () => {
    const t = setup();
    await t.intend(rows[0]!);
    const list = await loadHome(directory(rows), t.rowGroups, 0, NOW);
    expect(t.lookups).toHaveBeenCalledTimes(HOME_ROWS_PER_PAGE);
    const tab = renderHome({ ...list, now: NOW });
    const asMessage = { text: '', blocks: tab.blocks };
    expect(rowFor(asMessage, rows[0]!.id).text!.text).toContain('· joins *Developers*');
    expect(rowFor(asMessage, rows[1]!.id).text!.text).not.toContain('joins');
  });

  it('the digest: only the rows the message has room for are looked up', async () => {
    const t = setup();
    const due = [
      ...Array.from({ length: 30 }, (_, i) =>
        invitation({ id: `exp-${i}`, emailInvited: `e${i}@example.com`, expiresAt: fromNow(-days(1)) }),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        invitation({ id: `soon-${i}`, emailInvited: `s${i}@example.com`, expiresAt: fromNow(hours(1)) }),
      ),
    ];
    await t.intend(due[31]!);
    const digest = await loadDigest(directory(due), t.rowGroups, NOW, hours(48));
    expect(t.lookups).toHaveBeenCalledTimes(MAX_DIGEST_ROWS);
    expect(rowFor(renderDigest({ digest, now: NOW }), 'soon-1').text!.text).toContain('· joins *Developers*');
  });

  it('shows no group once the intent is closed: it grants nothing any more', async () => {
    const t = setup();
    await t.intend(rows[0]!);
    t.later(days(GRANT_DAYS) + hours(1));
    await t.grants.run({ findUserByEmail: jest.fn(), userGroupIds: jest.fn(), addGroupMember: jest.fn() }, [], 60_000);
    expect((await t.grants.get(rows[0]!.id))?.state.kind).toBe('expired');
    expect((await loadPendingPage(directory(rows), t.rowGroups, '', 0, NOW)).groups).toEqual(new Map());
  });

  it('a store that does not answer costs the groups, not the list: one warn line', async () => {
    const t = setup();
    t.lookups.mockRejectedValue(new StoreUnavailableError('redis is down'));
    const page = await loadPendingPage(directory(rows), t.rowGroups, '', 0, NOW);
    expect(page.rows).toHaveLength(ROWS_PER_PAGE);
    expect(page.groups).toEqual(new Map());
    expect(t.warnings()).toEqual([
      expect.objectContaining({ msg: 'intended groups not shown: the store did not answer', outcome: 'store_unavailable' }),
    ]);
  });
});
