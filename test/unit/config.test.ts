import { ConfigError, parseConfig, secretsOf } from '../../src/config';

const BOT_TOKEN = 'xoxb-test-token';
const SIGNING_SECRET = 'abcdef0123456789abcdef0123456789';
const APP_TOKEN = 'xapp-test-app-token';
const VULTR_KEY = 'VULTRTESTKEYABCDEFGH';

const httpEnv = (): NodeJS.ProcessEnv => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  VULTR_API_KEY: VULTR_KEY,
});

const socketEnv = (): NodeJS.ProcessEnv => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_APP_TOKEN: APP_TOKEN,
  VULTR_API_KEY: VULTR_KEY,
});

/** Runs parseConfig and returns the ConfigError it must throw. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('parseConfig accepted an invalid environment');
}

/** The problems that mention `variable`. */
const problemsFor = (err: ConfigError, variable: string) => err.problems.filter((p) => p.startsWith(`${variable} `));

describe('parseConfig: valid environments', () => {
  it('parses a full HTTP-mode environment', () => {
    const config = parseConfig({
      ...httpEnv(),
      SLACK_APP_ID: 'A0APPTEST',
      SLACK_API_URL: 'https://slack.example.test/api/',
      HOST: '127.0.0.1',
      PORT: '8080',
      VULTR_API_URL: 'https://vultr.example.test',
      VULTR_TIMEOUT_MS: '2500',
      INVITES_NOTIFY_CHANNEL: 'C0CHANTEST',
      INVITES_ALLOWED_USERS: 'U0USERTEST,W0456EFGH',
      INVITES_ALLOWED_USERGROUP: 'S0GROUPTEST',
      LOG_LEVEL: 'debug',
    });
    expect(config).toEqual({
      slack: {
        botToken: BOT_TOKEN,
        signingSecret: SIGNING_SECRET,
        appToken: undefined,
        appId: 'A0APPTEST',
        apiUrl: 'https://slack.example.test/api/',
        mode: 'http',
        host: '127.0.0.1',
        port: 8080,
      },
      vultr: { apiKey: VULTR_KEY, apiUrl: 'https://vultr.example.test', timeoutMs: 2500 },
      listCacheTtlMs: 30_000,
      notifyChannel: 'C0CHANTEST',
      requestsPerHour: 30,
      access: { allowedUsers: ['U0USERTEST', 'W0456EFGH'], allowedUsergroup: 'S0GROUPTEST' },
      reminders: { withinMs: 48 * 3600_000, schedule: undefined, timeZone: 'UTC', postWhenEmpty: false },
      watch: { intervalMs: undefined, announceNew: false },
      redis: undefined,
      dataDir: './data',
      historyDays: 90,
      logLevel: 'debug',
    });
  });

  it('parses a Socket Mode environment without a signing secret', () => {
    const config = parseConfig(socketEnv());
    expect(config.slack.mode).toBe('socket');
    expect(config.slack.appToken).toBe(APP_TOKEN);
    expect(config.slack.signingSecret).toBeUndefined();
  });

  it('is in Socket Mode whenever an app token is set, even with a signing secret', () => {
    const config = parseConfig({ ...httpEnv(), SLACK_APP_TOKEN: APP_TOKEN });
    expect(config.slack.mode).toBe('socket');
    expect(config.slack.signingSecret).toBe(SIGNING_SECRET);
  });

  it('applies the documented defaults', () => {
    const config = parseConfig(httpEnv());
    expect(config.slack.port).toBe(3000);
    expect(config.vultr.apiUrl).toBe('https://api.vultr.com');
    expect(config.vultr.timeoutMs).toBe(5000);
    expect(config.logLevel).toBe('info');
    expect(config.notifyChannel).toBeUndefined();
    expect(config.access).toEqual({ allowedUsers: [], allowedUsergroup: undefined });
    expect(config.slack.apiUrl).toBeUndefined();
    expect(config.slack.appId).toBeUndefined();
  });

  it('treats empty and blank values as unset (defaults apply, optional stays undefined)', () => {
    const config = parseConfig({
      ...httpEnv(),
      PORT: '',
      VULTR_API_URL: '  ',
      VULTR_TIMEOUT_MS: '',
      SLACK_APP_TOKEN: '',
      INVITES_NOTIFY_CHANNEL: ' ',
      INVITES_ALLOWED_USERS: '',
      LOG_LEVEL: '',
    });
    expect(config.slack.port).toBe(3000);
    expect(config.vultr.apiUrl).toBe('https://api.vultr.com');
    expect(config.vultr.timeoutMs).toBe(5000);
    expect(config.slack.mode).toBe('http');
    expect(config.notifyChannel).toBeUndefined();
    expect(config.access.allowedUsers).toEqual([]);
    expect(config.logLevel).toBe('info');
  });

  it('listens on every IPv4 interface unless HOST names an address', () => {
    expect(parseConfig(httpEnv()).slack.host).toBe('0.0.0.0');
    expect(parseConfig({ ...httpEnv(), HOST: '' }).slack.host).toBe('0.0.0.0');
    expect(parseConfig({ ...httpEnv(), HOST: '127.0.0.1' }).slack.host).toBe('127.0.0.1');
    expect(parseConfig({ ...httpEnv(), HOST: '::' }).slack.host).toBe('::');
  });

  it('accepts PORT 0 (pick a free port) and the bounds of the timeout', () => {
    expect(parseConfig({ ...httpEnv(), PORT: '0' }).slack.port).toBe(0);
    expect(parseConfig({ ...httpEnv(), PORT: '65535' }).slack.port).toBe(65535);
    expect(parseConfig({ ...httpEnv(), VULTR_TIMEOUT_MS: '100' }).vultr.timeoutMs).toBe(100);
    expect(parseConfig({ ...httpEnv(), VULTR_TIMEOUT_MS: '120000' }).vultr.timeoutMs).toBe(120000);
  });

  it('accepts LOG_LEVEL in any case', () => {
    expect(parseConfig({ ...httpEnv(), LOG_LEVEL: 'WARN' }).logLevel).toBe('warn');
    expect(parseConfig({ ...httpEnv(), LOG_LEVEL: 'Error' }).logLevel).toBe('error');
  });

  it('ignores unrelated environment variables', () => {
    const config = parseConfig({ ...httpEnv(), PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'test' });
    expect(config.slack.botToken).toBe(BOT_TOKEN);
  });
});

describe('parseConfig: INVITES_ALLOWED_USERS', () => {
  it('splits on commas, trims and drops empty entries', () => {
    const config = parseConfig({ ...httpEnv(), INVITES_ALLOWED_USERS: ' U0USERTEST , W0456EFGH,,U0789XYZ, ' });
    expect(config.access.allowedUsers).toEqual(['U0USERTEST', 'W0456EFGH', 'U0789XYZ']);
  });

  it('accepts a single user', () => {
    expect(parseConfig({ ...httpEnv(), INVITES_ALLOWED_USERS: 'U0USERTEST' }).access.allowedUsers).toEqual(['U0USERTEST']);
  });

  it.each([
    ['a channel id', 'U0USERTEST,C0CHANTEST'],
    ['a lower-case id', 'u0123abcd'],
    ['a name', '@dana'],
    ['a too short id', 'U1'],
    ['ids separated by spaces only', 'U0123ABCD W0456EFGH'],
  ])('rejects %s', (_label, value) => {
    const err = configError({ ...httpEnv(), INVITES_ALLOWED_USERS: value });
    expect(problemsFor(err, 'INVITES_ALLOWED_USERS')).toEqual([
      'INVITES_ALLOWED_USERS must be comma-separated Slack user IDs like U0123ABCD,U0456EFGH',
    ]);
  });
});

describe('parseConfig: errors', () => {
  it('reports every missing required variable in ONE ConfigError', () => {
    const err = configError({});
    expect(err.name).toBe('ConfigError');
    expect(problemsFor(err, 'SLACK_BOT_TOKEN')).toHaveLength(1);
    expect(problemsFor(err, 'VULTR_API_KEY')).toHaveLength(1);
    expect(problemsFor(err, 'SLACK_SIGNING_SECRET')).toHaveLength(1);
    expect(err.problems).toHaveLength(3);
    for (const variable of ['SLACK_BOT_TOKEN', 'VULTR_API_KEY', 'SLACK_SIGNING_SECRET']) {
      expect(err.message).toContain(variable);
    }
    expect(problemsFor(err, 'SLACK_BOT_TOKEN')[0]).toMatch(/is required/);
    expect(problemsFor(err, 'VULTR_API_KEY')[0]).toMatch(/is required/);
    expect(problemsFor(err, 'SLACK_SIGNING_SECRET')[0]).toMatch(/SLACK_APP_TOKEN/);
    expect(err.message).toMatch(/^Invalid configuration:\n/);
    expect(err.message).toContain('.env.example');
  });

  it('requires the signing secret only without an app token', () => {
    const err = configError({ SLACK_BOT_TOKEN: BOT_TOKEN, VULTR_API_KEY: VULTR_KEY });
    expect(err.problems).toEqual(['SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)']);
    expect(() => parseConfig(socketEnv())).not.toThrow();
  });

  it('reports the missing signing secret together with other problems', () => {
    const err = configError({ SLACK_BOT_TOKEN: BOT_TOKEN, VULTR_API_KEY: VULTR_KEY, PORT: 'abc' });
    expect(problemsFor(err, 'PORT')).toHaveLength(1);
    expect(problemsFor(err, 'SLACK_SIGNING_SECRET')).toHaveLength(1);
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', /xoxb-/],
    ['SLACK_BOT_TOKEN', 'xoxb-', /xoxb-/],
    ['SLACK_SIGNING_SECRET', 'not-hex-at-all-zzzz', /Signing Secret/],
    ['SLACK_SIGNING_SECRET', 'abcdef', /Signing Secret/],
    ['SLACK_APP_TOKEN', 'xoxb-not-an-app-token', /xapp-/],
    ['SLACK_APP_ID', 'B0123', /app ID/],
    ['HOST', 'every interface', /IP address to listen on/],
    ['HOST', '*', /IP address to listen on/],
    ['INVITES_REQUESTS_PER_HOUR', '0', /access requests per hour from 1 to 10000/],
    ['INVITES_REQUESTS_PER_HOUR', 'many', /access requests per hour/],
    ['PORT', 'abc', /port number/],
    ['PORT', '3000.5', /port number between 0 and 65535/],
    ['PORT', '70000', /between 0 and 65535/],
    ['PORT', '-1', /between 0 and 65535/],
    ['SLACK_API_URL', 'not a url', /URL/],
    ['VULTR_API_KEY', 'short', /Vultr API key/],
    ['VULTR_API_KEY', 'has a space in it', /Vultr API key/],
    ['VULTR_API_URL', 'not a url', /URL/],
    ['VULTR_TIMEOUT_MS', 'ten', /milliseconds/],
    ['VULTR_TIMEOUT_MS', '99', /from 100 to 120000/],
    ['VULTR_TIMEOUT_MS', '120001', /from 100 to 120000/],
    ['VULTR_TIMEOUT_MS', '1500.5', /whole number/],
    ['INVITES_NOTIFY_CHANNEL', '#general', /channel ID/],
    ['INVITES_ALLOWED_USERGROUP', 'U0123ABCD', /user group ID/],
    ['LOG_LEVEL', 'verbose', /debug, info, warn, error/],
  ])('names %s when it is %j', (variable, value, expected) => {
    const err = configError({ ...httpEnv(), [variable]: value });
    const problems = problemsFor(err, variable);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
    // Only that variable is reported.
    expect(err.problems).toEqual(problems);
  });

  // The messages promise "an http(s) URL"; a scheme-less host:port such as "api.vultr.com:443"
  // parses as a URL with scheme "api.vultr.com:" and must not pass.
  it.each([
    ['VULTR_API_URL', 'api.vultr.com:443'],
    ['VULTR_API_URL', 'ftp://api.vultr.com'],
    ['SLACK_API_URL', 'localhost:8080'],
    ['VULTR_API_URL', 'http://api.vultr.com'], // the key would cross the network in clear text
    ['SLACK_API_URL', 'http://10.0.0.5/api/'],
  ])('rejects %s=%j, which is not https (or http to this machine)', (variable, value) => {
    const err = configError({ ...httpEnv(), [variable]: value });
    expect(problemsFor(err, variable)).toHaveLength(1);
  });

  it('reports several invalid values at once', () => {
    const err = configError({ ...httpEnv(), PORT: 'abc', LOG_LEVEL: 'loud', VULTR_TIMEOUT_MS: '5' });
    expect(err.problems.map((p) => p.split(' ')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'VULTR_TIMEOUT_MS']);
  });

  it('never echoes secret values in the error, whether they are invalid or valid', () => {
    const secrets = {
      SLACK_BOT_TOKEN: 'xoxp-FAKEBOTSECRETvalue',
      SLACK_SIGNING_SECRET: 'FAKESIGNINGSECRET-not-hex',
      SLACK_APP_TOKEN: 'xoxb-FAKEAPPSECRETvalue',
      VULTR_API_KEY: 'FAKE VULTR SECRET',
    };
    const invalid = configError(secrets);
    expect(invalid.problems.length).toBeGreaterThanOrEqual(4);
    for (const value of [...Object.values(secrets), 'FAKEBOTSECRET', 'FAKESIGNINGSECRET', 'FAKEAPPSECRET', 'VULTR SECRET']) {
      expect(invalid.message).not.toContain(value);
      expect(JSON.stringify(invalid.problems)).not.toContain(value);
    }

    // Valid secrets next to an unrelated problem are not echoed either.
    const valid = configError({ ...httpEnv(), SLACK_APP_TOKEN: APP_TOKEN, PORT: 'nope' });
    for (const value of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, VULTR_KEY]) {
      expect(valid.message).not.toContain(value);
    }
  });

  it('does not echo other invalid values either', () => {
    const err = configError({ ...httpEnv(), INVITES_ALLOWED_USERS: 'U0USERTEST,leaky-value-42', PORT: 'port-value-xyz' });
    expect(err.message).not.toContain('leaky-value-42');
    expect(err.message).not.toContain('port-value-xyz');
  });
});

describe('parseConfig: reminders', () => {
  it.each([
    ['48h', 48 * 3600_000],
    ['90m', 90 * 60_000],
    ['2d', 2 * 86_400_000],
    ['12 H', 12 * 3600_000],
    ['35d', 35 * 86_400_000],
  ])('reads INVITES_REMIND_WITHIN=%s', (raw, ms) => {
    expect(parseConfig({ ...httpEnv(), INVITES_REMIND_WITHIN: raw }).reminders.withinMs).toBe(ms);
  });

  it.each(['0h', '48', 'soon', '-3h', '2w'])('rejects INVITES_REMIND_WITHIN=%s', (raw) => {
    expect(problemsFor(configError({ ...httpEnv(), INVITES_REMIND_WITHIN: raw }), 'INVITES_REMIND_WITHIN')).toHaveLength(1);
  });

  it('accepts a 5-field and a 6-field (seconds) schedule with a time zone', () => {
    for (const schedule of ['0 9 * * 1-5', '*/10 * * * * *']) {
      const config = parseConfig({
        ...httpEnv(),
        INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1',
        INVITES_REMIND_SCHEDULE: schedule,
        INVITES_REMIND_TZ: 'Europe/Berlin',
      });
      expect(config.reminders).toMatchObject({ schedule, timeZone: 'Europe/Berlin' });
    }
  });

  it('rejects a bad schedule, a bad time zone, and a schedule without a notify channel', () => {
    const err = configError({ ...httpEnv(), INVITES_REMIND_SCHEDULE: '61 * * * *', INVITES_REMIND_TZ: 'Mars/Base' });
    expect(problemsFor(err, 'INVITES_REMIND_SCHEDULE')).toHaveLength(1);
    expect(problemsFor(err, 'INVITES_REMIND_TZ')).toHaveLength(1);
    const noChannel = configError({ ...httpEnv(), INVITES_REMIND_SCHEDULE: '0 9 * * *' });
    expect(problemsFor(noChannel, 'INVITES_NOTIFY_CHANNEL')[0]).toContain('INVITES_REMIND_SCHEDULE');
  });

  it.each([
    ['2s', 2_000],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1H', 3_600_000],
  ])('reads INVITES_WATCH_INTERVAL=%s', (raw, ms) => {
    expect(parseConfig({ ...httpEnv(), INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1', INVITES_WATCH_INTERVAL: raw }).watch.intervalMs).toBe(ms);
  });

  it.each(['1s', '0m', '5', 'often', '-5m'])('rejects INVITES_WATCH_INTERVAL=%s', (raw) => {
    expect(
      problemsFor(
        configError({ ...httpEnv(), INVITES_NOTIFY_CHANNEL: 'C0NOTIFY1', INVITES_WATCH_INTERVAL: raw }),
        'INVITES_WATCH_INTERVAL',
      ),
    ).toHaveLength(1);
  });

  it('needs INVITES_NOTIFY_CHANNEL when the watcher is on, and says why; reads INVITES_WATCH_NEW', () => {
    const noChannel = configError({ ...httpEnv(), INVITES_WATCH_INTERVAL: '5m' });
    expect(problemsFor(noChannel, 'INVITES_NOTIFY_CHANNEL')[0]).toContain('INVITES_WATCH_INTERVAL');
    expect(parseConfig({ ...httpEnv(), INVITES_WATCH_NEW: 'true' }).watch.announceNew).toBe(true);
    expect(problemsFor(configError({ ...httpEnv(), INVITES_WATCH_NEW: 'sometimes' }), 'INVITES_WATCH_NEW')).toHaveLength(1);
  });

  it('reads INVITES_REMIND_POST_WHEN_EMPTY as a boolean', () => {
    expect(parseConfig({ ...httpEnv(), INVITES_REMIND_POST_WHEN_EMPTY: 'TRUE' }).reminders.postWhenEmpty).toBe(true);
    expect(
      problemsFor(configError({ ...httpEnv(), INVITES_REMIND_POST_WHEN_EMPTY: 'yes please' }), 'INVITES_REMIND_POST_WHEN_EMPTY'),
    ).toHaveLength(1);
  });
});

describe('parseConfig: Redis', () => {
  it('is in-process when REDIS_URL is unset', () => {
    expect(parseConfig(httpEnv()).redis).toBeUndefined();
  });

  it('takes redis:// and rediss:// URLs with the default or a chosen prefix', () => {
    expect(parseConfig({ ...httpEnv(), REDIS_URL: 'redis://redis:6379' }).redis).toEqual({ url: 'redis://redis:6379', prefix: undefined });
    expect(parseConfig({ ...httpEnv(), REDIS_URL: 'rediss://cache.example:6380/2', INVITES_REDIS_PREFIX: 'bot-a:' }).redis).toEqual({
      url: 'rediss://cache.example:6380/2',
      prefix: 'bot-a:',
    });
  });

  it('refuses other schemes and odd prefixes, naming the variable', () => {
    const err = configError({ ...httpEnv(), REDIS_URL: 'http://redis:6379', INVITES_REDIS_PREFIX: 'has space' });
    expect(problemsFor(err, 'REDIS_URL')).toHaveLength(1);
    expect(problemsFor(err, 'INVITES_REDIS_PREFIX')).toHaveLength(1);
  });

  it('treats the URL and its password as secrets', () => {
    const secrets = secretsOf(parseConfig({ ...httpEnv(), REDIS_URL: 'redis://:s3cr3t-pass@redis:6379' }));
    expect(secrets).toContain('redis://:s3cr3t-pass@redis:6379');
    expect(secrets).toContain('s3cr3t-pass');
  });
});

describe('secretsOf', () => {
  it('lists every secret that is set', () => {
    const config = parseConfig({ ...httpEnv(), SLACK_APP_TOKEN: APP_TOKEN });
    expect(secretsOf(config).sort()).toEqual([APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, VULTR_KEY].sort());
  });

  it('leaves out the secrets that are not set', () => {
    expect(secretsOf(parseConfig(socketEnv())).sort()).toEqual([APP_TOKEN, BOT_TOKEN, VULTR_KEY].sort());
    expect(secretsOf(parseConfig(httpEnv())).sort()).toEqual([BOT_TOKEN, SIGNING_SECRET, VULTR_KEY].sort());
  });

  it('does not list non-secret settings', () => {
    const config = parseConfig({ ...httpEnv(), INVITES_NOTIFY_CHANNEL: 'C0CHANTEST', SLACK_APP_ID: 'A0APPTEST' });
    expect(secretsOf(config)).not.toContain('C0CHANTEST');
    expect(secretsOf(config)).not.toContain('A0APPTEST');
  });
});
