import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

/**
 * Structured JSON logging with redaction. Every line is one JSON object. Before a line is
 * written, every configured secret and anything shaped like a Slack token is replaced, so a
 * secret cannot reach the logs even inside an error message or a request dump.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

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
      ...(extra.code !== undefined ? { error_code: String(extra.code) } : {}),
      ...(extra.statusCode !== undefined ? { error_status: extra.statusCode } : {}),
      ...(typeof extra.data?.error === 'string' ? { slack_error: extra.data.error } : {}),
    };
  }
  return { error_message: String(err) };
}

export class Logger {
  private readonly redact: (text: string) => string;

  constructor(
    private level: Level,
    secrets: readonly string[],
    private readonly sink: Sink = (line) => process.stdout.write(`${line}\n`),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.redact = createRedactor(secrets);
  }

  log(level: Level, msg: string, fields: Fields = {}): void {
    if (rank[level] < rank[this.level]) return;
    const line = JSON.stringify({ time: this.now().toISOString(), level, msg, ...fields }, (_key, value: unknown) =>
      value instanceof Error ? describeError(value) : value,
    );
    this.sink(this.redact(line));
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
    const write = (level: Level) => (...parts: unknown[]) =>
      this.log(level, parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p, replaceErrors))).join(' '), {
        source: 'bolt',
      });
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      setLevel: (level: LogLevel) => {
        this.level = level as Level;
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
