import { createInvitesApp } from '../../src/app';
import { Logger } from '../../src/util/log';
import { pendingInvitation, vultrDate, type SandboxInvitation } from '@vultr-invites/vultr-sandbox';
import { decodeResendValue } from '../../src/views/actionPayloads';
import { InProcessWatchState, type WatchState } from '../../src/domain/watchState';
import { type ApiCall, appHomeOpened, homeClickBody, postSigned, postSignedEvent, type StoredMessage } from '@vultr-invites/slack-emulator';
import { ADMIN, messageText, SECRETS, startHarness, type Harness } from '../support/harness';

const HOUR = 3600_000;
const NOTIFY = 'C0NOTIFY1';
/** Tests run the watcher every 100 ms; the configured value only turns it on. */
const FAST = 100;

type Block = Record<string, unknown>;

function buttons(blocks: unknown, actionId: string): string[] {
  const found: string[] = [];
  JSON.stringify(blocks, (_key, node: unknown) => {
    const el = node as { type?: string; action_id?: string; value?: string };
    if (el && el.type === 'button' && el.action_id === actionId && el.value) found.push(el.value);
    return node;
  });
  return found;
}

describe('invitation watcher', () => {
  let h: Harness;
  let clock: number;
  afterEach(async () => {
    await h?.stop();
  });

  async function start(state?: WatchState): Promise<Harness> {
    clock = Date.now();
    return startHarness({
      env: { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_WATCH_INTERVAL: '2s' },
      now: () => new Date(clock),
      app: { watchIntervalMs: FAST, ...(state ? { watchState: state } : {}) },
    });
  }

  const runs = (harness: Harness, outcome?: string) =>
    harness.logs.filter((l) => l.event === 'watch' && l.msg === 'watcher run' && (outcome === undefined || l.outcome === outcome)).length;

  /** Waits until the watcher has started `count` more runs and finished the one before the last (each run lists once). */
  async function moreRuns(harness: Harness, count: number): Promise<void> {
    const target = harness.vultr.requestsFor('list').length + count;
    await harness.slack.waitFor(() => harness.vultr.requestsFor('list').length >= target);
  }

  const announcements = (harness: Harness): StoredMessage[] =>
    harness.slack.messages.filter((m) => m.channel === NOTIFY && m.threadTs === undefined);

  function accept(harness: Harness, id: string): void {
    Object.assign(harness.vultr.invitations.get(id)!, { invite_status: 'Accepted', date_responded: vultrDate(new Date(clock)) });
  }

  /** A pending invitation that expires in two days, for user `n`. */
  const invitee = (n: number, name: string) => pendingInvitation(n, new Date(clock + 48 * HOUR), { email_invited: `${name}@example.com` });

  /** Learns carol and bob (in that order), then sees bob accept and announces it. */
  async function bobAccepts(harness: Harness): Promise<{ bob: SandboxInvitation; carol: SandboxInvitation }> {
    const carol = invitee(2, 'carol');
    const bob = invitee(1, 'bob');
    harness.vultr.add(carol, bob);
    await harness.slack.waitFor(() => runs(harness, 'learned') === 1);
    accept(harness, bob.id);
    await harness.slack.waitFor(() => runs(harness, 'announced') === 1);
    return { bob, carol };
  }

  it('announces an invitation turned Accepted exactly once, and nothing on the first run', async () => {
    h = await start();
    const bob = pendingInvitation(1, new Date(clock + 48 * HOUR), { email_invited: 'bob@example.com' });
    h.vultr.add(bob, pendingInvitation(2, new Date(clock - HOUR), { email_invited: 'old-expired@example.com' }));
    await h.slack.waitFor(() => runs(h, 'learned') === 1);
    await moreRuns(h, 2);
    expect(announcements(h)).toHaveLength(0);

    accept(h, bob.id);
    await h.slack.waitFor(() => runs(h, 'announced') === 1);
    await moreRuns(h, 3);
    const posted = announcements(h);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toMatch(
      /:white_check_mark: \*bob@example.com\* accepted the invitation \(invited by Dana Admin on <!date\^\d+\^\{date_short\}\|[\d-]+>, after 1 day\)/,
    );
    expect(runs(h, 'announced')).toBe(1);
  });

  it('announces an expiry once, with a Resend that resends once, updates the announcement for everyone and refuses a stale row', async () => {
    h = await start();
    const carol = pendingInvitation(3, new Date(clock + HOUR), { email_invited: 'carol@example.com' });
    h.vultr.add(carol);
    await h.slack.waitFor(() => runs(h, 'learned') === 1);

    clock += 2 * HOUR; // the expiration passes
    const post = await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('expired')));
    await moreRuns(h, 3);
    expect(announcements(h)).toHaveLength(1);
    const [announced] = announcements(h);
    expect(announced?.text).toContain('The invitation to *carol@example.com* expired (sent');
    const [value] = buttons(post.args.blocks, 'watch_resend');
    expect(decodeResendValue(value)?.i).toBe(carol.id);

    const source = { ts: announced!.ts, ephemeral: false, text: announced!.text, blocks: announced!.blocks };
    await h.click('watch_resend', value!, ADMIN, { channelId: NOTIFY, messageTs: announced!.ts, source });
    const update: ApiCall = await h.slack.waitFor(() => h.slack.callsOf('chat.update')[0]);
    expect(update.args).toMatchObject({ channel: NOTIFY, ts: announced!.ts });
    const updated = messageText(update.args);
    expect(updated).toContain(`Resent by <@${ADMIN}>: *carol@example.com*, now expires`);
    expect(updated).toContain('The invitation to *carol@example.com* expired');
    expect(buttons(update.args.blocks, 'watch_resend')).toEqual([]); // one click, one e-mail
    expect(h.vultr.resendCount.get(carol.id)).toBe(1);
    const thread = await h.slack.waitFor(() => h.slack.messages.find((m) => m.threadTs === announced!.ts));
    expect(thread.text + JSON.stringify(thread.blocks)).toContain('(from the watcher announcement)');

    // Someone clicks the Resend they still see: the stale-row check sends nothing.
    await h.click('watch_resend', value!, ADMIN, { channelId: NOTIFY, messageTs: announced!.ts, source });
    const second = await h.slack.waitFor(() => h.slack.callsOf('chat.update')[1]);
    expect(messageText(second.args)).toContain('Already resent elsewhere');
    expect(h.vultr.resendCount.get(carol.id)).toBe(1);
    // The resend is not news, nor is the expiry again.
    await moreRuns(h, 2);
    expect(announcements(h)).toHaveLength(1);
  });

  it('a restart does not repeat old news: in-process state relearns; a kept state announces only what changed meanwhile', async () => {
    const kept = new InProcessWatchState();
    h = await start(kept);
    const { carol } = await bobAccepts(h);
    await h.bot.stop();

    const restart = async (state?: WatchState) => {
      const logs: Array<Record<string, unknown>> = [];
      const logger = new Logger('debug', [], (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
      const bot = await createInvitesApp(
        h.config,
        { logger },
        {
          now: () => new Date(clock),
          watchIntervalMs: FAST,
          ...(state ? { watchState: state } : {}),
        },
      );
      await bot.start();
      return { bot, logs };
    };

    // The default: a fresh process learns again and repeats nothing.
    const fresh = await restart();
    await moreRuns(h, 3);
    await fresh.bot.stop();
    expect(fresh.logs.find((l) => l.msg === 'watcher run')?.outcome).toBe('learned');
    expect(announcements(h)).toHaveLength(1);

    // A state that outlives the process (what a shared store gives): what changed while down is announced, once.
    accept(h, carol.id);
    const resumed = await restart(kept);
    await h.slack.waitFor(() => resumed.logs.some((l) => l.msg === 'watcher run' && l.outcome === 'announced'));
    await moreRuns(h, 3);
    await resumed.bot.stop();
    const posted = announcements(h);
    expect(posted).toHaveLength(2);
    expect(posted[1]?.text).toContain('carol@example.com');
    expect(posted[1]?.text).not.toContain('bob@example.com');
  });

  it('a failed Slack post or Vultr listing is retried at the next run: each event announced once, none lost', async () => {
    h = await start();
    const bob = pendingInvitation(1, new Date(clock + 48 * HOUR), { email_invited: 'bob@example.com' });
    const carol = pendingInvitation(2, new Date(clock + 48 * HOUR), { email_invited: 'carol@example.com' });
    h.vultr.add(bob, carol);
    await h.slack.waitFor(() => runs(h, 'learned') === 1);

    h.vultr.failNext('list', { status: 401 });
    await h.slack.waitFor(() => runs(h, 'vultr_failed') === 1);

    h.slack.override('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    accept(h, bob.id);
    await h.slack.waitFor(() => runs(h, 'post_failed') === 1);
    accept(h, carol.id);
    await h.slack.waitFor(() => runs(h, 'announced') === 1);
    await moreRuns(h, 3);

    const posted = announcements(h);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toBe('2 invitation updates');
    const text = messageText(posted[0]!);
    expect(text.match(/bob@example.com/g)).toHaveLength(1);
    expect(text).toContain('carol@example.com');
    const failure = h.logs.find((l) => l.event === 'watch' && l.outcome === 'post_failed');
    expect(failure).toMatchObject({ level: 'warn', channel: NOTIFY, count: 1 });
  });

  it('a list Vultr did not give whole changes nothing: an accepted invitation missing from it is not announced again later', async () => {
    clock = Date.now();
    h = await startHarness({
      env: { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_WATCH_INTERVAL: '2s' },
      now: () => new Date(clock),
      app: { watchIntervalMs: FAST },
      vultrLimits: { pageSize: 1, maxPages: 2 },
    });
    const { bob } = await bobAccepts(h);
    const eve = invitee(5, 'eve');

    // Bob moves past the rows the bot may read: the list stops early without him.
    h.vultr.invitations.delete(bob.id);
    h.vultr.add(eve, bob);
    await h.slack.waitFor(() => runs(h, 'vultr_incomplete') >= 1);
    h.vultr.invitations.delete(eve.id);
    await moreRuns(h, 6); // two pages a run
    expect(announcements(h)).toHaveLength(1);
  });

  it('the App Home shows the recent activity while the watcher is on, also after a Resend there', async () => {
    h = await start();
    const bob = pendingInvitation(1, new Date(clock + 48 * HOUR), { email_invited: 'bob@example.com' });
    h.vultr.add(bob, pendingInvitation(2, new Date(clock + 48 * HOUR), { email_invited: 'erin@example.com' }));
    await h.slack.waitFor(() => runs(h, 'learned') === 1);
    accept(h, bob.id);
    await h.slack.waitFor(() => runs(h, 'announced') === 1);

    await postSignedEvent(`${h.appUrl}/slack/events`, SECRETS.signingSecret, appHomeOpened(ADMIN));
    const view = await h.slack.waitFor(() => h.slack.homeViews.get(ADMIN));
    const text = JSON.stringify((view as { blocks: Block[] }).blocks);
    expect(text).toContain('*Recent activity*');
    expect(text).toContain('*bob@example.com* accepted the invitation');

    const [value] = buttons((view as { blocks: Block[] }).blocks, 'home_resend');
    await postSigned(
      `${h.appUrl}/slack/events`,
      SECRETS.signingSecret,
      homeClickBody({ user_id: ADMIN, action_id: 'home_resend', value: value! }),
    );
    const after = await h.slack.waitFor(() => {
      const shown = JSON.stringify(h.slack.homeViews.get(ADMIN));
      return shown.includes('Resent by') && shown;
    });
    expect(after).toContain('*Recent activity*');
  });
});
