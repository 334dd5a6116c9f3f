import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import type { AuditRecord } from '../../src/coordination/auditLog';
import { openSqliteStore } from '../../src/coordination/sqlite';
import { ACTION_HISTORY_OLDER, decodeHistoryValue } from '../../src/views/actionPayloads';
import { ACTION_DENY, CALLBACK_REQUEST } from '../../src/views/accessRequest';
import { CALLBACK_INVITE } from '../../src/views/inviteModal';
import { ADMIN, MEMBER, messageText, resendButtons, startHarness, type Harness } from '../support/harness';

const NOTIFY = 'C0NOTIFY01';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

type Body = { text?: string; blocks?: Array<Record<string, unknown>>; response_type?: string; replace_original?: boolean };

/** The Older button of a history message, when it has one. */
function olderButton(body: Body): { action_id: string; value: string } | undefined {
  const nav = body.blocks?.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> } | undefined;
  return nav?.elements.find((e) => e.action_id === ACTION_HISTORY_OLDER);
}

/** The addresses a history message shows, in order (they are all `…@example.com` in bold). */
const addressesIn = (body: Body): string[] => [...messageText(body).matchAll(/\*([a-z0-9.+-]+@example\.com)\*/g)].map((m) => m[1] ?? '');

describe('/invites history (real Bolt app over HTTP, fake Vultr and Slack on loopback)', () => {
  let h: Harness;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A data directory whose store already holds `records`, for the bot to start on. */
  async function seededDataDir(records: AuditRecord[]): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'invites-history-'));
    dirs.push(dir);
    const store = openSqliteStore(dir);
    for (const record of records) await store.audit.append(record);
    await store.close();
    return dir;
  }

  const historyOf = async (text: string, user = ADMIN): Promise<Body> => {
    const { responseId } = await h.command(text, user);
    const [post] = await h.slack.waitForPosts(responseId);
    return post!.body;
  };

  it('records a resend, a creation, an access request and its decision, and shows them newest first, ephemerally, with Vultr’s acceptances', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    h.slack.users.set(MEMBER, { is_admin: false, profile: { email: 'member@example.com' } });
    const now = Date.now();
    h.vultr.add(
      pendingInvitation(1, new Date(now - HOUR), { email_invited: 'carol@example.com' }),
      pendingInvitation(2, new Date(now + 40 * HOUR), {
        email_invited: 'erin@example.com',
        invite_status: 'Accepted',
        date_responded: new Date(now - 2 * DAY).toISOString(),
      }),
    );

    const list = await h.command('');
    const [listed] = await h.slack.waitForPosts(list.responseId);
    const [resend] = resendButtons(listed!.body);
    await h.click('invites_resend', resend!.value);
    await h.slack.waitFor(() => h.logs.find((l) => l.action === 'resend' && l.outcome === 'resent'));

    await h.command('new bob@example.com');
    const modal = await h.slack.waitFor(() => [...h.slack.modals.values()].at(-1));
    await h.submit(modal.id, CALLBACK_INVITE, { email: 'bob@example.com', api: [] });
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'invite' && l.outcome === 'created'));

    await h.command('request', MEMBER);
    const form = await h.slack.waitFor(() => [...h.slack.modals.values()].find((m) => m.view.callback_id === CALLBACK_REQUEST));
    await h.submit(form.id, CALLBACK_REQUEST, { email: 'member@example.com', api: [], reason: 'on call' }, MEMBER);
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'request' && l.outcome === 'requested'));
    const card = await h.slack.waitFor(() => h.slack.messages.find((m) => m.channel === NOTIFY && m.text.startsWith('Access request')));
    const deny = (card.blocks as Body['blocks'])!
      .flatMap((b) => (b.elements ?? []) as Array<{ action_id: string; value: string }>)
      .find((e) => e.action_id === ACTION_DENY)!;
    await h.click(ACTION_DENY, deny.value, ADMIN, { channelId: NOTIFY, messageTs: card.ts });
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'decision' && l.outcome === 'denied'));

    const shown = await historyOf('history');
    expect(shown.response_type).toBe('ephemeral');
    expect(addressesIn(shown)).toEqual([
      'member@example.com',
      'member@example.com',
      'bob@example.com',
      'carol@example.com',
      'erin@example.com',
    ]);
    const text = messageText(shown);
    expect(text).toContain(`<@${ADMIN}> denied the request for *member@example.com* _(requested by <@${MEMBER}>)_`);
    expect(text).toContain(`<@${MEMBER}> asked for an invitation for *member@example.com*`);
    expect(text).toContain(`<@${ADMIN}> invited *bob@example.com*`);
    expect(text).toContain(`<@${ADMIN}> resent the invitation to *carol@example.com*`);
    expect(text).toContain('*erin@example.com* accepted the invitation (as Vultr lists it)');
    // Opening modals, listing and this very command are not history: nothing else is shown.
    expect(text).not.toContain(':memo:');
    expect(olderButton(shown)).toBeUndefined();

    const filtered = await historyOf('history BOB');
    expect(addressesIn(filtered)).toEqual(['bob@example.com']);
    expect(messageText(filtered)).toContain('History matching “BOB”');
    const byAction = await historyOf('history resend');
    expect(addressesIn(byAction)).toEqual(['carol@example.com']);
  });

  it('refuses a person who may not use the bot, without showing a single address', async () => {
    h = await startHarness();
    h.vultr.add(pendingInvitation(1, new Date(Date.now() + 40 * HOUR), { email_invited: 'carol@example.com' }));
    const list = await h.command('');
    const [listed] = await h.slack.waitForPosts(list.responseId);
    await h.click('invites_resend', resendButtons(listed!.body)[0]!.value);
    await h.slack.waitFor(() => h.logs.find((l) => l.action === 'resend' && l.outcome === 'resent'));

    const refused = await historyOf('history', MEMBER);
    expect(refused.response_type).toBe('ephemeral');
    expect(messageText(refused)).toContain('You are not allowed');
    expect(messageText(refused)).not.toContain('carol@example.com');
    // Logged once the reply is delivered, a moment after the local Slack has it.
    const logged = await h.slack.waitFor(() => h.logs.find((l) => l.action === 'history' && l.user === MEMBER));
    expect(logged.outcome).toBe('not_allowed');
  });

  it('pages with Older, twenty at a time, without skipping or repeating a record, and keeps the filter', async () => {
    const now = Date.now();
    const records = Array.from({ length: 45 }, (_, n): AuditRecord => ({
      at: now - (45 - n) * HOUR,
      actor: ADMIN,
      action: 'resend',
      address: `user${n}@example.com`,
      outcome: 'sent',
    }));
    h = await startHarness({ env: { INVITES_DATA_DIR: await seededDataDir(records) } });

    const seen: string[] = [];
    const sizes: number[] = [];
    let page = await historyOf('history');
    for (;;) {
      seen.push(...addressesIn(page));
      sizes.push(addressesIn(page).length);
      const older = olderButton(page);
      if (!older) break;
      expect(decodeHistoryValue(older.value)?.q).toBe('');
      const click = await h.click(older.action_id, older.value);
      const [next] = await h.slack.waitForPosts(click.responseId);
      expect(next!.body.replace_original).toBe(true);
      page = next!.body;
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(seen).toEqual(records.map((r) => r.address).reverse());

    const filtered = await historyOf('history user1');
    const older = olderButton(filtered);
    // user1 and user10–user19: eleven, so one page and no Older.
    expect(addressesIn(filtered)).toEqual([
      'user19@example.com',
      ...Array.from({ length: 9 }, (_, i) => `user1${8 - i}@example.com`),
      'user1@example.com',
    ]);
    expect(older).toBeUndefined();
  });

  it('prunes records older than INVITES_HISTORY_DAYS on start and then on every run, by the injected clock', async () => {
    let clock = Date.parse('2026-11-20T12:00:00Z');
    const dir = await seededDataDir([
      { at: clock - 31 * DAY, actor: ADMIN, action: 'resend', address: 'old@example.com', outcome: 'sent' },
      { at: clock - 29 * DAY, actor: ADMIN, action: 'resend', address: 'young@example.com', outcome: 'sent' },
    ]);
    h = await startHarness({
      env: { INVITES_DATA_DIR: dir, INVITES_HISTORY_DAYS: '30' },
      now: () => new Date(clock),
      app: { pruneIntervalMs: 50 },
    });
    await h.slack.waitFor(() => h.logs.find((l) => l.msg === 'history pruned' && l.removed === 1));
    expect(addressesIn(await historyOf('history'))).toEqual(['young@example.com']);

    clock += 2 * DAY;
    await h.slack.waitFor(() => h.logs.filter((l) => l.msg === 'history pruned' && l.removed === 1).length === 2);
    expect(messageText(await historyOf('history'))).toContain('Nothing recorded yet.');
  });
});
