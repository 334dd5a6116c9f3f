import {
  pendingInvitation,
  VALIDITY_MS,
  vultrDate,
  type SandboxGroup,
  type SandboxInvitation,
  type SandboxUser,
  type VultrSandbox,
} from './vultrSandbox';

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

const seedUserId = (n: number) => `9d2a5c1e-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * The org's users: the admin who sends the invitations, everyone whose seeded invitation was
 * accepted (each of these first-name-last-name, the others by `name`, as Vultr's artefacts
 * differ), and a service user, which is never an invitee.
 */
export function seedUsers(now: Date): SandboxUser[] {
  const since = vultrDate(new Date(now.getTime() - 90 * 24 * HOUR_MS));
  const accepted = seedInvitations(now)
    .filter((inv) => inv.invite_status === 'Accepted')
    .map((inv, index): SandboxUser => {
      const [first = '', last = ''] = inv.email_invited
        .split('@')[0]!
        .split('.')
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1));
      return { id: seedUserId(index + 2), email: inv.email_invited, first_name: first, last_name: last, date_created: since };
    });
  return [
    { id: seedUserId(1), email: 'dana@example.com', name: 'Dana Admin', api_enabled: true, service_user: false, date_created: since },
    ...accepted,
    { id: seedUserId(99), email: 'ci@example.com', name: 'ci-bot', api_enabled: true, service_user: true, date_created: since },
  ];
}

/** Three groups with stable ids; one accepted invitee is in none (what the bot is there to fix). */
export function seedGroups(now: Date): SandboxGroup[] {
  const created = vultrDate(new Date(now.getTime() - 60 * 24 * HOUR_MS));
  const group = (n: number, name: string, description: string, members: number[]): SandboxGroup => ({
    id: `3b1f6c2e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    display_name: name,
    description,
    date_created: created,
    members: members.map(seedUserId),
  });
  return [
    group(1, 'Developers', 'Compute, Kubernetes and DNS', [1, 2]),
    group(2, 'Billing', 'Invoices and payment methods', [1]),
    group(3, 'Read-only', 'Sees everything, changes nothing', [3]),
  ];
}

/** Replaces whatever the sandbox holds with the seed, and empties its outbox. */
export function reseed(sandbox: VultrSandbox, now: Date): void {
  sandbox.invitations.clear();
  sandbox.groups.clear();
  sandbox.users.clear();
  sandbox.outbox.length = 0;
  sandbox.resendCount.clear();
  sandbox.add(...seedInvitations(now));
  sandbox.addUsers(...seedUsers(now));
  sandbox.addGroups(...seedGroups(now));
}
