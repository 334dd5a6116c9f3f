import type { GroupRef } from './groupGrants';

/** What the catalog needs of Vultr (the Vultr client implements it). */
export interface GroupLister {
  listGroups(): Promise<GroupRef[]>;
}

/** How long a read of the organization's groups serves the forms: groups change rarely, forms open often. */
const GROUPS_TTL_MS = 60_000;

/**
 * The organization's Vultr groups for the forms, read once a minute at most (a cache whose loss
 * costs one Vultr call); concurrent readers share one read. A submitted choice is checked
 * against it: a group id the organization does not have is refused.
 */
export class GroupCatalog {
  private cached: { at: number; groups: Promise<GroupRef[]> } | undefined;

  constructor(
    private readonly vultr: GroupLister,
    private readonly clock: () => number = Date.now,
  ) {}

  list(): Promise<GroupRef[]> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < GROUPS_TTL_MS) return this.cached.groups;
    const groups = this.vultr.listGroups().then((all) => all.map(({ id, name }) => ({ id, name })));
    this.cached = { at: now, groups };
    // A failed read is not kept: the next form asks again.
    groups.catch(() => {
      if (this.cached?.groups === groups) this.cached = undefined;
    });
    return groups;
  }
}

/** The group a setting names (INVITES_DEFAULT_GROUP): its id, else its display name in any case. */
export function findGroup(groups: readonly GroupRef[], idOrName: string | undefined): GroupRef | undefined {
  if (idOrName === undefined) return undefined;
  const wanted = idOrName.trim().toLowerCase();
  return groups.find((g) => g.id === idOrName.trim()) ?? groups.find((g) => g.name.trim().toLowerCase() === wanted);
}
