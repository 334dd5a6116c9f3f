import type { AuditLog, AuditRecord } from '../../src/coordination/auditLog';
import { StoreUnavailableError } from '../../src/coordination/coordination';
import { InProcessCoordination } from '../../src/coordination/inProcess';
import type { InvitationDirectory } from '../../src/domain/directory';
import { History, loadHistoryPage, MAX_ACCEPTED_PER_PAGE, HISTORY_PAGE_SIZE, type HistoryPage } from '../../src/domain/history';
import { pruneOnce } from '../../src/jobs/history/prune';
import { historyRecordsOf } from '../../src/platform/historyRecords';
import { Logger } from '../../src/util/log';
import { decodeHistoryValue } from '../../src/views/actionPayloads';
import { LIMITS } from '../../src/views/blocks';
import { historyLine, recentActivity, renderHistory, renderHistoryFailure } from '../../src/views/history';
import { VultrError } from '../../src/vultr/errors';
import { days, hours, invitation, NOW } from './fixtures';

const AT = NOW.getTime();
const ADMIN = 'U0ADMIN01';

function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { logger: new Logger('debug', [], (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), lines };
}

const directoryOf = (accepted: Array<{ email: string; at: number }>): InvitationDirectory => ({
  listInvitations: () =>
    Promise.resolve({
      invitations: accepted.map(({ email, at }, n) =>
        invitation({ id: `inv-${n}`, emailInvited: email, statusLabel: 'Accepted', isPending: false, respondedAt: new Date(at) }),
      ),
      skipped: 0,
      complete: true,
    }),
});

describe('historyRecordsOf: which audit lines are history', () => {
  const fields = (action: string, outcome: string, extra: Record<string, unknown> = {}) => ({ user: ADMIN, action, outcome, ...extra });

  it('a resend that resent is one `sent` record per address, on every surface', () => {
    expect(
      historyRecordsOf('action', fields('resend', 'resent', { invitation_ids: ['i1'], resent_emails: ['bob@example.com'] }), AT),
    ).toEqual([{ at: AT, actor: ADMIN, action: 'resend', address: 'bob@example.com', outcome: 'sent' }]);
    const batch = historyRecordsOf('home', fields('resend_all', 'resent:2', { resent_emails: ['a@example.com', 'b@example.com'] }), AT);
    expect(batch.map((r) => [r.action, r.address, r.outcome])).toEqual([
      ['resend', 'a@example.com', 'sent'],
      ['resend', 'b@example.com', 'sent'],
    ]);
  });

  it('a resend that did not (all) happen keeps its outcome, naming the invitations by id', () => {
    const mixed = historyRecordsOf(
      'action',
      fields('digest_resend_all', 'resent:1,failed:1', { invitation_ids: ['i1', 'i2'], resent_emails: ['a@example.com'] }),
      AT,
    );
    expect(mixed).toEqual([
      { at: AT, actor: ADMIN, action: 'resend', address: 'a@example.com', outcome: 'sent' },
      { at: AT, actor: ADMIN, action: 'resend', outcome: 'resent:1,failed:1', detail: '2 invitations' },
    ]);
    expect(
      historyRecordsOf('action', fields('watch_resend', 'recently_resent', { invitation_ids: ['i9'], resent_emails: [] }), AT),
    ).toEqual([{ at: AT, actor: ADMIN, action: 'resend', outcome: 'recently_resent', detail: 'invitation i9' }]);
    expect(historyRecordsOf('action', fields('resend', 'not_allowed'), AT)).toEqual([
      { at: AT, actor: ADMIN, action: 'resend', outcome: 'not_allowed' },
    ]);
  });

  it('creations, requests and decisions are one record each, with the address and a detail', () => {
    expect(historyRecordsOf('invite', fields('submit', 'created', { email: 'bob@example.com', invitation_id: 'i1' }), AT)).toEqual([
      { at: AT, actor: ADMIN, action: 'create', address: 'bob@example.com', outcome: 'created', detail: 'invitation i1' },
    ]);
    expect(historyRecordsOf('invite', fields('submit', 'vultr_timeout', { email: 'bob@example.com' }), AT)[0]?.outcome).toBe(
      'vultr_timeout',
    );
    expect(historyRecordsOf('request', fields('submit', 'pending_exists', { email: 'm@example.com', invitation_id: 'i2' }), AT)).toEqual([
      { at: AT, actor: ADMIN, action: 'request', address: 'm@example.com', outcome: 'pending_exists', detail: 'invitation i2' },
    ]);
    expect(historyRecordsOf('decision', fields('approve', 'approved', { email: 'm@example.com', requester: 'U0MEMBER1' }), AT)).toEqual([
      { at: AT, actor: ADMIN, action: 'approve', address: 'm@example.com', outcome: 'approved', detail: 'requested by U0MEMBER1' },
    ]);
    expect(historyRecordsOf('decision', fields('deny', 'not_an_approver'), AT)).toEqual([
      { at: AT, actor: ADMIN, action: 'deny', outcome: 'not_an_approver' },
    ]);
    // A refused decision names the card it was tried on (its record holds the address).
    const card = '0b5e1c2d-0000-4000-8000-000000000001';
    expect(historyRecordsOf('decision', fields('approve', 'card_mismatch', { card }), AT)).toEqual([
      { at: AT, actor: ADMIN, action: 'approve', outcome: 'card_mismatch', detail: `card ${card}` },
    ]);
  });

  it.each([
    ['a list', 'command', 'list', 'ok'],
    ['the history itself', 'command', 'history', 'ok'],
    ['help', 'command', 'help', 'ok'],
    ['a page turn', 'action', 'page', 'ok'],
    ['the Home opened', 'home', 'open', 'ok'],
    ['a modal opened', 'invite', 'open', 'opened'],
    ['a request form opened', 'request', 'open', 'opened'],
    ['a forged button', 'action', 'resend', 'bad_request'],
    ['a field error', 'invite', 'submit', 'bad_input'],
    ['Slack sending a submission again', 'invite', 'submit', 'duplicate_submission'],
    ['an unreadable card', 'decision', 'approve', 'bad_request'],
  ] as const)('%s is not history', (_what, event, action, outcome) => {
    expect(historyRecordsOf(event, fields(action, outcome, { email: 'x@example.com' }), AT)).toEqual([]);
  });
});

describe('History', () => {
  it('an append the store refuses costs one warn line and never rejects', async () => {
    const { logger, lines } = capturingLogger();
    const refusing: AuditLog = {
      append: () => Promise.reject(new StoreUnavailableError('redis down')),
      page: () => Promise.reject(new StoreUnavailableError('redis down')),
      prune: () => Promise.reject(new StoreUnavailableError('redis down')),
    };
    const history = new History(refusing, logger);
    const record: AuditRecord = { at: AT, actor: ADMIN, action: 'resend', outcome: 'sent' };
    await expect(history.record([record, record])).resolves.toBeUndefined();
    expect(lines.filter((l) => l.msg === 'history not recorded')).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', action: 'resend' });
    await expect(history.recent(8)).resolves.toBeNull();
  });
});

describe('loadHistoryPage', () => {
  async function logWith(records: AuditRecord[]): Promise<AuditLog> {
    const store = new InProcessCoordination(() => AT);
    for (const record of records) await store.audit.append(record);
    return store.audit;
  }
  const since = AT - days(90);

  it('merges Vultr’s acceptances of the page’s period, newest first, without repeating one the watcher recorded', async () => {
    const log = await logWith([
      { at: AT - hours(30), actor: 'bot', action: 'accepted', address: 'Erin@example.com', outcome: 'accepted' },
      { at: AT - hours(10), actor: ADMIN, action: 'resend', address: 'bob@example.com', outcome: 'sent' },
    ]);
    const directory = directoryOf([
      { email: 'erin@example.com', at: AT - hours(31) },
      { email: 'carol@example.com', at: AT - hours(20) },
      { email: 'ancient@example.com', at: AT - days(100) },
    ]);
    const page = await loadHistoryPage(log, directory, { filter: '', since });
    expect(page.entries.map((e) => [e.actor, e.address])).toEqual([
      [ADMIN, 'bob@example.com'],
      ['vultr', 'carol@example.com'],
      ['bot', 'Erin@example.com'],
    ]);
    expect(page.older).toBeUndefined();
  });

  it('splits Vultr’s acceptances between pages by period, each once', async () => {
    const records = Array.from({ length: HISTORY_PAGE_SIZE + 5 }, (_, n) => ({
      at: AT - hours(HISTORY_PAGE_SIZE + 5 - n),
      actor: ADMIN,
      action: 'resend',
      address: `user${n}@example.com`,
      outcome: 'sent',
    }));
    const log = await logWith(records);
    // One acceptance in the newest page's period, one in the oldest's.
    const directory = directoryOf([
      { email: 'new@example.com', at: AT - hours(1) - 1 },
      { email: 'old@example.com', at: AT - hours(24) - 1 },
    ]);
    const first = await loadHistoryPage(log, directory, { filter: '', since });
    const second = await loadHistoryPage(log, directory, { filter: '', since, cursor: first.older! });
    const vultr = (page: HistoryPage) => page.entries.filter((e) => e.actor === 'vultr').map((e) => e.address);
    expect(vultr(first)).toEqual(['new@example.com']);
    expect(vultr(second)).toEqual(['old@example.com']);
    expect(second.older).toBeUndefined();
  });

  it('Vultr failing leaves its entries out and says so; the records are still shown', async () => {
    const log = await logWith([{ at: AT, actor: ADMIN, action: 'create', address: 'bob@example.com', outcome: 'created' }]);
    const failing: InvitationDirectory = { listInvitations: () => Promise.reject(new VultrError('timeout', 'slow')) };
    const page = await loadHistoryPage(log, failing, { filter: '', since });
    expect(page.entries).toHaveLength(1);
    expect(page.vultrError?.kind).toBe('timeout');
  });
});

describe('historyLine', () => {
  it('mentions the Slack users a detail names, and shows the rest as escaped text', () => {
    const line = historyLine({
      at: AT,
      actor: ADMIN,
      action: 'approve',
      address: 'm@example.com',
      outcome: 'approved',
      detail: 'requested by U0MEMBER1 <!here>',
    });
    expect(line).toContain(
      `:white_check_mark: <@${ADMIN}> approved the request for *m@example.com* _(requested by <@U0MEMBER1> &lt;!here&gt;)_`,
    );
  });
});

describe('historyLine for grants', () => {
  it('says what the grant did, with the group and who chose it from the detail', () => {
    const line = historyLine({
      at: AT,
      actor: 'bot',
      action: 'grant',
      address: 'bob@example.com',
      outcome: 'granted',
      detail: 'group Developers, chosen by U0DANA001',
    });
    expect(line).toContain(':white_check_mark: *bob@example.com* was added to their group _(group Developers, chosen by <@U0DANA001>)_');
  });
});

describe('renderHistory', () => {
  const long = `${'x'.repeat(240)}@example.com`;
  const fullPage: HistoryPage = {
    entries: [
      ...Array.from({ length: HISTORY_PAGE_SIZE }, (_, n) => ({
        seq: 100 - n,
        at: AT - hours(n),
        actor: ADMIN,
        action: 'resend',
        address: long,
        outcome: 'sent',
        detail: 'd'.repeat(300),
      })),
      ...Array.from({ length: MAX_ACCEPTED_PER_PAGE }, (_, n) => ({
        at: AT - hours(n),
        actor: 'vultr',
        action: 'accepted',
        address: long,
        outcome: 'accepted',
      })),
    ],
    older: { seq: 81, at: AT - hours(19) },
    vultrError: new VultrError('auth', 'refused', { status: 401, operation: 'list' }),
    acceptedHidden: 7,
  };

  it('a full page stays within Slack’s limits, with Older carrying the cursor and the filter', () => {
    const message = renderHistory({ page: fullPage, filter: 'example', historyDays: 90 });
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const block of message.blocks)
      if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.sectionText);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('…and 7 more accepted in this period');
    expect(text).toContain('Vultr’s list could not be read');
    const nav = message.blocks.find((b) => b.type === 'actions') as { elements: Array<{ value: string }> };
    expect(decodeHistoryValue(nav.elements[0]?.value)).toEqual({ s: 81, t: AT - hours(19), q: 'example' });
  });

  it('escapes what came from outside: addresses, details, outcomes, a forged actor and the filter', () => {
    const page: HistoryPage = {
      entries: [
        {
          seq: 2,
          at: AT,
          actor: '<!channel>',
          action: 'resend',
          address: 'a<!here>@example.com\n:white_check_mark: fake',
          outcome: '<@U1>',
          detail: '<https://evil|x>',
        },
      ],
      acceptedHidden: 0,
    };
    const text = JSON.stringify(renderHistory({ page, filter: '<!everyone>', historyDays: 90 }));
    expect(text).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U1>|<https:/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('\\n:white_check_mark: fake');
  });

  it('an empty history and a filter that matches nothing say so; a store that is down says that', () => {
    const empty: HistoryPage = { entries: [], acceptedHidden: 0 };
    expect(JSON.stringify(renderHistory({ page: empty, filter: '', historyDays: 30 }))).toContain('Nothing recorded yet.');
    expect(JSON.stringify(renderHistory({ page: empty, filter: 'bob', historyDays: 30 }))).toContain(
      'Nothing in the history matches *bob*',
    );
    expect(renderHistoryFailure(new StoreUnavailableError('down')).text).toContain('The history cannot be read right now');
    expect(renderHistoryFailure(new Error('bug')).text).toContain('Something went wrong');
  });

  it('the Home’s recent activity: the records, a note while the store is down, nothing when not asked', () => {
    const record: AuditRecord = { at: AT, actor: 'bot', action: 'expired', address: 'bob@example.com', outcome: 'expired' };
    expect(JSON.stringify(recentActivity([record]))).toContain('The invitation to *bob@example.com* expired');
    expect(JSON.stringify(recentActivity(null))).toContain('The history cannot be read right now');
    expect(recentActivity(undefined)).toEqual([]);
  });
});

describe('pruneOnce: retention by the injected clock', () => {
  it('drops what is older than INVITES_HISTORY_DAYS, keeps the rest, and logs a failure instead of throwing', async () => {
    const store = new InProcessCoordination(() => AT);
    const { logger, lines } = capturingLogger();
    await store.audit.append({ at: AT - days(31), actor: ADMIN, action: 'resend', outcome: 'sent' });
    await store.audit.append({ at: AT - days(29), actor: ADMIN, action: 'create', outcome: 'created' });
    let clock = NOW;
    const deps = { history: new History(store.audit, logger), historyDays: 30, logger, now: () => clock };
    expect(await pruneOnce(deps)).toBe(1);
    expect((await store.audit.page(10)).map((r) => r.action)).toEqual(['create']);
    clock = new Date(AT + days(2));
    expect(await pruneOnce(deps)).toBe(1);
    expect(await store.audit.page(10)).toEqual([]);

    const refusing: AuditLog = { ...store.audit, prune: () => Promise.reject(new StoreUnavailableError('down')) };
    expect(await pruneOnce({ ...deps, history: new History(refusing, logger) })).toBeNull();
    expect(lines.at(-1)).toMatchObject({ level: 'warn', msg: 'history not pruned', outcome: 'prune_failed' });
  });
});
