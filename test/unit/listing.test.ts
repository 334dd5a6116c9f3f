import { withChange } from '../../src/domain/keptList';
import { expiredOf, pageOf, ROWS_PER_PAGE, selectPending } from '../../src/domain/listing';
import type { Invitation, InvitationList } from '../../src/vultr/invitation';
import { SOON_WITHIN_HOURS, urgencyOf } from '../../src/domain/urgency';
import { days, fromNow, hours, invitation, manyInvitations, NOW } from './fixtures';

describe('selectPending', () => {
  const pendingSoon = invitation({ id: 'soon', emailInvited: 'soon@example.com', expiresAt: fromNow(hours(2)) });
  const pendingLater = invitation({ id: 'later', emailInvited: 'later@other.org', expiresAt: fromNow(days(2)) });
  const pendingExpired = invitation({ id: 'expired', emailInvited: 'old@example.com', expiresAt: fromNow(-days(1)) });
  const pendingUnknown = invitation({ id: 'unknown', emailInvited: 'nodate@example.com', expiresAt: null });
  const accepted = invitation({ id: 'accepted', emailInvited: 'joined@example.com', isPending: false, statusLabel: 'Accepted' });
  const all = [pendingUnknown, accepted, pendingLater, pendingSoon, pendingExpired];

  it('keeps pending invitations only', () => {
    const ids = selectPending(all, '').map((i) => i.id);
    expect(ids).not.toContain('accepted');
    expect(ids).toHaveLength(4);
  });

  it('sorts soonest expiration first (expired before soon before later) and unknown expiry last', () => {
    expect(selectPending(all, '').map((i) => i.id)).toEqual(['expired', 'soon', 'later', 'unknown']);
  });

  it('puts every unknown expiry after every known one, whatever the input order', () => {
    const mixed = [
      invitation({ id: 'u1', emailInvited: 'b@x.io', expiresAt: null }),
      invitation({ id: 'k1', emailInvited: 'z@x.io', expiresAt: fromNow(days(300)) }),
      invitation({ id: 'u2', emailInvited: 'a@x.io', expiresAt: null }),
      invitation({ id: 'k2', emailInvited: 'y@x.io', expiresAt: fromNow(-days(300)) }),
    ];
    expect(selectPending(mixed, '').map((i) => i.id)).toEqual(['k2', 'k1', 'u2', 'u1']);
    expect(selectPending([...mixed].reverse(), '').map((i) => i.id)).toEqual(['k2', 'k1', 'u2', 'u1']);
  });

  it('breaks ties on the same expiration by e-mail', () => {
    const same = fromNow(days(1));
    const rows = [
      invitation({ id: 'c', emailInvited: 'carol@example.com', expiresAt: same }),
      invitation({ id: 'a', emailInvited: 'alice@example.com', expiresAt: new Date(same) }),
      invitation({ id: 'b', emailInvited: 'bob@example.com', expiresAt: new Date(same) }),
    ];
    expect(selectPending(rows, '').map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('filters on the invited e-mail, case-insensitively and trimmed', () => {
    expect(selectPending(all, 'EXAMPLE.COM').map((i) => i.id)).toEqual(['expired', 'soon', 'unknown']);
    expect(selectPending(all, '  @Other.org ').map((i) => i.id)).toEqual(['later']);
    expect(selectPending(all, 'SOON').map((i) => i.id)).toEqual(['soon']);
  });

  it('matches e-mails that arrive in mixed case', () => {
    const rows = [
      invitation({ id: 'mixed', emailInvited: 'Bob.Smith@Example.COM' }),
      invitation({ id: 'other', emailInvited: 'eve@else.net' }),
    ];
    expect(selectPending(rows, 'bob.smith@example.com').map((i) => i.id)).toEqual(['mixed']);
    expect(selectPending(rows, 'EXAMPLE.com').map((i) => i.id)).toEqual(['mixed']);
  });

  it('never lets the filter bring back a non-pending invitation', () => {
    expect(selectPending(all, 'joined')).toEqual([]);
  });

  it('does not filter on the inviter', () => {
    expect(selectPending(all, 'dana')).toEqual([]);
  });

  it('treats the filter as text, not a pattern', () => {
    const rows = [invitation({ id: 'x', emailInvited: 'a.b@example.com' }), invitation({ id: 'y', emailInvited: 'axb@example.com' })];
    expect(selectPending(rows, 'a.b').map((i) => i.id)).toEqual(['x']);
    expect(selectPending(rows, '.*')).toEqual([]);
  });

  it('returns an empty list for no input and does not mutate its input', () => {
    expect(selectPending([], '')).toEqual([]);
    const input = [...all];
    selectPending(input, '');
    expect(input).toEqual(all);
  });
});

describe('pageOf', () => {
  it('uses 15 rows per page by default', () => {
    expect(ROWS_PER_PAGE).toBe(15);
  });

  it.each([
    [0, 1],
    [1, 1],
    [15, 1],
    [16, 2],
    [30, 2],
    [31, 3],
    [260, 18],
  ])('has the right page count for %i items', (count, pageCount) => {
    expect(pageOf(manyInvitations(count), 0, '').pageCount).toBe(pageCount);
  });

  it('returns the rows, offset and total of a page', () => {
    const items = manyInvitations(260);
    const page = pageOf(items, 3, 'x');
    expect(page.pageIndex).toBe(3);
    expect(page.offset).toBe(45);
    expect(page.total).toBe(260);
    expect(page.filter).toBe('x');
    expect(page.rows).toEqual(items.slice(45, 60));
  });

  it('has a short last page', () => {
    const items = manyInvitations(260);
    const last = pageOf(items, 17, '');
    expect(last.offset).toBe(255);
    expect(last.rows).toEqual(items.slice(255));
    expect(last.rows).toHaveLength(5);
  });

  it('covers every item exactly once across the pages', () => {
    const items = manyInvitations(260);
    const { pageCount } = pageOf(items, 0, '');
    const seen = Array.from({ length: pageCount }, (_, p) => pageOf(items, p, '').rows).flat();
    expect(seen).toEqual(items);
  });

  it('shows an empty first page for no items', () => {
    expect(pageOf([], 0, '')).toEqual({ rows: [], pageIndex: 0, pageCount: 1, offset: 0, total: 0, filter: '' });
    expect(pageOf([], 5, '').pageIndex).toBe(0);
  });

  it('clamps an index past the end to the last page', () => {
    const page = pageOf(manyInvitations(16), 99, '');
    expect(page.pageIndex).toBe(1);
    expect(page.offset).toBe(15);
    expect(page.rows).toHaveLength(1);
  });

  it('clamps a negative index to the first page and truncates a fractional one', () => {
    expect(pageOf(manyInvitations(40), -3, '').pageIndex).toBe(0);
    expect(pageOf(manyInvitations(40), 1.9, '').pageIndex).toBe(1);
    expect(pageOf(manyInvitations(40), Number.POSITIVE_INFINITY, '').pageIndex).toBe(2);
  });

  it('honours a custom page size', () => {
    const page = pageOf(manyInvitations(10), 1, '', 4);
    expect(page.pageCount).toBe(3);
    expect(page.offset).toBe(4);
    expect(page.rows.map((r) => r.id)).toEqual(['inv-0004', 'inv-0005', 'inv-0006', 'inv-0007']);
  });
});

describe('urgencyOf', () => {
  it('is unknown without an expiration', () => {
    expect(urgencyOf(null, NOW)).toBe('unknown');
  });

  it('is expired in the past and exactly now', () => {
    expect(urgencyOf(fromNow(-days(2)), NOW)).toBe('expired');
    expect(urgencyOf(fromNow(-1), NOW)).toBe('expired');
    expect(urgencyOf(new Date(NOW), NOW)).toBe('expired');
  });

  it('is soon within the next 24 hours', () => {
    expect(SOON_WITHIN_HOURS).toBe(24);
    expect(urgencyOf(fromNow(1), NOW)).toBe('soon');
    expect(urgencyOf(fromNow(hours(5)), NOW)).toBe('soon');
    expect(urgencyOf(fromNow(hours(24) - 1), NOW)).toBe('soon');
  });

  it('is fine from 24 hours on', () => {
    expect(urgencyOf(fromNow(hours(24)), NOW)).toBe('fine');
    expect(urgencyOf(fromNow(days(3)), NOW)).toBe('fine');
  });

  it('depends on the injected now, not the clock', () => {
    const expiry = new Date('2030-01-02T00:00:00Z');
    expect(urgencyOf(expiry, new Date('2030-01-01T12:00:00Z'))).toBe('soon');
    expect(urgencyOf(expiry, new Date('2029-12-25T00:00:00Z'))).toBe('fine');
    expect(urgencyOf(expiry, new Date('2030-01-03T00:00:00Z'))).toBe('expired');
  });
});

describe('a changed row in a sorted list (withChange carries the order instead of sorting again)', () => {
  /** A deterministic sequence, so a failure repeats. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
  }

  it('gives the same order as sorting the changed list from scratch, for resends, acceptances, removals and unknown dates', () => {
    const next = random(7);
    const expiry = () => (next() < 0.1 ? null : fromNow(Math.round((next() - 0.3) * 10) * hours(1)));
    let list: InvitationList = {
      invitations: Array.from({ length: 300 }, (_, n) =>
        invitation({ id: `id-${n}`, emailInvited: `p${Math.floor(next() * 50)}@example.com`, expiresAt: expiry() }),
      ),
      skipped: 0,
      complete: true,
    };
    selectPending(list.invitations, '');
    for (let step = 0; step < 200; step++) {
      const target = list.invitations[Math.floor(next() * list.invitations.length)] as Invitation;
      const roll = next();
      const state =
        roll < 0.1 ? null : { ...target, expiresAt: expiry(), ...(roll < 0.2 ? { isPending: false, statusLabel: 'Accepted' } : {}) };
      const changed = withChange(list, target.id, state);
      const carried = selectPending(changed.invitations, '');
      // A copy of the array is a list never seen before: sorted from scratch.
      const sorted = selectPending([...changed.invitations], '');
      expect(carried.map((inv) => inv.id)).toEqual(sorted.map((inv) => inv.id));
      list = changed;
    }
  });

  it('leaves the list it was derived from as it was', () => {
    const [a, b] = [invitation({ id: 'a', expiresAt: fromNow(hours(1)) }), invitation({ id: 'b', expiresAt: fromNow(hours(2)) })];
    const before: InvitationList = { invitations: [a, b], skipped: 0, complete: true };
    const sortedBefore = [...selectPending(before.invitations, '')];
    const after = withChange(before, 'a', { ...a, expiresAt: fromNow(hours(3)) });
    expect(selectPending(after.invitations, '').map((inv) => inv.id)).toEqual(['b', 'a']);
    expect(selectPending(before.invitations, '')).toEqual(sortedBefore);
  });
});

describe('expiredOf', () => {
  it('finds in a sorted selection exactly the rows whose expiration has come (the very millisecond included)', () => {
    const rows = [-3, -1, 0, 1, 5].map((h, n) =>
      invitation({ id: `e${n}`, emailInvited: `e${n}@example.com`, expiresAt: fromNow(hours(h)) }),
    );
    const sorted = selectPending([...rows, invitation({ id: 'none', expiresAt: null })], '');
    expect(expiredOf(sorted, NOW).map((inv) => inv.id)).toEqual(['e0', 'e1', 'e2']);
    expect(expiredOf([], NOW)).toEqual([]);
    expect(expiredOf(sorted, new Date(NOW.getTime() - 10 * 3600_000))).toEqual([]);
  });
});
