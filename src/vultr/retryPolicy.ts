import type { RetryHandler } from 'undici';

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff; doubles each retry, with jitter. */
  minDelayMs: number;
  /** Cap on one backoff, and on a Retry-After we are willing to wait. */
  maxDelayMs: number;
}

export const defaultRetrySettings: RetrySettings = { maxRetries: 3, minDelayMs: 500, maxDelayMs: 10_000 };

type RetryCallback = NonNullable<RetryHandler.RetryOptions['retry']>;
type RetryError = Error & { code?: string; statusCode?: number; headers?: Record<string, string | string[]> };

/**
 * The decision undici's RetryHandler asks for on each failed attempt. It keeps undici's own
 * eligibility rules (methods, status codes, error codes from the agent's options) and adds what
 * the default lacks: jitter, so a burst of clicks does not retry in lockstep, and giving up
 * instead of waiting when Vultr asks for a pause longer than a person should wait.
 */
export function retryPolicy(settings: RetrySettings, onRetry: (info: RetryInfo) => void): RetryCallback {
  return (err, { state, opts }, callback) => {
    const { statusCode, code, headers } = err as RetryError;
    const { methods = [], statusCodes = [], errorCodes = [] } = opts.retryOptions ?? {};
    const eligible =
      methods.includes(opts.method) &&
      (statusCode !== undefined ? statusCodes.includes(statusCode) : code !== undefined && errorCodes.includes(code));
    if (!eligible || state.counter > settings.maxRetries) {
      callback(err);
      return;
    }
    const retryAfterMs = parseRetryAfter(headers?.['retry-after']);
    if (retryAfterMs !== null && retryAfterMs > settings.maxDelayMs) {
      callback(err);
      return;
    }
    const backoff = Math.min(settings.minDelayMs * 2 ** (state.counter - 1), settings.maxDelayMs);
    const delayMs = retryAfterMs ?? Math.round(backoff * (0.5 + Math.random() / 2));
    onRetry({ attempt: state.counter, delayMs, statusCode, code, method: opts.method });
    setTimeout(() => callback(null), delayMs);
  };
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  statusCode: number | undefined;
  code: string | undefined;
  method: string;
}

function parseRetryAfter(value: string | string[] | undefined): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
