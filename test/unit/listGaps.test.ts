import { loadDigest } from '../../src/domain/digest';
import type { InvitationDirectory } from '../../src/domain/directory';
import { loadHome } from '../../src/domain/homeList';
import { loadPendingPage } from '../../src/domain/listing';
import { renderDigest } from '../../src/views/digest';
import { renderHome } from '../../src/views/homeTab';
import { renderInvitationList } from '../../src/views/invitationList';
import type { InvitationList } from '../../src/vultr/invitation';
import { NOW, days, fromNow, hours, invitation, noGroups } from './fixtures';

/** Every surface says what the list lacks: the `/invites` message, the Home tab and the digest. */
const rows = [invitation({ id: 'a', expiresAt: fromNow(-hours(2)) }), invitation({ id: 'b', expiresAt: fromNow(days(2)) })];
const cut: InvitationList = {
  invitations: rows,
  skipped: 3,
  complete: false,
  reason: "Vultr's list went on past 50 pages, where the bot stops",
};
const directory = (list: InvitationList): InvitationDirectory => ({ listInvitations: async () => list });
const textOf = (value: unknown) => JSON.stringify(value);

describe('list gaps on every surface', () => {
  it('the /invites message: "At least", the reason and the skipped count', async () => {
    const text = textOf(renderInvitationList({ page: await loadPendingPage(directory(cut), noGroups, '', 0, NOW), now: NOW }));
    expect(text).toContain('At least 2 pending invitations');
    expect(text).toContain('Incomplete list');
    expect(text).toContain('past 50 pages');
    expect(text).toContain("3 invitations in Vultr's answer could not be read");
  });

  it('the Home tab', async () => {
    const text = textOf(renderHome({ ...(await loadHome(directory(cut), noGroups, 0, NOW)), now: NOW }));
    expect(text).toContain('At least 2 pending invitations');
    expect(text).toContain('Incomplete list');
    expect(text).toContain('3 invitations');
  });

  it('the digest, also when nothing in the part read is due', async () => {
    const text = textOf(renderDigest({ digest: await loadDigest(directory(cut), noGroups, NOW, days(1)), now: NOW }));
    expect(text).toContain('At least 1 invitation needs attention');
    expect(text).toContain('Incomplete list');
    const none = { ...cut, invitations: [rows[1]!] };
    const empty = textOf(renderDigest({ digest: await loadDigest(directory(none), noGroups, NOW, hours(1)), now: NOW }));
    expect(empty).not.toContain('All invitations are fine');
    expect(empty).toContain('Incomplete list');
  });

  it('a whole list says nothing extra', async () => {
    const whole: InvitationList = { invitations: rows, skipped: 0, complete: true };
    const text = textOf(renderInvitationList({ page: await loadPendingPage(directory(whole), noGroups, '', 0, NOW), now: NOW }));
    expect(text).toContain('"2 pending invitations"');
    expect(text).not.toContain('Incomplete');
    expect(text).not.toContain('could not be read');
  });
});
