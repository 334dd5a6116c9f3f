import { diffSnapshot, markAnnounced, MAX_UNANNOUNCED, observe, snapshotOf, type WatchRecord } from '../../src/domain/watch';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import { decodeRecord, encodeRecord, SharedWatchState } from '../../src/domain/sharedWatchState';
import { InProcessWatchState } from '../../src/domain/watchState';
import { messageProblems } from '@vultr-invites/slack-emulator';
import { MAX_NEWS, renderWatchNews } from '../../src/views/watchNews';
import { buttonsOf, allMrkdwn } from './blockInspect';
import { days, fromNow, hours, invitation, NOW } from './fixtures';

const quiet = { announceNew: false };
const later = (ms: number) => fromNow(ms);

describe('watch diff', () => {
  const bob = invitation({ id: 'bob', emailInvited: 'bob@example.com', createdAt: fromNow(-days(2)), expiresAt: fromNow(days(1)) });
  const carol = invitation({ id: 'carol', emailInvited: 'carol@example.com', expiresAt: fromNow(hours(1)) });

  it('the first run only learns the state', () => {
    const record = observe(null, [bob, { ...carol, expiresAt: fromNow(-hours(1)) }], NOW, { announceNew: true });
    expect(record.unannounced).toEqual([]);
    expect(record.snapshot).toEqual({ bob: { accepted: false, expired: false }, carol: { accepted: false, expired: true } });
  });

  it('an invitation turned Accepted, or whose date_responded appeared, is accepted news once', () => {
    const before = snapshotOf([bob, carol], NOW);
    const accepted = { ...bob, statusLabel: 'Accepted', isPending: false };
    const responded = { ...carol, respondedAt: NOW };
    const events = diffSnapshot(before, [accepted, responded], NOW, quiet);
    expect(events.map((e) => [e.kind, e.invitationId])).toEqual([
      ['accepted', 'bob'],
      ['accepted', 'carol'],
    ]);
    expect(diffSnapshot(snapshotOf([accepted, responded], NOW), [accepted, responded], later(hours(1)), quiet)).toEqual([]);
  });

  it('a pending invitation whose expiration passed is expired news once, and again after a resend lets it expire again', () => {
    const before = snapshotOf([carol], NOW);
    const afterExpiry = later(hours(2));
    const [expired] = diffSnapshot(before, [carol], afterExpiry, quiet);
    expect(expired).toMatchObject({ kind: 'expired', invitationId: 'carol', expiresAt: carol.expiresAt?.getTime() });
    expect(diffSnapshot(snapshotOf([carol], afterExpiry), [carol], later(hours(3)), quiet)).toEqual([]);

    const resent = { ...carol, expiresAt: later(hours(4)) };
    const reExpired = diffSnapshot(snapshotOf([resent], later(hours(3))), [resent], later(hours(5)), quiet);
    expect(reExpired.map((e) => e.kind)).toEqual(['expired']);
    expect(reExpired[0]?.key).not.toBe(expired?.key);
  });

  it('a new invitation is news only with announceNew; one already accepted is accepted news; one that vanished is no news', () => {
    const dave = invitation({ id: 'dave', emailInvited: 'dave@example.com' });
    const before = snapshotOf([bob], NOW);
    expect(diffSnapshot(before, [bob, dave], NOW, quiet)).toEqual([]);
    expect(diffSnapshot(before, [bob, dave], NOW, { announceNew: true }).map((e) => e.kind)).toEqual(['new']);
    expect(diffSnapshot(before, [{ ...dave, statusLabel: 'Accepted', isPending: false }], NOW, quiet).map((e) => e.kind)).toEqual([
      'accepted',
    ]);
    expect(diffSnapshot(before, [], NOW, { announceNew: true })).toEqual([]);
  });

  it('unannounced news stays queued once per key until a post succeeds', () => {
    let record = observe(null, [bob, carol], NOW, quiet);
    const accepted = { ...bob, statusLabel: 'Accepted', isPending: false };
    record = observe(record, [accepted, carol], later(hours(2)), quiet); // the post of this run fails
    record = observe(record, [accepted, carol], later(hours(3)), quiet); // nothing new: still two queued
    expect(record.unannounced.map((e) => e.key)).toEqual(['accepted:bob', `expired:carol:${carol.expiresAt?.getTime()}`]);
    const done = markAnnounced(record);
    expect(done.unannounced).toEqual([]);
    expect(observe(done, [accepted, carol], later(hours(4)), quiet).unannounced).toEqual([]);
  });

  it('bounds the queue', () => {
    const many = Array.from({ length: MAX_UNANNOUNCED + 10 }, (_, i) => invitation({ id: `inv-${i}`, emailInvited: `u${i}@example.com` }));
    const record = observe(
      { snapshot: {}, unannounced: [] },
      many.map((inv) => ({ ...inv, respondedAt: NOW })),
      NOW,
      quiet,
    );
    expect(record.unannounced).toHaveLength(MAX_UNANNOUNCED);
  });
});

describe('InProcessWatchState', () => {
  it('keeps what a step returns and nothing from a step that throws', async () => {
    const state = new InProcessWatchState();
    const record: WatchRecord = { snapshot: { a: { accepted: false, expired: false } }, unannounced: [] };
    await state.update(() => Promise.resolve(record));
    await expect(state.update(() => Promise.reject(new Error('vultr down')))).rejects.toThrow('vultr down');
    expect(await state.read()).toBe(record);
  });
});

describe('SharedWatchState', () => {
  const record: WatchRecord = {
    snapshot: { a: { accepted: false, expired: false }, b: { accepted: true, expired: false }, c: { accepted: false, expired: true } },
    unannounced: [],
  };

  it('stores the record as ids by state and reads it back the same; anything else reads as "learn again"', () => {
    const text = encodeRecord(record);
    expect(JSON.parse(text)).toEqual({ v: 1, accepted: ['b'], expired: ['c'], other: ['a'], unannounced: [] });
    expect(decodeRecord(text)).toEqual(record);
    // What an earlier version stored (with its recent activity) still reads.
    expect(decodeRecord(JSON.stringify({ ...JSON.parse(text), recent: [] }))).toEqual(record);
    for (const bad of [null, 'not json', '{"v":2}', '{"v":1,"accepted":[]}']) expect(decodeRecord(bad)).toBeNull();
  });

  it('runs one step at a time: a step while another holds the lease is skipped, a throwing step stores nothing', async () => {
    const coordination = new InProcessCoordination();
    const [one, two] = [new SharedWatchState(coordination), new SharedWatchState(coordination)];
    let release!: () => void;
    const held = one.update(() => new Promise<WatchRecord>((resolve) => (release = () => resolve(record))));
    expect(await two.update(() => Promise.resolve({ ...record, unannounced: [] }))).toBe(false);
    release();
    expect(await held).toBe(true);
    await expect(two.update(() => Promise.reject(new Error('vultr down')))).rejects.toThrow('vultr down');
    expect(await two.read()).toEqual(record);
  });
});

describe('watch announcement', () => {
  const event = (n: number, kind: 'accepted' | 'expired' | 'new') => {
    const inv = invitation({
      id: `inv-${n}`,
      emailInvited: `user${n}@example.com`,
      createdAt: fromNow(-days(2)),
      expiresAt: fromNow(-hours(1)),
    });
    const diffed = diffSnapshot(
      { [inv.id]: { accepted: false, expired: false } },
      [kind === 'accepted' ? { ...inv, respondedAt: NOW } : inv],
      NOW,
      quiet,
    );
    return kind === 'new' ? { ...diffed[0]!, kind, key: `new:${inv.id}` } : diffed.find((e) => e.kind === kind)!;
  };

  it('words each kind as the team reads it, with Resend on expired rows', () => {
    const message = renderWatchNews([event(1, 'accepted'), event(2, 'expired'), event(3, 'new')]);
    const text = allMrkdwn(message);
    expect(text).toMatch(
      /:white_check_mark: \*user1@example.com\* accepted the invitation \(invited by Dana Admin on <!date\^\d+\^\{date_short\}\|2026-04-08>, after 2 days\)/,
    );
    expect(text).toMatch(
      /:hourglass: The invitation to \*user2@example.com\* expired \(sent <!date\^\d+\^\{date_short\}\|2026-04-08> by Dana Admin\)/,
    );
    expect(text).toContain(':incoming_envelope: *user3@example.com* was invited by Dana Admin');
    expect(buttonsOf(message).map((b) => b.action_id)).toEqual(['watch_resend']);
    expect(message.text).toBe('3 invitation updates');
  });

  it(`groups up to ${MAX_NEWS} events, counts the rest, offers Resend all, and stays within Slack's limits`, () => {
    const events = Array.from({ length: MAX_NEWS + 7 }, (_, i) => event(i, 'expired'));
    const message = renderWatchNews(events);
    expect(allMrkdwn(message)).toContain('…and 7 more');
    expect(buttonsOf(message).filter((b) => b.action_id === 'watch_resend')).toHaveLength(MAX_NEWS);
    expect(buttonsOf(message).find((b) => b.action_id === 'watch_resend_all')?.text.text).toBe(`Resend all ${MAX_NEWS} expired`);
    expect(messageProblems(message)).toEqual([]);
  });

  it('escapes addresses and names', () => {
    const hostile = { ...event(1, 'accepted'), email: '<!channel>@example.com', inviterName: '<@U999>' };
    expect(allMrkdwn(renderWatchNews([hostile]))).not.toMatch(/<!channel>|<@U999>/);
  });
});
