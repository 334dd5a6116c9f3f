import type { Invitation } from '../vultr/invitation';
import { gapsOf, type InvitationDirectory, type ListGaps, type ListOptions } from './directory';
import type { GroupsOfRows, RowGroups } from './rowGroups';
import { urgencyOf } from './urgency';

/** Rows per message: with header, summary, notice and navigation this stays far below Slack's 50 blocks. */
export const ROWS_PER_PAGE = 15;

export interface InvitationPage {
  rows: Invitation[];
  /** Zero-based index of this page, after clamping to the pages that exist. */
  pageIndex: number;
  pageCount: number;
  /** Zero-based position of the first row in the whole list. */
  offset: number;
  total: number;
  filter: string;
  /** Every expired invitation of the whole selection (not just this page), for "Resend all expired". */
  expired?: Invitation[];
  /** What the list Vultr gave lacks (skipped rows, an early stop); absent when nothing. */
  gaps?: ListGaps;
  /** The group each row's acceptance will grant, looked up for this page's rows only. */
  groups?: RowGroups;
}

/**
 * Pending invitations whose invited e-mail contains `filter` (case-insensitive), soonest
 * expiration first; unknown expirations last, so the urgent ones are never hidden behind them.
 */
export function selectPending(invitations: readonly Invitation[], filter: string): readonly Invitation[] {
  let pending = sortedPending.get(invitations);
  if (pending === undefined) {
    pending = bySoonestExpiration(invitations.filter((inv) => inv.isPending));
    sortedPending.set(invitations, pending);
  }
  const needle = filter.trim().toLowerCase();
  return needle === '' ? pending : pending.filter((inv) => inv.emailInvited.toLowerCase().includes(needle));
}

/**
 * The sorted pending invitations of each loaded list. A cached list is the same array until it
 * is reloaded or changed, so page turns and filters over it sort nothing (filtering keeps the order).
 */
const sortedPending = new WeakMap<readonly Invitation[], readonly Invitation[]>();

/** The same order as `localeCompare`, without building a collator for every comparison. */
const emailOrder = new Intl.Collator();

const expiryKey = (inv: Invitation): number => (inv.expiresAt === null ? Number.POSITIVE_INFINITY : inv.expiresAt.getTime());

/** Then by id: a total order, so a list sorted once and changed row by row stays the list sorted afresh. */
const byId = (a: Invitation, b: Invitation): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Soonest expiration first, unknown last (two unknowns subtract to NaN: next key), then by e-mail, then id. */
const listOrder = (a: Invitation, b: Invitation): number =>
  expiryKey(a) - expiryKey(b) || emailOrder.compare(a.emailInvited, b.emailInvited) || byId(a, b);

/**
 * Sorted on numbers computed once per row (not dates compared per comparison): 10,000 rows sort
 * in a few milliseconds.
 */
function bySoonestExpiration(items: readonly Invitation[]): Invitation[] {
  const keyed = items.map((inv) => ({ inv, at: expiryKey(inv) }));
  keyed.sort((a, b) => a.at - b.at || emailOrder.compare(a.inv.emailInvited, b.inv.emailInvited) || byId(a.inv, b.inv));
  return keyed.map((k) => k.inv);
}

/**
 * `after` is `before` with invitation `id` now in `state` (null: gone): its sorted pending is
 * `before`'s with that one row moved, so a resend at 10,000 invitations sorts nothing.
 */
export function carrySortedPending(
  before: readonly Invitation[],
  after: readonly Invitation[],
  id: string,
  state: Invitation | null,
): void {
  const sorted = sortedPending.get(before);
  if (sorted === undefined) return;
  const moved = sorted.slice();
  const index = indexOfId(moved, id);
  if (index !== -1) moved.splice(index, 1);
  if (state?.isPending) moved.splice(insertionIndex(moved, state), 0, state);
  sortedPending.set(after, moved);
}

/** Where invitation `id` is in `rows`, or -1 (a plain loop: no callback per row). */
export function indexOfId(rows: readonly Invitation[], id: string): number {
  for (let index = 0; index < rows.length; index++) if ((rows[index] as Invitation).id === id) return index;
  return -1;
}

/** Where `row` goes in `sorted` (binary search, after its equals). */
function insertionIndex(sorted: readonly Invitation[], row: Invitation): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (listOrder(sorted[middle] as Invitation, row) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The expired ones of a selection from `selectPending`, for "Resend all expired": sorted soonest
 * first, they are its first rows, found by binary search rather than by reading all 10,000.
 */
export function expiredOf(sorted: readonly Invitation[], now: Date): Invitation[] {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (urgencyOf((sorted[middle] as Invitation).expiresAt, now) === 'expired') low = middle + 1;
    else high = middle;
  }
  return sorted.slice(0, low);
}

/** One page of an already selected list; a page index past the end shows the last page. */
export function pageOf(items: readonly Invitation[], pageIndex: number, filter: string, pageSize = ROWS_PER_PAGE): InvitationPage {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const index = Math.min(Math.max(0, Math.trunc(pageIndex)), pageCount - 1);
  const offset = index * pageSize;
  return { rows: items.slice(offset, offset + pageSize), pageIndex: index, pageCount, offset, total: items.length, filter };
}

/** One page of the pending list, as `/invites TEXT` and the paging buttons show it. */
export async function loadPendingPage(
  directory: InvitationDirectory,
  groupsOf: GroupsOfRows,
  filter: string,
  pageIndex: number,
  now: Date,
  options: ListOptions = {},
): Promise<InvitationPage> {
  const list = await directory.listInvitations(options);
  const selected = selectPending(list.invitations, filter);
  const gaps = gapsOf(list);
  const page = pageOf(selected, pageIndex, filter);
  return { ...page, expired: expiredOf(selected, now), ...(gaps ? { gaps } : {}), groups: await groupsOf(page.rows) };
}
