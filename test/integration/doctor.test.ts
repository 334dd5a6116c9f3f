import type { LocalSlack } from '@vultr-invites/slack-emulator';
import { pendingInvitation, seedGroups, type VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { useLoopbackFakes } from '../support/loopbackFakes';
import { SECRETS } from '../support/harness';
import { DOCTOR_APP_TOKEN as APP_TOKEN, lineOf, useDoctor } from '../support/doctorRun';

/** `node dist/doctor.js` as an operator runs it, against the loopback fakes. */

const HOUR = 3600_000;
const ALLOWED = 'U0ALLOWED1';
const doctor = useDoctor();

describe('npm run doctor', () => {
  const fakes = useLoopbackFakes();
  let slack: LocalSlack;
  let vultr: VultrSandbox;
  beforeEach(() => {
    ({ slack, vultr } = fakes);
    slack.users.set(ALLOWED, {});
    vultr.add(
      pendingInvitation(1, new Date(Date.now() + 2 * HOUR)),
      pendingInvitation(2, new Date(Date.now() + 9 * HOUR), { invite_status: 'Accepted' }),
    );
    vultr.addGroups(...seedGroups(new Date()));
  });

  const goodEnv = () => ({
    SLACK_BOT_TOKEN: SECRETS.botToken,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    VULTR_API_KEY: SECRETS.vultrKey,
    VULTR_API_URL: vultr.url,
    INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1',
    INVITES_ALLOWED_USERS: ALLOWED,
    INVITES_REMIND_SCHEDULE: '0 9 * * 1-5',
    INVITES_REMIND_TZ: 'Europe/Berlin',
    INVITES_WATCH_INTERVAL: '5m',
  });

  it('all good: exits 0, every line ✓, and posts nothing', async () => {
    const run = await doctor(goodEnv());
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(10);
    for (const line of run.lines) expect(line).toMatch(/^✓ /);
    expect(lineOf(run, 'Slack bot token')).toContain('workspace Test (T0TESTTEAM), bot user @invites-bot (U0BOTUSER)');
    expect(lineOf(run, 'Vultr API key')).toContain('2 invitations, 1 pending');
    expect(lineOf(run, 'Groups')).toBe('✓ Groups: 3 groups readable');
    expect(lineOf(run, 'Run mode')).toContain('Socket Mode');
    expect(lineOf(run, 'Notification channel')).toContain('#invites (C0NOTIFY1)');
    expect(lineOf(run, 'Reminders')).toMatch(/in Europe\/Berlin: next (\w{3}, [^;]+, 09:00(; )?){3}$/);
    expect(lineOf(run, 'Watcher')).toContain('every 5 minutes, announcing accepted and expired invitations in C0NOTIFY1');
    expect(lineOf(run, 'Store')).toMatch(/^✓ Store: SQLite file \/.+\/invites\.sqlite \(one replica: set REDIS_URL to run several\)$/);
    expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
    expect(slack.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(vultr.requestsFor('resend')).toEqual([]);
  });

  it('--json prints the same results for scripts', async () => {
    const run = await doctor(goodEnv(), ['--json']);
    const report = JSON.parse(run.lines.join('\n')) as { ok: boolean; exit_code: number; checks: Array<{ name: string; status: string }> };
    expect(run.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['Configuration', 'ok'],
      ['Slack bot token', 'ok'],
      ['Run mode', 'ok'],
      ['Vultr API key', 'ok'],
      ['Groups', 'ok'],
      ['Notification channel', 'ok'],
      ['Access rules', 'ok'],
      ['Reminders', 'ok'],
      ['Watcher', 'ok'],
      ['Store', 'ok'],
    ]);
  });

  it('warns when the watcher lists more often than every minute', async () => {
    const run = await doctor({ ...goodEnv(), INVITES_WATCH_INTERVAL: '10s' });
    expect(run.code).toBe(0);
    expect(lineOf(run, 'Watcher')).toMatch(/^! Watcher: every 10 seconds/);
  });

  it('HTTP mode: checks the signing secret and reminds of the request URL, opens no socket', async () => {
    const run = await doctor({ ...goodEnv(), SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: SECRETS.signingSecret });
    expect(run.code).toBe(0);
    expect(lineOf(run, 'Run mode')).toMatch(
      /^✓ Run mode: HTTP mode on port 3000: the signing secret has Slack's form; .*https:\/\/YOUR-HOST\/slack\/events/,
    );
    expect(slack.callsOf('apps.connections.open')).toEqual([]);
  });

  it('a revoked bot token: exit 1, says to reinstall', async () => {
    slack.override('auth.test', () => ({ body: { ok: false, error: 'token_revoked' } }));
    const run = await doctor(goodEnv());
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Slack bot token')).toMatch(
      /^✗ Slack bot token: Slack refused the token \(token_revoked\)\n {4}fix: .*Reinstall to Workspace/,
    );
  });

  it('a missing scope: exit 1, names it and says to reinstall', async () => {
    slack.grantedScopes = slack.grantedScopes.filter((scope) => scope !== 'usergroups:read');
    const run = await doctor(goodEnv());
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Slack bot token')).toMatch(/^✗ .*missing scopes: usergroups:read\n {4}fix: .*Reinstall to Workspace/);
  });

  it('Vultr answers 401: exit 1, names the permission the key needs', async () => {
    const run = await doctor({ ...goodEnv(), VULTR_API_KEY: 'WRONGVULTRKEY0123456789' });
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Vultr API key')).toMatch(/^✗ Vultr API key: Vultr refused the key \(401\)\n {4}fix: .*iam\.invitation\.\*/);
    expect(run.output).not.toContain('WRONGVULTRKEY0123456789');
  });

  it('a key that may not list groups (403): exit 1, names iam.group.List and the root key', async () => {
    vultr.failNext('groups', { status: 403, body: JSON.stringify({ error: 'Forbidden', status: 403 }) });
    const run = await doctor(goodEnv());
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Vultr API key')).toMatch(/^✓ /);
    expect(lineOf(run, 'Groups')).toMatch(
      /^✗ Groups: Vultr refused to list the groups \(403\)\n {4}fix: .*iam\.group\.List.*iam\.group\.\*.*root user's key/,
    );
  });

  it('INVITES_DEFAULT_GROUP: names the group the form preselects, or fails when the organization has none by that name', async () => {
    const found = await doctor({ ...goodEnv(), INVITES_DEFAULT_GROUP: 'developers' });
    expect(lineOf(found, 'Groups')).toBe('✓ Groups: 3 groups readable; the form preselects Developers (INVITES_DEFAULT_GROUP)');
    const missing = await doctor({ ...goodEnv(), INVITES_DEFAULT_GROUP: 'Ops' });
    expect(missing.code).toBe(1);
    expect(lineOf(missing, 'Groups')).toMatch(
      /^✗ Groups: INVITES_DEFAULT_GROUP names no group of the organization \(3 groups readable\)\n {4}fix: /,
    );
  });

  it('a group listing that fails otherwise is a warning: exit 0', async () => {
    vultr.failNext('groups', { status: 500 });
    const run = await doctor(goodEnv());
    expect(run.code).toBe(0);
    expect(lineOf(run, 'Groups')).toMatch(/^! Groups: could not list the groups: Vultr answered list_groups with HTTP 500.*\n {4}fix: /);
  });

  it('Vultr unreachable: exit 1, says so', async () => {
    const env = goodEnv();
    await vultr.stop();
    const run = await doctor(env);
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Vultr API key')).toMatch(
      /^✗ Vultr API key: Vultr is unreachable at .*ECONNREFUSED.*\n {4}fix: check VULTR_API_URL/,
    );
    await vultr.start();
  });

  it('a private notification channel without the bot: exit 1, says to invite it', async () => {
    slack.override('conversations.info', () => ({
      body: { ok: true, channel: { id: 'C0NOTIFY1', name: 'ops', is_private: true, is_member: false } },
    }));
    const run = await doctor(goodEnv());
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Notification channel')).toBe(
      '✗ Notification channel: #ops (C0NOTIFY1) is private and the bot is not a member\n    fix: in Slack, open #ops (C0NOTIFY1) and type /invite @invites-bot',
    );
  });

  it('an unknown user in the allow-list: exit 1, names the ID', async () => {
    const run = await doctor({ ...goodEnv(), INVITES_ALLOWED_USERS: `${ALLOWED},U0NOBODY9` });
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Access rules')).toMatch(/^✗ Access rules: no user U0NOBODY9 in this workspace\n {4}fix: .*INVITES_ALLOWED_USERS/);
  });

  it("invalid configuration: exit 2 with the app's own messages, values not echoed", async () => {
    const run = await doctor({ SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot-token', VULTR_API_KEY: 'short' });
    expect(run.code).toBe(2);
    expect(run.lines[0]).toMatch(
      /^✗ Configuration: 3 problems: SLACK_BOT_TOKEN must be a bot token starting with xoxb-; VULTR_API_KEY must be a Vultr API key.*; SLACK_SIGNING_SECRET is required in HTTP mode/,
    );
    expect(run.output).not.toContain('xoxp-user-token-not-a-bot-token');
    expect(slack.calls).toEqual([]);
  });
});
