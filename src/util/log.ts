import { type LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import pino, { type Logger as PinoLogger } from 'pino';

/**
 * Structured JSON logging with redaction. Every line is one JSON object. Before a line is
 * written, every configured secret and anything shaped like a Slack token is replaced, so a
 * secret cannot reach the logs even inside an error message or a request dump.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';

export type Fields = Record<string, unknown>;
export type Sink = (line: string) => void;

const tokenShapes = /\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]+/g;

export function createRedactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const sorted = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of sorted) out = out.split(secret).join('[REDACTED]');
    return out.replace(tokenShapes, '[REDACTED]');
  };
}

/** Errors do not serialise with JSON.stringify; keep what helps an operator, never a request dump. */
export function describeError(err: unknown): Fields {
  if (err instanceof Error) {
    const extra = err as Error & { code?: unknown; statusCode?: unknown; data?: { error?: unknown } };
    return {
      error_name: err.name,
      error_message: err.message,
      ...(typeof extra.code === 'string' || typeof extra.code === 'number' ? { error_code: String(extra.code) } : {}),
      ...(extra.statusCode !== undefined ? { error_status: extra.statusCode } : {}),
      ...(typeof extra.data?.error === 'string' ? { slack_error: extra.data.error } : {}),
    };
  }
  return { error_message: String(err) };
}

/** Error objects anywhere in a line's fields become describeError's fields (pino would dump stacks). */
function describeErrors(value: unknown): unknown {
  if (value instanceof Error) return describeError(value);
  if (Array.isArray(value)) return value.map(describeErrors);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, describeErrors(inner)]));
  }
  return value;
}

/**
 * pino writes the JSON line; the sink gets it only after redaction. pino's own `redact` option
 * works on known paths, but a secret can turn up anywhere (an error message, a request dump), so
 * the whole line is redacted by value.
 */
export class Logger {
  private readonly pino: PinoLogger;
  /** The same redaction as the log lines, for everything else that leaves the process (Slack, stderr). */
  readonly redact: (text: string) => string;

  constructor(
    level: Level,
    secrets: readonly string[],
    sink: Sink = (line) => process.stdout.write(`${line}\n`),
    now: () => Date = () => new Date(),
  ) {
    const redact = createRedactor(secrets);
    this.redact = redact;
    this.pino = pino(
      {
        level,
        base: undefined,
        timestamp: () => `,"time":"${now().toISOString()}"`,
        formatters: { level: (label) => ({ level: label }) },
      },
      { write: (line: string) => sink(redact(line.trimEnd())) },
    );
  }

  get level(): Level {
    return this.pino.level as Level;
  }

  log(level: Level, msg: string, fields: Fields = {}): void {
    this.pino[level](describeErrors(fields) as Fields, msg);
  }

  debug(msg: string, fields?: Fields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: Fields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: Fields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: Fields): void {
    this.log('error', msg, fields);
  }

  /** Bolt and its Web API client log through this adapter, so their lines are redacted too. */
  forBolt(): BoltLogger {
    const write =
      (level: Level) =>
      (...parts: unknown[]) =>
        this.log(level, parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p, replaceErrors))).join(' '), {
          source: 'bolt',
        });
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      setLevel: (level: LogLevel) => {
        this.pino.level = level;
      },
      getLevel: () => this.level as LogLevel,
      // Lines already carry source: 'bolt'; Bolt's per-component names add nothing.
      setName: () => undefined,
    };
  }
}

function replaceErrors(_key: string, value: unknown): unknown {
  return value instanceof Error ? describeError(value) : value;
}
