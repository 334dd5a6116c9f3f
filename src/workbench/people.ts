import type { LocalSlack } from './localSlack';

/** The demo workspace: three people who meet the bot's access rules differently, two channels. */
export interface Person {
  id: string;
  name: string;
  role: string;
  isAdmin: boolean;
}

export const ALLOWED_USERGROUP = 'S0INVADMIN';

export const PEOPLE: readonly Person[] = [
  { id: 'U0DEMOADMN', name: 'Dana Admin', role: 'workspace admin, in @invites-admins', isAdmin: true },
  { id: 'U0DEMOMEMB', name: 'Sam Member', role: 'plain member', isAdmin: false },
  { id: 'U0DEMOGRUP', name: 'Olivia Ops', role: 'member of @invites-admins', isAdmin: false },
];

export const CHANNELS = [
  { id: 'C0DEMOOPS1', name: 'ops', purpose: 'Type /invites here' },
  { id: 'C0DEMONOTE', name: 'invites-log', purpose: 'The notification channel: resends and reminder digests' },
] as const;

export const COMMAND_CHANNEL = CHANNELS[0].id;
export const NOTIFY_CHANNEL = CHANNELS[1].id;

/** Registers the people and the allowed user group (Dana and Olivia) with the local Slack. */
export function populateWorkspace(slack: LocalSlack): void {
  for (const person of PEOPLE) slack.users.set(person.id, { is_admin: person.isAdmin, name: person.name, real_name: person.name });
  slack.usergroups.set(
    ALLOWED_USERGROUP,
    PEOPLE.filter((p) => p.id !== 'U0DEMOMEMB').map((p) => p.id),
  );
}
