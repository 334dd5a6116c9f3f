import { pendingInvitation, VALIDITY_MS, vultrDate, type SandboxInvitation, type VultrSandbox } from './vultrSandbox';

const HOUR_MS = 3_600_000;

/** Invented people at example.com; a resend in the sandbox e-mails nobody. */
const PEOPLE = [
  'ada.lovelace',
  'alan.turing',
  'grace.hopper',
  'edsger.dijkstra',
  'barbara.liskov',
  'donald.knuth',
  'margaret.hamilton',
  'ken.thompson',
  'frances.allen',
  'dennis.ritchie',
  'radia.perlman',
  'john.backus',
  'katherine.johnson',
  'leslie.lamport',
  'shafi.goldwasser',
  'tony.hoare',
  'hedy.lamarr',
  'niklaus.wirth',
  'sophie.wilson',
  'linus.torvalds',
  'jean.sammet',
  'bjarne.stroustrup',
  'adele.goldberg',
  'guido.vanrossum',
  'mary.shaw',
];

/**
 * Hours from now to each invitation's expiry: every state the bot tells apart is present
 * (expired, expiring within 24 h, valid for days), plus null for an unknown expiry and
 * 'accepted' for an invitation that is no longer pending.
 */
const EXPIRIES: Array<number | null | 'accepted'> = [
  -60,
  -30,
  -5,
  -1,
  2,
  5,
  9,
  14,
  20,
  23,
  30,
  40,
  48,
  55,
  60,
  64,
  70,
  71,
  null,
  null,
  'accepted',
  'accepted',
  'accepted',
  36,
  3,
];

export function seedInvitations(now: Date): SandboxInvitation[] {
  return EXPIRIES.map((expiry, index) => {
    const n = index + 1;
    const email = `${PEOPLE[index] ?? `person${n}`}@example.com`;
    if (expiry === 'accepted') {
      const accepted = new Date(now.getTime() - 20 * HOUR_MS);
      return pendingInvitation(n, new Date(accepted.getTime() + VALIDITY_MS), {
        email_invited: email,
        email_registered: email,
        invite_status: 'Accepted',
        date_responded: vultrDate(accepted),
      });
    }
    if (expiry === null) return pendingInvitation(n, now, { email_invited: email, expiration_date: '' });
    return pendingInvitation(n, new Date(now.getTime() + expiry * HOUR_MS), { email_invited: email });
  });
}

/** Replaces whatever the sandbox holds with the seed, and empties its outbox. */
export function reseed(sandbox: VultrSandbox, now: Date): void {
  sandbox.invitations.clear();
  sandbox.outbox.length = 0;
  sandbox.resendCount.clear();
  sandbox.add(...seedInvitations(now));
}
