import type { LocalSlack, Person, Workspace } from '@vultr-invites/slack-emulator';

/** The demo workspace: three people who meet the bot's access rules differently, two channels. */

export const ALLOWED_USERGROUP = 'S0INVADMIN';

/**
 * Each with a profile e-mail, as every real Slack account has: `users.info` returns it (the bot
 * has users:read.email) and `/invites request` prefills it. Without one the form started empty.
 */
const PEOPLE: ReadonlyArray<Person & { isAdmin: boolean; email: string }> = [
  { id: 'U0DEMOADMN', name: 'Dana Admin', role: 'workspace admin, in @invites-admins', isAdmin: true, email: 'dana@acme.example' },
  { id: 'U0DEMOMEMB', name: 'Sam Member', role: 'plain member', isAdmin: false, email: 'sam@acme.example' },
  { id: 'U0DEMOGRUP', name: 'Olivia Ops', role: 'member of @invites-admins', isAdmin: false, email: 'olivia@acme.example' },
];

const CHANNELS = [
  { id: 'C0DEMOOPS1', name: 'ops', purpose: 'Type /invites here' },
  { id: 'C0DEMONOTE', name: 'invites-log', purpose: 'The notification channel: resends and reminder digests' },
] as const;

export const NOTIFY_CHANNEL = CHANNELS[1].id;

export const DEMO_WORKSPACE: Workspace = { name: 'Acme Platform', people: PEOPLE, channels: CHANNELS };

/** Registers the people and the allowed user group (Dana and Olivia) with the local Slack. */
export function populateWorkspace(slack: LocalSlack): void {
  for (const person of PEOPLE) {
    slack.users.set(person.id, { is_admin: person.isAdmin, name: person.name, real_name: person.name, profile: { email: person.email } });
  }
  slack.usergroups.set(
    ALLOWED_USERGROUP,
    PEOPLE.filter((p) => p.id !== 'U0DEMOMEMB').map((p) => p.id),
  );
}
