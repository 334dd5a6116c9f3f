import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { panelOrder } from '../../demo/vultrPanel';

const NOW = new Date('2026-11-26T12:00:00Z');
const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);

it('the sandbox panel lists pending invitations first, soonest expiry first, then the rest as held', () => {
  const accepted = (n: number) => pendingInvitation(n, inHours(-5), { invite_status: 'Accepted' });
  const held = [
    accepted(1),
    pendingInvitation(2, inHours(30)),
    accepted(3),
    pendingInvitation(4, NOW, { expiration_date: '' }),
    pendingInvitation(5, inHours(-2)),
  ];
  expect(panelOrder(held).map((inv) => inv.id)).toEqual([held[4], held[1], held[3], held[0], held[2]].map((inv) => inv!.id));
});
