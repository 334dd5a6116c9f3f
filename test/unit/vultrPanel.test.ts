import { pendingInvitation, reseed, VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { acceptAction, nextToAccept, panelOrder, vultrPanel } from '../../demo/vultrPanel';

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

it('the accept button takes the pending invitation expiring soonest that is still valid; the panel shows the groups and their members', async () => {
  const sandbox = new VultrSandbox('SANDBOXKEY0123456789', () => NOW);
  reseed(sandbox, NOW);
  const next = nextToAccept(sandbox.invitations.values(), NOW)!;
  expect(Date.parse(String(next.expiration_date))).toBe(NOW.getTime() + 2 * 3_600_000);
  const outcome = await acceptAction(sandbox, () => NOW).run();
  expect(outcome).toBe(`${next.email_invited} accepted the invitation and is now a user of the organization, in no group yet.`);
  expect(sandbox.invitations.get(next.id)?.invite_status).toBe('Accepted');
  expect(nextToAccept(sandbox.invitations.values(), NOW)?.id).not.toBe(next.id);

  const html = vultrPanel(sandbox, []).html({ timeZone: 'UTC', now: NOW });
  expect(html).toContain(
    '<b>Developers</b> <span class="muted">(2 members)</span><br><span class="muted">dana@example.com, jean.sammet@example.com</span>',
  );
  expect(html).toContain('<b>Read-only</b> <span class="muted">(1 member)</span>');
});

it('the accept button says so when no pending invitation is left', async () => {
  const sandbox = new VultrSandbox('SANDBOXKEY0123456789', () => NOW);
  sandbox.add(pendingInvitation(1, inHours(-1)));
  expect(await acceptAction(sandbox, () => NOW).run()).toBe('No pending invitation is left to accept.');
});
