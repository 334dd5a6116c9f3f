import { Cron } from 'croner';
import { isIP } from 'node:net';
import { z } from 'zod';
import { DURATION_PATTERN, INTERVAL_PATTERN, MIN_WATCH_INTERVAL_MS, parseDuration, parseInterval } from './util/duration';

/**
 * Configuration is read from the environment once, at startup, and never again.
 * Every problem is collected into one message that names the variable and what it
 * should look like, without echoing the value (it may be a secret).
 */

const emptyToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalString = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const slackUserId = /^[UW][A-Z0-9]{2,}$/;

/**
 * An https URL; plain http only to this machine (the test fakes). A typo must not send the
 * Vultr key or the bot token in clear text across a network.
 */
function secureUrl(example: string) {
  return z.string().refine(
    (raw) => {
      try {
        const url = new URL(raw);
        return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
      } catch {
        return false;
      }
    },
    { error: `must be an https URL such as ${example} (plain http only for 127.0.0.1 or localhost)` },
  );
}

/** `true` or `false` in any case, default false; read as a boolean. */
function booleanFlag() {
  return z.preprocess(
    (v) => (typeof v === 'string' ? emptyToUndefined(v.trim().toLowerCase()) : v),
    z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((flag) => flag === 'true'),
  );
}

/** An optional whole number in a range, with a default; every failure says what is expected. */
function wholeNumber(spec: { min: number; max: number; fallback: number; what: string }) {
  const error = `must be ${spec.what}`;
  return z.preprocess(
    emptyToUndefined,
    z.coerce.number({ error }).int({ error }).min(spec.min, { error }).max(spec.max, { error }).default(spec.fallback),
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** croner parses the expression (5 fields, or 6 with seconds); we only ask whether it can. */
function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses the example value .env.example (and deploy/) ships for a variable. It passes the format
 * checks, so the bot would start and fail later ("fetch failed", channel_not_found, everyone
 * refused). Checked first, and alone: it is the one problem worth reporting. Lists count each item.
 */
function notExample(schema: z.ZodString, ...examples: string[]) {
  return schema.refine((raw) => !raw.split(',').some((item) => examples.includes(item.trim())), {
    error: 'still holds the placeholder from .env.example',
    abort: true,
  });
}

const envSchema = (options: ParseOptions) =>
  z
    .object({
      SLACK_BOT_TOKEN: notExample(
        z.string({ error: 'is required: the bot token from "OAuth & Permissions", starting with xoxb-' }),
        'xoxb-your-bot-token',
      ).regex(/^xoxb-\S+$/, { error: 'must be a bot token starting with xoxb-' }),
      SLACK_SIGNING_SECRET: optionalString(
        notExample(z.string(), 'your-signing-secret').regex(/^[a-f0-9]{16,}$/i, {
          error: 'must be the hex "Signing Secret" from "Basic Information"',
        }),
      ),
      SLACK_APP_TOKEN: optionalString(
        notExample(z.string(), 'xapp-your-app-level-token').regex(/^xapp-\S+$/, {
          error: 'must be an app-level token starting with xapp- (scope connections:write)',
        }),
      ),
      SLACK_APP_ID: optionalString(
        notExample(z.string(), 'A0123ABCD').regex(/^A[A-Z0-9]{2,}$/, { error: 'must be an app ID like A0123ABCD' }),
      ),
      HOST: z.preprocess(
        emptyToUndefined,
        z
          .string()
          .refine((raw) => isIP(raw) !== 0 || raw === 'localhost', {
            error: 'must be an IP address to listen on, e.g. 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)',
          })
          .default('0.0.0.0'),
      ),
      PORT: wholeNumber({ min: 0, max: 65535, fallback: 3000, what: 'a port number between 0 and 65535 (0 picks a free port)' }),
      SLACK_API_URL: optionalString(secureUrl('https://slack.com/api/')),
      VULTR_API_KEY: notExample(
        z.string({ error: "is required: a Vultr API key with access to the organization's IAM invitations" }),
        'your-vultr-api-key',
      ).regex(/^\S{10,}$/, { error: 'must be a Vultr API key (no spaces, at least 10 characters)' }),
      VULTR_API_URL: z.preprocess(emptyToUndefined, secureUrl('https://api.vultr.com').default('https://api.vultr.com')),
      VULTR_TIMEOUT_MS: wholeNumber({ min: 100, max: 120_000, fallback: 5_000, what: 'a whole number of milliseconds from 100 to 120000' }),
      INVITES_CACHE_TTL: wholeNumber({
        min: 0,
        max: 3600,
        fallback: 30,
        what: 'a whole number of seconds from 0 to 3600 (0 turns the list cache off)',
      }),
      INVITES_NOTIFY_CHANNEL: optionalString(
        notExample(z.string(), 'C0123ABCD').regex(/^[CG][A-Z0-9]{2,}$/, { error: 'must be a channel ID like C0123ABCD (not a #name)' }),
      ),
      INVITES_ALLOWED_USERS: optionalString(
        notExample(z.string(), 'U0123ABCD', 'U0456EFGH')
          .transform((raw) =>
            raw
              .split(',')
              .map((id) => id.trim())
              .filter((id) => id !== ''),
          )
          .refine((ids) => ids.every((id) => slackUserId.test(id)), {
            error: 'must be comma-separated Slack user IDs like U0123ABCD,U0456EFGH',
          }),
      ),
      INVITES_ALLOWED_USERGROUP: optionalString(
        notExample(z.string(), 'S0123ABCD').regex(/^S[A-Z0-9]{2,}$/, { error: 'must be a user group ID like S0123ABCD' }),
      ),
      INVITES_REQUESTS_PER_HOUR: wholeNumber({
        min: 1,
        max: 10_000,
        fallback: 30,
        what: 'a whole number of access requests per hour from 1 to 10000',
      }),
      INVITES_REMIND_WITHIN: z.preprocess(
        emptyToUndefined,
        z
          .string()
          .regex(DURATION_PATTERN, { error: 'must be a duration like 48h, 90m or 2d' })
          .transform((raw) => parseDuration(raw) ?? 0)
          .refine((ms) => ms > 0, { error: 'must be longer than zero' })
          .default(parseDuration('48h') as number),
      ),
      INVITES_REMIND_SCHEDULE: optionalString(
        z.string().refine(isCronPattern, {
          error: 'must be a cron expression like "0 9 * * 1-5" (5 fields, or 6 with seconds first)',
        }),
      ),
      INVITES_REMIND_TZ: z.preprocess(
        emptyToUndefined,
        z.string().refine(isTimeZone, { error: 'must be an IANA time zone like Europe/Berlin or UTC' }).default('UTC'),
      ),
      INVITES_REMIND_POST_WHEN_EMPTY: booleanFlag(),
      INVITES_WATCH_INTERVAL: optionalString(
        z
          .string()
          .regex(INTERVAL_PATTERN, { error: 'must be an interval like 5m, 30s, 1h or 1d' })
          .transform((raw) => parseInterval(raw) ?? 0)
          .refine((ms) => ms >= MIN_WATCH_INTERVAL_MS, {
            error: 'must be at least 2s (minutes are recommended: each run lists every invitation)',
          }),
      ),
      INVITES_WATCH_NEW: booleanFlag(),
      REDIS_URL: optionalString(
        z.string().refine(
          (raw) => {
            try {
              const url = new URL(raw);
              decodeURIComponent(url.password); // a malformed %-escape in the password would only fail later
              return ['redis:', 'rediss:'].includes(url.protocol);
            } catch {
              return false;
            }
          },
          { error: 'must be a redis:// or rediss:// (TLS) URL, e.g. redis://redis:6379' },
        ),
      ),
      INVITES_REDIS_PREFIX: z.preprocess(
        emptyToUndefined,
        z
          .string()
          .regex(/^[A-Za-z0-9:_.-]{1,64}$/, { error: 'must be 1 to 64 letters, digits or : _ . - (e.g. invites:prod:)' })
          .optional(),
      ),
      INVITES_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
      INVITES_HISTORY_DAYS: wholeNumber({ min: 1, max: 3650, fallback: 90, what: 'a number of days from 1 to 3650 (default 90)' }),
      INVITES_DEFAULT_GROUP: z.preprocess(
        emptyToUndefined,
        z.string().trim().min(1).max(100, { error: 'must be a Vultr group id or display name (at most 100 characters)' }).optional(),
      ),
      LOG_LEVEL: z.preprocess(
        (v) => (typeof v === 'string' ? emptyToUndefined(v.toLowerCase()) : v),
        z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info'),
      ),
    })
    .refine((env) => !options.receivesSlackRequests || Boolean(env.SLACK_APP_TOKEN) || Boolean(env.SLACK_SIGNING_SECRET), {
      path: ['SLACK_SIGNING_SECRET'],
      message: 'is required in HTTP mode (or set SLACK_APP_TOKEN to use Socket Mode)',
      // Report this together with the other problems, not only once they are fixed.
      when: () => true,
    })
    .refine((env) => !env.INVITES_REMIND_SCHEDULE || Boolean(env.INVITES_NOTIFY_CHANNEL), {
      path: ['INVITES_NOTIFY_CHANNEL'],
      message: 'is required when INVITES_REMIND_SCHEDULE is set (the digest is posted there)',
      when: () => true,
    })
    .refine((env) => env.INVITES_WATCH_INTERVAL === undefined || Boolean(env.INVITES_NOTIFY_CHANNEL), {
      path: ['INVITES_NOTIFY_CHANNEL'],
      message: 'is required when INVITES_WATCH_INTERVAL is set (the watcher posts its news there)',
      when: () => true,
    });

interface SlackBase {
  botToken: string;
  appId: string | undefined;
  apiUrl: string | undefined;
  /** The address the HTTP server listens on (HTTP mode): 0.0.0.0 by default, 127.0.0.1 for the demo. */
  host: string;
  port: number;
}

/** HTTP mode: Slack POSTs to /slack/events, verified with the signing secret. */
export type HttpSlack = SlackBase & { mode: 'http'; signingSecret: string; appToken: undefined };
/** Socket Mode: the bot opens a WebSocket with the app token (whenever one is set). */
export type SocketSlack = SlackBase & { mode: 'socket'; appToken: string; signingSecret: string | undefined };
/** `npm run remind` only posts: it receives nothing, so it needs neither. */
export type PostOnlySlack = SlackBase & { mode: 'post-only'; appToken: undefined; signingSecret: undefined };

export interface Config<Slack extends SlackBase = HttpSlack | SocketSlack> {
  slack: Slack;
  vultr: {
    apiKey: string;
    apiUrl: string;
    timeoutMs: number;
  };
  /** How long a loaded invitation list serves page turns; 0: never kept, every load walks Vultr's list. */
  listCacheTtlMs: number;
  notifyChannel: string | undefined;
  /** At most this many access requests (cards in the notification channel) per hour, all requesters together. */
  requestsPerHour: number;
  access: {
    allowedUsers: string[];
    allowedUsergroup: string | undefined;
  };
  reminders: {
    /** Invitations expiring within this many milliseconds are in the digest. */
    withinMs: number;
    /** Cron expression for the in-process schedule; undefined: only `npm run remind`. */
    schedule: string | undefined;
    timeZone: string;
    postWhenEmpty: boolean;
  };
  watch: {
    /** How often the watcher lists the invitations; undefined: the watcher is off. */
    intervalMs: number | undefined;
    /** Also announce invitations that appear (made outside Slack). */
    announceNew: boolean;
  };
  /**
   * The store shared by replicas; undefined: the SQLite file in `dataDir` (one replica). An
   * undefined prefix is the deployment's own (namespace.ts).
   */
  redis: { url: string; prefix: string | undefined } | undefined;
  /** INVITES_DATA_DIR: where the SQLite store lives when there is no Redis. */
  dataDir: string;
  /** INVITES_HISTORY_DAYS: how long the audit log keeps a record. */
  historyDays: number;
  /** INVITES_DEFAULT_GROUP: the Vultr group (id or display name) the invite form preselects. */
  defaultGroup: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** What `npm run remind` gets: the same settings, whether or not it could receive Slack's requests. */
export type PostingConfig = Config<HttpSlack | SocketSlack | PostOnlySlack>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

export interface ParseOptions {
  /** False for `npm run remind`, which only calls Slack and so needs no signing secret. */
  receivesSlackRequests: boolean;
}

export function parseConfig(env: NodeJS.ProcessEnv): Config;
export function parseConfig(env: NodeJS.ProcessEnv, options: ParseOptions): PostingConfig;
export function parseConfig(env: NodeJS.ProcessEnv, options: ParseOptions = { receivesSlackRequests: true }): PostingConfig {
  const result = envSchema(options).safeParse(env);
  if (!result.success) {
    // Issue messages are ours (set above), never zod's defaults that could quote input.
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`);
    throw new ConfigError([...new Set(problems)]);
  }
  const e = result.data;
  const base = { botToken: e.SLACK_BOT_TOKEN, appId: e.SLACK_APP_ID, apiUrl: e.SLACK_API_URL, host: e.HOST, port: e.PORT };
  const slack: HttpSlack | SocketSlack | PostOnlySlack = e.SLACK_APP_TOKEN
    ? { ...base, mode: 'socket', appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET }
    : e.SLACK_SIGNING_SECRET
      ? { ...base, mode: 'http', signingSecret: e.SLACK_SIGNING_SECRET, appToken: undefined }
      : { ...base, mode: 'post-only', appToken: undefined, signingSecret: undefined };
  return {
    slack,
    vultr: { apiKey: e.VULTR_API_KEY, apiUrl: e.VULTR_API_URL, timeoutMs: e.VULTR_TIMEOUT_MS },
    listCacheTtlMs: e.INVITES_CACHE_TTL * 1000,
    notifyChannel: e.INVITES_NOTIFY_CHANNEL,
    requestsPerHour: e.INVITES_REQUESTS_PER_HOUR,
    access: { allowedUsers: e.INVITES_ALLOWED_USERS ?? [], allowedUsergroup: e.INVITES_ALLOWED_USERGROUP },
    reminders: {
      withinMs: e.INVITES_REMIND_WITHIN,
      schedule: e.INVITES_REMIND_SCHEDULE,
      timeZone: e.INVITES_REMIND_TZ,
      postWhenEmpty: e.INVITES_REMIND_POST_WHEN_EMPTY,
    },
    watch: { intervalMs: e.INVITES_WATCH_INTERVAL, announceNew: e.INVITES_WATCH_NEW },
    redis: e.REDIS_URL === undefined ? undefined : { url: e.REDIS_URL, prefix: e.INVITES_REDIS_PREFIX },
    dataDir: e.INVITES_DATA_DIR,
    historyDays: e.INVITES_HISTORY_DAYS,
    defaultGroup: e.INVITES_DEFAULT_GROUP,
    logLevel: e.LOG_LEVEL,
  };
}

/** Every secret value in the config, for the log redactor. */
export function secretsOf(config: PostingConfig): string[] {
  // The Redis URL may carry a password.
  const redisPassword = config.redis === undefined ? undefined : decodeURIComponent(new URL(config.redis.url).password);
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.vultr.apiKey,
    config.redis?.url,
    redisPassword,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/**
 * The one config-or-exit path of the entry points: the configuration, or (it is invalid) the
 * problem reported — on stderr unless `report` says otherwise — and the process ended with exit code 2.
 */
export function configOrExit<C>(
  parse: () => C,
  report: (error: ConfigError) => void = (error) => process.stderr.write(`${error.message}\n`),
): C {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    report(err);
    return process.exit(2);
  }
}
