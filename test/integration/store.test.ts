import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buttonClickBody, postSigned, TEAM_ID, viewSubmissionBody, type StoredMessage } from '@vultr-invites/slack-emulator';
import { pendingInvitation, vultrDate } from '@vultr-invites/vultr-sandbox';
import { runScript, useCompiledDist, waitForLine, type Running } from '../support/compiledDist';
import { useLoopbackFakes } from '../support/loopbackFakes';
import { ADMIN, MEMBER, SECRETS } from '../support/harness';
import { ACTION_APPROVE, CALLBACK_REQUEST } from '../../src/views/accessRequest';

const NOTIFY = 'C0NOTIFY01';
const ADMIN2 = 'U0ADMIN02';
const HOUR = 3600_000;

/**
 * The SQLite store as an operator meets it: `node dist/main.js` with INVITES_DATA_DIR, a data
 * directory it cannot use, and a damaged file.
 */
describe('the SQLite store of a real bot process', () => {
  const dist = useCompiledDist();
  const fakes = useLoopbackFakes();
  const dirs: string[] = [];
  const running: Running[] = [];
  afterEach(() => {
    for (const proc of running.splice(0)) proc.child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-process-'));
    dirs.push(dir);
    return dir;
  };
  const bot = (dataDir: string, env: Record<string, string> = {}) => {
    const proc = runScript(join(dist(), 'main.js'), {
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_API_URL: fakes.slack.apiUrl,
      VULTR_API_KEY: SECRETS.vultrKey,
      VULTR_API_URL: fakes.vultr.url,
      PORT: '0',
      INVITES_DATA_DIR: dataDir,
      ...env,
    });
    running.push(proc);
    return proc;
  };

  it('exits 2 naming INVITES_DATA_DIR when the directory cannot be made or written', async () => {
    const blocker = join(scratch(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const proc = bot(join(blocker, 'data'));
    expect(await proc.exit).toBe(2);
    const message = proc.stderr.join('');
    expect(message).toMatch(/^INVITES_DATA_DIR \/.+\/a-file\/data cannot be written \(ENOTDIR\): give the bot a writable directory\n$/);
  });

  it('exits 2 on a damaged file, says what to do, and leaves the file as it was', async () => {
    const dir = scratch();
    const damaged = Buffer.from('this is not an SQLite database, and it must stay exactly like this'.repeat(100));
    writeFileSync(join(dir, 'invites.sqlite'), damaged);
    const proc = bot(dir);
    expect(await proc.exit).toBe(2);
    const message = proc.stderr.join('');
    expect(message).toContain('invites.sqlite cannot be opened (SQLITE_NOTADB');
    expect(message).toContain('move it aside and restart');
    expect(message).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'invites.sqlite')).equals(damaged)).toBe(true);
  });

  /** The bot's events URL, once it says it started. */
  const eventsOf = async (proc: Running) => {
    const line = await waitForLine(proc, (l) => l.msg === 'invites bot started', 20_000);
    return `http://127.0.0.1:${String(line.port)}/slack/events`;
  };
  const submitRequest = (events: string, viewId: string, email: string) =>
    postSigned(
      events,
      SECRETS.signingSecret,
      viewSubmissionBody({
        user_id: MEMBER,
        team_id: TEAM_ID,
        view_id: viewId,
        callback_id: CALLBACK_REQUEST,
        inputs: { email, api: [], reason: 'staging' },
      }),
    );
  const requestOutcome = (viewId: string) =>
    fakes.slack.waitFor(() => {
      const text = JSON.stringify(
        fakes.slack
          .callsOf('views.update')
          .filter((c) => c.args.view_id === viewId)
          .at(-1)?.args.view ?? '',
      );
      return /went to|open requests/.exec(text)?.[0];
    }, 10_000);
  const cardFor = (email: string) =>
    fakes.slack.waitFor(() => fakes.slack.messages.find((m) => m.channel === NOTIFY && m.text.includes(email)));
  const approve = (events: string, card: StoredMessage, user: string) => {
    const actions = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find(
      (b) => b.type === 'actions',
    );
    const id = actions?.elements?.find((e) => e.action_id === ACTION_APPROVE)?.value ?? '';
    const { url, id: responseId } = fakes.slack.responseUrl();
    const body = buttonClickBody({
      user_id: user,
      team_id: TEAM_ID,
      action_id: ACTION_APPROVE,
      value: id,
      response_url: url,
      channel_id: NOTIFY,
      message_ts: card.ts,
    });
    return postSigned(events, SECRETS.signingSecret, body).then(() => responseId);
  };

  it('SIGKILL in the middle of an approval: after a restart the limits still count, and approving again sends no second e-mail', async () => {
    const dir = scratch();
    const env = { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_ALLOWED_USERS: `${ADMIN},${ADMIN2}` };
    const first = bot(dir, env);
    const events = await eventsOf(first);
    for (const n of [1, 2, 3]) {
      await submitRequest(events, `V0CRASH${n}`, `crash${n}@example.com`);
      expect(await requestOutcome(`V0CRASH${n}`)).toBe('went to');
    }
    const card = await cardFor('crash1@example.com');
    fakes.vultr.latencyMs = 1_500;
    await approve(events, card, ADMIN);
    // Vultr has the create and will carry it out; the bot dies before it hears back.
    await fakes.slack.waitFor(() => fakes.vultr.requestsFor('create')[0], 10_000);
    first.child.kill('SIGKILL');
    await first.exit;
    await fakes.slack.waitFor(() => fakes.vultr.outbox[0], 10_000);
    fakes.vultr.latencyMs = 0;

    const events2 = await eventsOf(bot(dir, env));
    await submitRequest(events2, 'V0CRASH4', 'crash4@example.com');
    expect(await requestOutcome('V0CRASH4')).toBe('open requests');
    await approve(events2, card, ADMIN2);
    await fakes.slack.waitFor(() => (JSON.stringify(card.blocks).includes('Approved by') ? true : undefined), 10_000);
    expect(fakes.vultr.requestsFor('create')).toHaveLength(1);
    expect(fakes.vultr.outbox).toHaveLength(1);
    const dms = () => fakes.slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('was approved by'));
    await fakes.slack.waitFor(() => dms()[0]);
    expect(dms()).toHaveLength(1);
    await submitRequest(events2, 'V0CRASH5', 'crash5@example.com');
    expect(await requestOutcome('V0CRASH5')).toBe('went to');
  }, 60_000);

  it('SIGKILL during a watcher run: the restarted bot announces what was accepted meanwhile, once, without waiting out the lease', async () => {
    const dir = scratch();
    const env = { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_WATCH_INTERVAL: '2s' };
    const bob = pendingInvitation(1, new Date(Date.now() + 48 * HOUR), { email_invited: 'bob@example.com' });
    fakes.vultr.add(bob, pendingInvitation(2, new Date(Date.now() + 48 * HOUR), { email_invited: 'carol@example.com' }));
    const first = bot(dir, env);
    await waitForLine(first, (l) => l.event === 'watch' && l.outcome === 'learned', 20_000);
    fakes.vultr.latencyMs = 5_000;
    const lists = fakes.vultr.requestsFor('list').length;
    await fakes.slack.waitFor(() => fakes.vultr.requestsFor('list').length > lists || undefined, 10_000);
    first.child.kill('SIGKILL');
    await first.exit;
    fakes.vultr.latencyMs = 0;
    Object.assign(fakes.vultr.invitations.get(bob.id)!, { invite_status: 'Accepted', date_responded: vultrDate(new Date()) });

    const startedAt = Date.now();
    const second = bot(dir, env);
    await waitForLine(second, (l) => l.event === 'watch' && l.outcome === 'announced', 20_000);
    // Within a run or two of starting, not after the dead run's two-minute lease.
    expect(Date.now() - startedAt).toBeLessThan(15_000);
    const runsBefore = fakes.vultr.requestsFor('list').length;
    await fakes.slack.waitFor(() => fakes.vultr.requestsFor('list').length >= runsBefore + 2 || undefined, 15_000);
    const announced = fakes.slack.messages.filter((m) => m.channel === NOTIFY && m.threadTs === undefined);
    expect(announced.map((m) => m.text)).toEqual([expect.stringContaining('bob@example.com')]);
  }, 60_000);
});
