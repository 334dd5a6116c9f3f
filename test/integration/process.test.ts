import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { WebSocketServer } from 'ws';
import { runScript, useCompiledDist, waitForLine, type Running } from '../support/compiledDist';
import { pendingInvitation, type VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { commandBody, type LocalSlack, postSigned, TEAM_ID } from '@vultr-invites/slack-emulator';
import { useLoopbackFakes } from '../support/loopbackFakes';
import { ADMIN, COMMAND, SECRETS } from '../support/harness';

/**
 * The compiled entry points as an operator runs them: `node dist/main.js` (what `npm start`
 * execs) and `node dist/remind.js` (what `npm run remind` execs), as real processes.
 */

const HOUR = 3600_000;
const dist = useCompiledDist();

function run(entry: 'main.js' | 'remind.js', env: Record<string, string>, nodeArgs: string[] = []): Running {
  return runScript(join(dist(), entry), env, [], nodeArgs);
}

/** The V8 flags npm start and the container run the bot with. */
const nodeFlags = readFileSync(join(__dirname, '..', '..', 'scripts', 'node-flags'), 'utf8')
  .trim()
  .split(/\s+/);

/** A port free right now, for a process whose port cannot be read back (Socket Mode's /healthz). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(`http://127.0.0.1:${port}/healthz`);
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

describe('process entry points', () => {
  const fakes = useLoopbackFakes();
  let slack: LocalSlack;
  let vultr: VultrSandbox;
  beforeEach(() => {
    ({ slack, vultr } = fakes);
    slack.users.set(ADMIN, { is_admin: true });
    vultr.add(pendingInvitation(1, new Date(Date.now() - 2 * HOUR), { email_invited: 'late@example.com' }));
  });

  const baseEnv = () => ({
    SLACK_BOT_TOKEN: SECRETS.botToken,
    SLACK_API_URL: slack.apiUrl,
    VULTR_API_KEY: SECRETS.vultrKey,
    VULTR_API_URL: vultr.url,
    PORT: '0',
  });

  it('without configuration: exits non-zero at once, naming every missing variable', async () => {
    const started = Date.now();
    const proc = run('main.js', {});
    expect(await proc.exit).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
    const message = proc.stderr.join('');
    for (const name of ['SLACK_BOT_TOKEN', 'VULTR_API_KEY', 'SLACK_SIGNING_SECRET']) expect(message).toContain(name);
  });

  it('with invalid values: names them without printing them', async () => {
    const proc = run('main.js', {
      SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot-token',
      VULTR_API_KEY: 'short',
      SLACK_SIGNING_SECRET: 'not hex!',
    });
    expect(await proc.exit).toBe(2);
    const message = proc.stderr.join('');
    expect(message).toContain('SLACK_BOT_TOKEN must be a bot token');
    for (const value of ['xoxp-user-token-not-a-bot-token', 'not hex!']) expect(message).not.toContain(value);
  });

  it('HTTP mode with the V8 flags of scripts/node-flags: serves /healthz and /invites, loads nothing it does not use, then drains and exits 0 on SIGTERM', async () => {
    const preload = join(__dirname, '..', 'fixtures', 'loadedPackages.js');
    const proc = run('main.js', { ...baseEnv(), SLACK_SIGNING_SECRET: SECRETS.signingSecret }, [...nodeFlags, '-r', preload]);
    const started = await waitForLine(proc, (l) => l.msg === 'invites bot started');
    expect(started).toMatchObject({ mode: 'http', team_id: TEAM_ID });
    const base = `http://127.0.0.1:${String(started.port)}`;
    expect((await request(`${base}/healthz`)).statusCode).toBe(200);

    const { url, id } = slack.responseUrl();
    const ack = await postSigned(
      `${base}/slack/events`,
      SECRETS.signingSecret,
      commandBody({ command: COMMAND, user_id: ADMIN, response_url: url, team_id: TEAM_ID }),
    );
    expect(ack.status).toBe(200);
    const [post] = await slack.waitForPosts(id);
    expect(JSON.stringify(post?.body)).toContain('late@example.com');

    // Started and serving, without REDIS_URL: no Redis client, no Express (Bolt's index loads it for a receiver
    // HTTP mode does not use), none of the fakes. (@slack/oauth stays: Bolt's HTTPReceiver requires it.)
    proc.child.kill('SIGUSR2');
    const loaded = (await waitForLine(proc, (l) => l.event === 'loaded_packages')) as {
      files: Record<string, number>;
    };
    const packages = Object.keys(loaded.files);
    expect(packages).toEqual(expect.arrayContaining(['@slack/bolt', 'undici', 'better-sqlite3']));
    for (const unused of ['redis', '@redis/client', 'express', 'body-parser', '@vultr-invites/slack-emulator'])
      expect(packages).not.toContain(unused);
    // The few date-fns functions used, not its index of 300 files.
    expect(loaded.files['date-fns']).toBeLessThan(30);

    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    await waitForLine(proc, (l) => l.msg === 'invites bot stopped');
    for (const secret of Object.values(SECRETS)) expect(proc.stdout.join('\n')).not.toContain(secret);
  });

  it('Socket Mode: connects with the app token, answers a slash command envelope, exits 0 on SIGINT', async () => {
    const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(sockets, 'listening');
    const wsUrl = `ws://127.0.0.1:${(sockets.address() as { port: number }).port}/`;
    slack.override('apps.connections.open', () => ({ body: { ok: true, url: wsUrl } }));
    const acks: Array<Record<string, unknown>> = [];
    const { url: responseUrl, id } = slack.responseUrl();
    sockets.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => acks.push(JSON.parse(data.toString()) as Record<string, unknown>));
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0TESTAPP' },
        }),
      );
      const payload = Object.fromEntries(
        new URLSearchParams(commandBody({ command: COMMAND, user_id: ADMIN, response_url: responseUrl, team_id: TEAM_ID })),
      );
      socket.send(JSON.stringify({ envelope_id: 'env-1', type: 'slash_commands', accepts_response_payload: true, payload }));
    });

    const proc = run('main.js', { ...baseEnv(), SLACK_APP_TOKEN: 'xapp-1-socket-test-token' });
    try {
      await waitForLine(proc, (l) => l.msg === 'invites bot started' && l.mode === 'socket');
      const [post] = await slack.waitForPosts(id);
      expect(JSON.stringify(post?.body)).toContain('late@example.com');
      expect(acks.some((a) => a.envelope_id === 'env-1')).toBe(true);
      expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
      proc.child.kill('SIGINT');
      expect(await proc.exit).toBe(0);
    } finally {
      proc.child.kill('SIGKILL');
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    }
  });

  it('npm run remind: exits 0 after posting, 1 with a clear message when Slack refuses', async () => {
    const env = { ...baseEnv(), INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' };
    const posted = run('remind.js', env);
    expect(await posted.exit).toBe(0);
    expect(JSON.stringify(slack.callsOf('chat.postMessage')[0]?.args)).toContain('late@example.com');

    slack.override('chat.postMessage', () => ({ body: { ok: false, error: 'is_archived' } }));
    const refused = run('remind.js', env);
    expect(await refused.exit).toBe(1);
    expect(refused.stderr.join('')).toContain('Reminder digest not posted: Slack refused the digest post to C0NOTIFY1 (is_archived)');

    const noChannel = run('remind.js', baseEnv());
    expect(await noChannel.exit).toBe(1);
    expect(noChannel.stderr.join('')).toContain('INVITES_NOTIFY_CHANNEL is not set');
  });

  it('a rejected bot token: one clear line naming SLACK_BOT_TOKEN, exit 1, no unhandled rejection', async () => {
    slack.override('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const proc = run('main.js', { ...baseEnv(), SLACK_SIGNING_SECRET: SECRETS.signingSecret });
    expect(await proc.exit).toBe(1);
    const errors = proc.stdout.map((raw) => JSON.parse(raw) as Record<string, unknown>).filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'startup failed' });
    expect(String(errors[0]?.error_message)).toContain('SLACK_BOT_TOKEN was refused by Slack (invalid_auth)');
    expect(proc.stdout.join('\n')).not.toContain('unhandled rejection');
    expect(slack.callsOf('auth.test')).toHaveLength(1);
  });

  it('Socket Mode: a dropped WebSocket turns /healthz 503; a reconnect Slack refuses for good ends the process with exit 1', async () => {
    const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(sockets, 'listening');
    const wsUrl = `ws://127.0.0.1:${(sockets.address() as { port: number }).port}/`;
    slack.override('apps.connections.open', () => ({ body: { ok: true, url: wsUrl } }));
    slack.override('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    sockets.on('connection', (socket) => {
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0TESTAPP' },
        }),
      );
    });
    const port = await freePort();
    const proc = run('main.js', { ...baseEnv(), PORT: String(port), SLACK_APP_TOKEN: 'xapp-1-socket-test-token' });
    try {
      await waitForLine(proc, (l) => l.msg === 'invites bot started' && l.mode === 'socket');
      expect(await health(port)).toMatchObject({ status: 200, body: { status: 'ok', mode: 'socket', state: 'connected' } });

      for (const client of sockets.clients) client.terminate();
      let dropped = await health(port);
      for (let tries = 0; dropped.status === 200 && tries < 50; tries += 1) {
        await new Promise((r) => setTimeout(r, 20));
        dropped = await health(port);
      }
      expect(dropped).toMatchObject({ status: 503, body: { status: 'unavailable', state: 'reconnecting' } });
      expect(typeof dropped.body.for_seconds).toBe('number');

      // The SDK waits a few seconds before reconnecting; Slack then refuses the app token.
      expect(await proc.exit).toBe(1);
      const fatal = await waitForLine(proc, (l) => l.msg === 'Slack connection lost for good');
      expect(String(fatal.reason)).toContain('SLACK_APP_TOKEN was refused by Slack (invalid_auth)');
      expect(slack.callsOf('apps.connections.open')).toHaveLength(2);
      expect(proc.stdout.join('\n')).not.toContain('unhandled rejection');
    } finally {
      proc.child.kill('SIGKILL');
      sockets.close();
    }
  }, 20_000);

  describe('npm run remind checks Slack on every run, even when nothing is due', () => {
    beforeEach(() => vultr.invitations.clear());
    const env = () => ({ ...baseEnv(), INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' });

    it('nothing due and all well: exit 0', async () => {
      expect(await run('remind.js', env()).exit).toBe(0);
      expect(slack.callsOf('conversations.info')[0]?.args).toMatchObject({ channel: 'C0NOTIFY1' });
    });

    it('a revoked bot token: exit 1 naming SLACK_BOT_TOKEN', async () => {
      slack.override('auth.test', () => ({ body: { ok: false, error: 'token_revoked' } }));
      const proc = run('remind.js', env());
      expect(await proc.exit).toBe(1);
      expect(proc.stderr.join('')).toContain('Reminder digest not posted: SLACK_BOT_TOKEN was refused by Slack (token_revoked)');
    });

    it.each([
      ['archived', () => ({ body: { ok: true, channel: { id: 'C0NOTIFY1', is_archived: true } } }), 'C0NOTIFY1 is archived'],
      ['gone', () => ({ body: { ok: false, error: 'channel_not_found' } }), 'C0NOTIFY1 was not found'],
    ])('a channel that is %s: exit 1 saying so', async (_name, reply, message) => {
      slack.override('conversations.info', reply);
      const proc = run('remind.js', env());
      expect(await proc.exit).toBe(1);
      expect(proc.stderr.join('')).toContain(message);
    });
  });

  it("npm run remind: Vultr's error text echoing the API key is redacted on stderr", async () => {
    vultr.failNext('list', { status: 400, body: JSON.stringify({ error: `Invalid API key ${SECRETS.vultrKey}`, status: 400 }) });
    const proc = run('remind.js', { ...baseEnv(), INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1' });
    expect(await proc.exit).toBe(1);
    const stderr = proc.stderr.join('');
    expect(stderr).toContain('Invalid API key [REDACTED]');
    for (const secret of Object.values(SECRETS)) expect(stderr).not.toContain(secret);
  });
});
