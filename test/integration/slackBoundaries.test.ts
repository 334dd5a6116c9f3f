import { connect } from 'node:net';
import { request } from 'undici';
import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { buttonClickBody, commandBody, postSigned, TEAM_ID } from '@vultr-invites/slack-emulator';
import { ACCESS_CACHE_MS } from '../../src/platform/accessPolicy';
import { ADMIN, COMMAND, type Harness, MEMBER, messageText, resendButtons, SECRETS, startHarness } from '../support/harness';

/**
 * Where the app meets Slack: what it lets in (body size, timestamps, whose request it is), what
 * it lets out (no secret in anything sent to Slack), and how long a rate-limited Slack can make
 * a person wait.
 */

const HOUR = 3600_000;
const BOB = pendingInvitation(2, new Date(Date.now() - 30 * HOUR), { email_invited: 'bob@example.com' });

/**
 * Sends raw bytes (requests undici will not send: a declared length with no body behind it, a
 * chunked body that never ends) and resolves with the status line of the answer.
 */
function rawRequest(port: number, head: string, chunks: Iterable<string> = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      for (const chunk of chunks) if (!socket.destroyed) socket.write(chunk);
    });
    let answer = '';
    const done = () => {
      socket.destroy();
      resolve(answer.split('\r\n')[0] ?? '');
    };
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) done();
    });
    socket.on('close', done);
    socket.on('error', (err) => (answer === '' ? reject(err) : done()));
  });
}

describe('the Slack boundary', () => {
  let h: Harness;
  afterEach(async () => {
    await h.stop();
  });

  const events = () => `${h.appUrl}/slack/events`;
  const port = () => Number(new URL(h.appUrl).port);

  describe('what gets in', () => {
    it('a huge declared body is refused with 413 from its headers alone, before a byte of it is sent', async () => {
      h = await startHarness();
      const started = Date.now();
      const answer = await rawRequest(
        port(),
        `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n`,
      );
      expect(answer).toBe('HTTP/1.1 413 Payload Too Large');
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('a body sent without a length is cut off at the limit with 413 and its connection dropped', async () => {
      h = await startHarness();
      const timestamp = Math.floor(Date.now() / 1000);
      const chunk = `10000\r\n${'a'.repeat(0x10000)}\r\n`;
      const status = await rawRequest(
        port(),
        `POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nX-Slack-Request-Timestamp: ${timestamp}\r\nX-Slack-Signature: v0=00\r\n\r\n`,
        Array<string>(40).fill(chunk), // 2.5 MB, and no final chunk: it would go on forever
      );
      expect(status).toBe('HTTP/1.1 413 Payload Too Large');
      // The half-read upload was dropped, so it does not hold up a shutdown.
      const stopping = Date.now();
      await h.bot.stop();
      expect(Date.now() - stopping).toBeLessThan(1000);
    });

    it('an unsigned request is refused before its body is read; refusals are logged sampled', async () => {
      h = await startHarness();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => request(events(), { method: 'POST', body: 'x'.repeat(100_000) }).then((r) => r.statusCode)),
      );
      expect(answers).toEqual(Array(20).fill(401));
      expect(h.logs.filter((l) => l.event === 'request_limits' && l.outcome === 'unsigned')).toHaveLength(1);
    });

    it.each([
      ['10 minutes in the future', 600],
      ['a year in the future', 365 * 24 * 3600],
      ['6 minutes old', -360],
    ])('a correctly signed request with a timestamp %s is refused', async (_name, offsetS) => {
      h = await startHarness();
      h.vultr.add(BOB);
      const { url } = h.slack.responseUrl();
      const timestamp = Math.floor(Date.now() / 1000) + offsetS;
      const ack = await postSigned(
        events(),
        SECRETS.signingSecret,
        commandBody({ command: COMMAND, user_id: ADMIN, response_url: url, team_id: TEAM_ID }),
        {
          timestamp,
        },
      );
      expect(ack.status).toBe(401);
      expect(h.vultr.requests).toHaveLength(0);
    });

    it("a request 4 minutes in the future (clock skew within Slack's 5 minutes) is served", async () => {
      h = await startHarness();
      const { url, id } = h.slack.responseUrl();
      const timestamp = Math.floor(Date.now() / 1000) + 240;
      const ack = await postSigned(
        events(),
        SECRETS.signingSecret,
        commandBody({ command: COMMAND, user_id: ADMIN, response_url: url, team_id: TEAM_ID }),
        {
          timestamp,
        },
      );
      expect(ack.status).toBe(200);
      await h.slack.waitForPosts(id);
    });

    it.each([
      ['names no workspace', 'team_id', {}, 'no_team'],
      ['names no app (SLACK_APP_ID set)', 'api_app_id', { SLACK_APP_ID: 'A0TESTAPP' }, 'no_app'],
    ])('a command that %s is refused', async (_name, field, env, outcome) => {
      h = await startHarness({ env });
      h.vultr.add(BOB);
      const { url } = h.slack.responseUrl();
      const body = new URLSearchParams(commandBody({ command: COMMAND, user_id: ADMIN, response_url: url, team_id: TEAM_ID }));
      body.delete(field);
      const ack = await postSigned(events(), SECRETS.signingSecret, body.toString());
      expect(ack.body).toContain('not installed for this workspace');
      expect(h.vultr.requests).toHaveLength(0);
      expect(h.logs.some((l) => l.event === 'request_guard' && l.outcome === outcome)).toBe(true);
    });

    it('a click that names no workspace is refused', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      const { url } = h.slack.responseUrl();
      const payload = JSON.parse(
        new URLSearchParams(
          buttonClickBody({ user_id: ADMIN, team_id: TEAM_ID, action_id: 'invites_refresh', value: '{}', response_url: url }),
        ).get('payload')!,
      ) as Record<string, unknown>;
      delete payload.team;
      delete (payload.user as Record<string, unknown>).team_id;
      const ack = await postSigned(events(), SECRETS.signingSecret, new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
      expect(ack.status).toBe(200);
      await h.slack.waitFor(() => h.logs.find((l) => l.event === 'request_guard' && l.outcome === 'no_team'));
      expect(h.vultr.requests).toHaveLength(0);
    });
  });

  describe('who may use it', () => {
    it('30 concurrent commands after the access cache expired make one usergroups.users.list call', async () => {
      let clock = Date.now();
      jest.spyOn(performance, 'now').mockImplementation(() => clock);
      h = await startHarness({ env: { INVITES_ALLOWED_USERGROUP: 'S0OPS0001' } });
      h.slack.usergroups.set('S0OPS0001', [MEMBER]);
      const first = await h.command('', MEMBER);
      await h.slack.waitForPosts(first.responseId);
      clock += ACCESS_CACHE_MS + 1000;
      const commands = await Promise.all(Array.from({ length: 30 }, () => h.command('', MEMBER)));
      await Promise.all(commands.map((c) => h.slack.waitForPosts(c.responseId)));
      expect(h.slack.callsOf('usergroups.users.list')).toHaveLength(2);
      jest.restoreAllMocks();
    });

    it.each(['plan_upgrade_required', 'no_such_subteam', 'missing_scope'])(
      'a user group Slack refuses for good (%s): told the bot is misconfigured, not to try again; the Slack error is logged',
      async (error) => {
        h = await startHarness({ env: { INVITES_ALLOWED_USERGROUP: 'S0OPS0001' } });
        h.vultr.add(BOB);
        h.slack.override('usergroups.users.list', () => ({ body: { ok: false, error } }));
        const { responseId } = await h.command('', MEMBER);
        const text = messageText((await h.slack.waitForPosts(responseId))[0]!.body);
        expect(text).toContain('misconfigured');
        expect(text).not.toContain('try again in a minute');
        expect(h.vultr.requests).toHaveLength(0);
        expect(h.logs.find((l) => l.event === 'access_check')).toMatchObject({
          level: 'error',
          outcome: 'misconfigured',
          slack_error: error,
        });
      },
    );

    it('an admin of another workspace (Slack Connect) is not an admin of this one', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      h.slack.override('users.info', (args) => ({
        body: { ok: true, user: { id: args.user, team_id: 'T0OTHERTEAM', is_admin: true, is_owner: true } },
      }));
      const { responseId } = await h.command('', ADMIN);
      const text = messageText((await h.slack.waitForPosts(responseId))[0]!.body);
      expect(text).not.toContain('bob@example.com');
      expect(h.vultr.requests).toHaveLength(0);
    });
  });

  describe('what gets out', () => {
    it("Vultr's error text echoing the API key reaches Slack redacted", async () => {
      h = await startHarness();
      h.vultr.failNext('list', {
        status: 400,
        body: JSON.stringify({ error: `Invalid key ${SECRETS.vultrKey} for token ${SECRETS.botToken}`, status: 400 }),
      });
      const { responseId } = await h.command('', ADMIN);
      const text = messageText((await h.slack.waitForPosts(responseId))[0]!.body);
      expect(text).toContain('Vultr refused the request');
      expect(text).toContain('[REDACTED]');
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    });
  });

  describe('rate-limited Slack', () => {
    it("one user's rate-limited users.info (Retry-After 45) neither holds up another user nor leaves the first waiting", async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      const other = 'U0ADMIN02';
      h.slack.users.set(other, { is_admin: true });
      for (let i = 0; i < 3; i += 1) {
        h.slack.override('users.info', (args) =>
          args.user === ADMIN ? { status: 429, headers: { 'retry-after': '45' }, body: { ok: false, error: 'ratelimited' } } : undefined,
        );
      }
      const started = Date.now();
      const limited = await h.command('', ADMIN);
      const unrelated = await h.command('', other);
      const [otherPost] = await h.slack.waitForPosts(unrelated.responseId, 1, 5000);
      expect(messageText(otherPost!.body)).toContain('bob@example.com');
      const [limitedPost] = await h.slack.waitForPosts(limited.responseId, 1, 5000);
      expect(messageText(limitedPost!.body)).toContain('Could not check whether you are allowed');
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('a click while chat.postMessage is rate-limited (Retry-After 45, three times): answered at once, the failed notification logged within seconds', async () => {
      h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' } });
      h.vultr.add(BOB);
      const listed = await h.command('', ADMIN);
      const [value] = resendButtons((await h.slack.waitForPosts(listed.responseId))[0]!.body).map((b) => b.value);
      for (let i = 0; i < 3; i += 1) {
        h.slack.override('chat.postMessage', () => ({
          status: 429,
          headers: { 'retry-after': '45' },
          body: { ok: false, error: 'ratelimited' },
        }));
      }
      const started = Date.now();
      const click = await h.click('invites_resend', value!, ADMIN);
      const posts = await h.slack.waitForPosts(click.responseId, 1, 5000);
      expect(posts.map((p) => messageText(p.body)).join('\n')).toContain('Resent by');
      const failed = await h.slack.waitFor(() => h.logs.find((l) => l.event === 'notify' && l.level === 'warn'), 5000);
      expect(failed).toMatchObject({ channel: 'C0NOTIFY1' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(h.vultr.totalResends()).toBe(1);
    });

    it('a short Retry-After is waited out inside the one call', async () => {
      h = await startHarness();
      h.vultr.add(BOB);
      h.slack.override('users.info', () => ({ status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }));
      const { responseId } = await h.command('', ADMIN);
      expect(messageText((await h.slack.waitForPosts(responseId, 1, 5000))[0]!.body)).toContain('bob@example.com');
      expect(h.slack.callsOf('users.info')).toHaveLength(2);
    });
  });
});
