import type { InvitationDirectory, ListOptions } from '../../src/domain/directory';
import { KeptInProcess } from '../../src/domain/keptList';
import { ListCache } from '../../src/domain/listCache';
import { selectPending } from '../../src/domain/listing';
import { VultrError } from '../../src/vultr/errors';
import type { Invitation, InvitationList } from '../../src/vultr/invitation';
import { days, fromNow, invitation, manyInvitations } from './fixtures';

/** A directory whose walks the test finishes by hand, counting them. */
class ManualDirectory implements InvitationDirectory {
  walks: Array<(list: Invitation[]) => void> = [];
  listInvitations(): Promise<InvitationList> {
    return new Promise((resolve) => this.walks.push((invitations) => resolve({ invitations, skipped: 0, complete: true })));
  }
}

/** Lets loads that were asked for reach the directory (a kept list is looked up first). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The rows a load of the cache brings. */
const rowsOf = (cache: ListCache, options?: ListOptions): Promise<Invitation[]> =>
  cache.listInvitations(options).then((list) => list.invitations);

describe('ListCache', () => {
  const rows = manyInvitations(3);
  let clock = 0;
  const cacheOver = (inner: InvitationDirectory, ttlMs = 30_000) =>
    new ListCache(inner, ttlMs > 0 ? new KeptInProcess(ttlMs, () => clock) : undefined);

  beforeEach(() => {
    clock = 0;
  });

  it('joins loads to the walk in flight, fresh ones too, and serves the kept list until the lifetime ends', async () => {
    const inner = new ManualDirectory();
    const cache = cacheOver(inner);
    const loads = [rowsOf(cache), rowsOf(cache, { fresh: true }), rowsOf(cache)];
    await settle();
    expect(inner.walks).toHaveLength(1);
    await settle();
    inner.walks[0]!(rows);
    expect(await Promise.all(loads)).toEqual([rows, rows, rows]);

    clock = 29_999;
    await expect(rowsOf(cache)).resolves.toBe(rows);
    const fresh = rowsOf(cache, { fresh: true });
    await settle();
    expect(inner.walks).toHaveLength(2);
    await settle();
    inner.walks[1]!(rows);
    await fresh;
    clock = 29_999 + 30_000;
    void rowsOf(cache);
    await settle();
    expect(inner.walks).toHaveLength(3);
  });

  it('applies a resend learned while a walk was in flight to what that walk brings back', async () => {
    const inner = new ManualDirectory();
    const cache = cacheOver(inner);
    const load = rowsOf(cache);
    await settle(); // the walk is under way
    const renewed = { ...rows[0]!, expiresAt: fromNow(days(3)) };
    await cache.learn(renewed.id, { kind: 'resent', invitation: renewed });
    await cache.learn(rows[1]!.id, { kind: 'gone' });
    await settle();
    inner.walks[0]!(rows); // pages read before the resend: the old expiration
    const loaded = await load;
    expect(loaded.map((inv) => inv.id)).toEqual([rows[0]!.id, rows[2]!.id]);
    expect(loaded[0]!.expiresAt).toEqual(renewed.expiresAt);
    await expect(rowsOf(cache)).resolves.toBe(loaded);
  });

  it('drops the kept list when a resend happened but its new expiration is unknown, and does not join an older walk', async () => {
    const inner = new ManualDirectory();
    const cache = cacheOver(inner);
    const first = rowsOf(cache);
    await settle();
    inner.walks[0]!(rows);
    await first;
    const inFlight = rowsOf(cache, { fresh: true });
    await cache.learn(rows[0]!.id, { kind: 'resent', invitation: { ...rows[0]!, expiresAt: null } });
    void rowsOf(cache);
    await settle();
    expect(inner.walks).toHaveLength(3);
    await settle();
    inner.walks[1]!(rows);
    await inFlight;
    const after = rowsOf(cache);
    await settle();
    expect(inner.walks).toHaveLength(3); // still the third walk, not the older one's result
    await settle();
    inner.walks[2]!(rows);
    await expect(after).resolves.toBe(rows);
  });

  it('learns nothing from a failure that sent nothing, and forgets the list after one that may have sent', async () => {
    const inner = new ManualDirectory();
    const cache = cacheOver(inner);
    const first = rowsOf(cache);
    await settle();
    inner.walks[0]!(rows);
    const kept = await first;
    const error = new VultrError('timeout', 'timed out');
    await cache.learn(rows[0]!.id, { kind: 'failed', error, mayHaveSent: false });
    await expect(rowsOf(cache)).resolves.toBe(kept);
    await cache.learn(rows[0]!.id, { kind: 'failed', error, mayHaveSent: true });
    void rowsOf(cache);
    await settle();
    expect(inner.walks).toHaveLength(2);
  });

  it('with a lifetime of 0 walks on every load', async () => {
    const inner = new ManualDirectory();
    const cache = cacheOver(inner, 0);
    void rowsOf(cache);
    void rowsOf(cache);
    await settle();
    expect(inner.walks).toHaveLength(2);
  });

  it('sorts a kept list once: a later page or filter over the same list reuses the order', () => {
    const list = [invitation({ id: 'b', expiresAt: fromNow(days(2)) }), invitation({ id: 'a', expiresAt: fromNow(days(1)) })];
    const sorted = selectPending(list, '');
    expect(sorted.map((inv) => inv.id)).toEqual(['a', 'b']);
    expect(selectPending(list, '')).toBe(sorted);
  });
});
