import { LogLevel } from '@slack/bolt';
import { createRedactor, describeError, Logger, type Level } from '../../src/util/log';

const FIXED = new Date('2026-04-10T12:00:00.000Z');
const VULTR_KEY = 'VULTRTESTKEYABCDEFGH';
const SIGNING_SECRET = 'abcdef0123456789abcdef0123456789';

function capture(level: Level = 'debug', secrets: string[] = [VULTR_KEY, SIGNING_SECRET]) {
  const lines: string[] = [];
  const logger = new Logger(
    level,
    secrets,
    (line) => lines.push(line),
    () => FIXED,
  );
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('createRedactor', () => {
  it('replaces every occurrence of every configured secret', () => {
    const redact = createRedactor(['SECRET-ONE', 'SECRET-TWO']);
    expect(redact('a SECRET-ONE b SECRET-TWO c SECRET-ONE')).toBe('a [REDACTED] b [REDACTED] c [REDACTED]');
  });

  it('replaces a secret that contains another secret whole (longest first)', () => {
    const redact = createRedactor(['abcd', 'abcdefgh']);
    expect(redact('x abcdefgh y')).toBe('x [REDACTED] y');
    expect(redact('x abcdefgh y')).not.toContain('efgh');
  });

  it('treats secrets literally, not as regular expressions', () => {
    const redact = createRedactor(['a.b*c+d?']);
    expect(redact('see a.b*c+d? here, not aXbbcd')).toBe('see [REDACTED] here, not aXbbcd');
  });

  it('ignores secrets shorter than 4 characters instead of shredding the text', () => {
    const redact = createRedactor(['', 'ab']);
    expect(redact('abc ab')).toBe('abc ab');
  });

  it.each([
    ['bot token', 'xoxb-test-token'],
    ['user token', 'xoxp-test-user-token'],
    ['app-level token', 'xapp-test-A0-abc-def'],
    ['legacy/other token', 'xoxa-test'],
    ['refresh-style token', 'xoxr-test-refresh'],
  ])('redacts a Slack-token-shaped %s even when not configured', (_label, token) => {
    const redact = createRedactor([]);
    const out = redact(`Authorization: Bearer ${token} (rest)`);
    expect(out).toBe('Authorization: Bearer [REDACTED] (rest)');
  });

  it('leaves ordinary text alone', () => {
    const redact = createRedactor([VULTR_KEY]);
    const text = 'listing invitations for bob@example.com, 3 pending; xox is not a token';
    expect(redact(text)).toBe(text);
  });
});

describe('describeError', () => {
  it('keeps name, message, code, status and the Slack error', () => {
    const err = Object.assign(new Error('An API error occurred: not_in_channel'), {
      code: 'slack_webapi_platform_error',
      statusCode: 200,
      data: { error: 'not_in_channel', response_metadata: { scopes: ['chat:write'] } },
    });
    expect(describeError(err)).toEqual({
      error_name: 'Error',
      error_message: 'An API error occurred: not_in_channel',
      error_code: 'slack_webapi_platform_error',
      error_status: 200,
      slack_error: 'not_in_channel',
    });
  });

  it('leaves out what the error does not carry, and never copies request data', () => {
    const err = Object.assign(new TypeError('boom'), { config: { headers: { authorization: 'Bearer x' } } });
    expect(describeError(err)).toEqual({ error_name: 'TypeError', error_message: 'boom' });
  });

  it('stringifies the code', () => {
    expect(describeError(Object.assign(new Error('x'), { code: 42 })).error_code).toBe('42');
  });

  it('describes non-errors as a message', () => {
    expect(describeError('plain string')).toEqual({ error_message: 'plain string' });
    expect(describeError(undefined)).toEqual({ error_message: 'undefined' });
  });
});

describe('Logger', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const { logger, lines, parsed } = capture();
    logger.info('hello', { event: 'test', count: 3 });
    logger.warn('second');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain('\n');
    expect(parsed()).toEqual([
      { time: '2026-04-10T12:00:00.000Z', level: 'info', msg: 'hello', event: 'test', count: 3 },
      { time: '2026-04-10T12:00:00.000Z', level: 'warn', msg: 'second' },
    ]);
  });

  it('keeps multi-line messages on one line', () => {
    const { logger, lines, parsed } = capture();
    logger.error('line one\nline two', { detail: 'a\nb' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parsed()[0]).toMatchObject({ msg: 'line one\nline two', detail: 'a\nb' });
  });

  it.each<[Level, Level[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('at level %s writes only %j', (level, written) => {
    const { logger, parsed } = capture(level);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((l) => l.level)).toEqual(written);
  });

  it('redacts configured secrets in the message and in nested fields', () => {
    const { logger, lines } = capture();
    logger.info(`calling with ${VULTR_KEY}`, {
      request: { headers: { authorization: `Bearer ${VULTR_KEY}` }, list: ['x', SIGNING_SECRET] },
    });
    expect(lines[0]).not.toContain(VULTR_KEY);
    expect(lines[0]).not.toContain(SIGNING_SECRET);
    const line = JSON.parse(lines[0] as string);
    expect(line.msg).toBe('calling with [REDACTED]');
    expect(line.request.headers.authorization).toBe('Bearer [REDACTED]');
    expect(line.request.list).toEqual(['x', '[REDACTED]']);
  });

  it('redacts Slack-token-shaped strings that were never configured', () => {
    const { logger, lines } = capture('debug', []);
    logger.warn('token leaked', { body: 'token=xoxb-test-token&channel=C1', nested: { t: 'xapp-test-app-token' } });
    expect(lines[0]).not.toMatch(/xoxb-|xapp-/);
    const line = JSON.parse(lines[0] as string);
    expect(line.body).toBe('token=[REDACTED]&channel=C1');
    expect(line.nested.t).toBe('[REDACTED]');
  });

  it('describes errors (also nested ones) and redacts secrets inside their messages', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error(`401 for key ${VULTR_KEY} and xoxb-test-token`), { code: 'E_AUTH' });
    logger.error('failed', { err, context: { cause: new RangeError(`bad ${SIGNING_SECRET}`) } });
    expect(lines[0]).not.toContain(VULTR_KEY);
    expect(lines[0]).not.toContain(SIGNING_SECRET);
    expect(lines[0]).not.toContain('xoxb-test-token');
    const line = JSON.parse(lines[0] as string);
    expect(line.err).toEqual({
      error_name: 'Error',
      error_message: '401 for key [REDACTED] and [REDACTED]',
      error_code: 'E_AUTH',
    });
    expect(line.context.cause).toEqual({ error_name: 'RangeError', error_message: 'bad [REDACTED]' });
  });

  it('redacts secrets that appear in field names too', () => {
    const { logger, lines } = capture();
    logger.info('odd', { [VULTR_KEY]: 1 });
    expect(lines[0]).not.toContain(VULTR_KEY);
  });

  it('uses the real clock by default', () => {
    const lines: string[] = [];
    const logger = new Logger('info', [], (line) => lines.push(line));
    const before = Date.now();
    logger.info('now');
    const time = Date.parse(JSON.parse(lines[0] as string).time);
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    expect(time).toBeLessThanOrEqual(Date.now() + 1000);
  });

  describe('forBolt', () => {
    it('writes Bolt lines through the same redaction, tagged source: bolt', () => {
      const { logger, lines } = capture();
      const bolt = logger.forBolt();
      bolt.error('socket failed', new Error(`token xoxb-test-token key ${VULTR_KEY}`), { n: 1 });
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toContain('xoxb-test-token');
      expect(lines[0]).not.toContain(VULTR_KEY);
      const line = JSON.parse(lines[0] as string);
      expect(line).toMatchObject({ level: 'error', source: 'bolt' });
      expect(line.msg).toContain('socket failed');
      expect(line.msg).toContain('[REDACTED]');
      expect(line.msg).toContain('"n":1');
    });

    it('follows setLevel and reports getLevel', () => {
      const { logger, parsed } = capture('info');
      const bolt = logger.forBolt();
      bolt.debug('hidden');
      expect(parsed()).toHaveLength(0);
      bolt.setLevel(LogLevel.DEBUG);
      expect(bolt.getLevel()).toBe('debug');
      bolt.debug('shown');
      logger.debug('shown too');
      expect(parsed().map((l) => l.msg)).toEqual(['shown', 'shown too']);
      bolt.setLevel(LogLevel.ERROR);
      bolt.warn('hidden again');
      expect(parsed()).toHaveLength(2);
    });

    it('ignores setName', () => {
      const { logger, parsed } = capture();
      const bolt = logger.forBolt();
      bolt.setName('web-api:WebClient');
      bolt.info('x');
      expect(parsed()[0]).toMatchObject({ msg: 'x', source: 'bolt' });
      expect(JSON.stringify(parsed()[0])).not.toContain('web-api');
    });
  });
});
