import { selectPending, pageOf, expiredOf } from '../../src/domain/listing';
import { LIMITS } from '../../src/views/blocks';
import { invitationRow, renderInvitationList } from '../../src/views/invitationList';
import { renderHome } from '../../src/views/homeTab';
import { HOME_ROWS_PER_PAGE } from '../../src/domain/homeList';
import { countByUrgency } from '../../src/domain/urgency';
import { invitation, manyInvitations, NOW, fromNow, hours } from './fixtures';

const spec = (actionId: string) => ({ actionId, text: actionId, value: '{}' });

describe('invitationRow with several actions', () => {
  const inv = invitation({ id: 'inv-1', emailInvited: 'bob@example.com', expiresAt: fromNow(hours(5)) });

  it('puts one button beside the row (one block) and several in an actions block under it (two blocks)', () => {
    const [one, ...none] = invitationRow(inv, NOW, {}, () => [spec('a')]);
    expect(none).toEqual([]);
    expect(one).toMatchObject({ type: 'section', accessory: { action_id: 'a' } });
    const two = invitationRow(inv, NOW, {}, () => [spec('a'), spec('b')]);
    expect(two.map((b) => b.type)).toEqual(['section', 'actions']);
    expect(two[0]).not.toHaveProperty('accessory');
    expect(two[1]).toMatchObject({ block_id: 'inv-actions:inv-1', elements: [{ action_id: 'a' }, { action_id: 'b' }] });
  });

  it('offers no button where the note withholds them', () => {
    expect(invitationRow(inv, NOW, { note: { text: 'resent', offerResend: false } }, () => [spec('a'), spec('b')])).toHaveLength(1);
  });

  it('leaves room for a second action on every row: a full /invites page and a full Home page stay within Slack block limits', () => {
    const pending = selectPending(manyInvitations(100), '');
    const listPage = { ...pageOf(pending, 0, ''), expired: expiredOf(pending, NOW) };
    const listBlocks = renderInvitationList({ page: listPage, now: NOW }).blocks.length;
    expect(listBlocks + listPage.rows.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    const homePage = { ...pageOf(pending, 0, '', HOME_ROWS_PER_PAGE), expired: expiredOf(pending, NOW) };
    const counts = countByUrgency(
      pending.map((i) => i.expiresAt),
      NOW,
    );
    const homeBlocks = renderHome({ page: homePage, counts, now: NOW, recent: [] }).blocks.length;
    expect(homeBlocks + homePage.rows.length).toBeLessThanOrEqual(LIMITS.blocksPerHomeTab);
  });
});
