import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request, RetryAgent, type RetryHandler } from 'undici';
import { defaultRetrySettings, retryPolicy, type RetryInfo, type RetrySettings } from '../../src/vultr/retryPolicy';

/**
 * retryPolicy returns the `retry` callback undici's RetryHandler calls on each failed attempt:
 * (err, { state: { counter }, opts: { method, retryOptions, ... } }, callback). The handler
 * increments `counter` before asking, so the first retry decision sees counter 1. Calling
 * back with null means "retry now"; calling back with the error means "give up".
 */

const settings: RetrySettings = { maxRetries: 3, minDelayMs: 500, maxDelayMs: 10_000 };

/** What the read dispatcher's RetryHandler passes: GET only, undici's default statuses and codes. */
const readRetryOptions: RetryHandler.RetryOptions = {
  methods: ['GET'],
  statusCodes: [500, 502, 503, 504, 429],
  errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_SOCKET'],
};
/** What the resend dispatcher passes: POST, retried only on 429 and a refused connection. */
const resendRetryOptions: RetryHandler.RetryOptions = { methods: ['POST'], statusCodes: [429], errorCodes: ['ECONNREFUSED'] };

/** Shaped like the RequestRetryError undici's RetryHandler builds for a status >= 300 (retry-handler.js). */
const statusError = (status: number, headers: Record<string, string | string[]> = {}) =>
  Object.assign(new Error('Request failed'), {
    name: 'RequestRetryError',
    code: 'UND_ERR_REQ_RETRY',
    statusCode: status,
    headers,
    data: { count: 1 },
  });

const codeError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

type Ctx = Parameters<ReturnType<typeof retryPolicy>>[1];
const ctx = (counter: number, method: 'GET' | 'POST' = 'GET', retryOptions: RetryHandler.RetryOptions | null = readRetryOptions): Ctx => ({
  state: { counter },
  opts: { method, path: '/v2/invitation', origin: 'https://api.vultr.com', ...(retryOptions ? { retryOptions } : {}) },
});

/** Runs one decision; returns what the callback got and when, and what onRetry saw. */
function decide(err: Error, context: Ctx, custom: RetrySettings = settings) {
  const onRetry = jest.fn<void, [RetryInfo]>();
  const callback = jest.fn<void, [(Error | null)?]>();
  const start = Date.now();
  let calledAt: number | null = null;
  callback.mockImplementation(() => {
    calledAt = Date.now() - start;
  });
  retryPolicy(custom, onRetry)(err, context, callback);
  return {
    onRetry,
    callback,
    /** Advances the fake clock until the callback has been called (or 60 s passed). */
    settle: () => {
      jest.advanceTimersByTime(60_000);
      return calledAt;
    },
    calledAt: () => calledAt,
  };
}

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-04-10T12:00:00Z') });
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('retryPolicy: retries', () => {
  it('retries an eligible status (503 on GET) after a jittered delay within [min/2, min]', () => {
    const err = statusError(503);
    const d = decide(err, ctx(1));
    expect(d.callback).not.toHaveBeenCalled();
    expect(d.onRetry).toHaveBeenCalledTimes(1);
    const { delayMs } = d.onRetry.mock.calls[0]![0];
    expect(delayMs).toBeGreaterThanOrEqual(250);
    expect(delayMs).toBeLessThanOrEqual(500);

    jest.advanceTimersByTime(delayMs - 1);
    expect(d.callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(d.callback).toHaveBeenCalledTimes(1);
    expect(d.callback).toHaveBeenCalledWith(null);
  });

  it('uses the whole jitter range: Math.random 0 gives min/2, close to 1 gives min', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(decide(statusError(503), ctx(1)).onRetry.mock.calls[0]![0].delayMs).toBe(250);
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(decide(statusError(503), ctx(1)).onRetry.mock.calls[0]![0].delayMs).toBe(500);
  });

  it('jitters: many decisions do not all wait the same time, and all stay in range', () => {
    const delays = Array.from({ length: 40 }, () => decide(statusError(503), ctx(1)).onRetry.mock.calls[0]![0].delayMs);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(250);
      expect(delay).toBeLessThanOrEqual(500);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
  ])('doubles the backoff: retry %i waits at most %i ms (and at least half)', (counter, max) => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    expect(decide(statusError(502), ctx(counter)).onRetry.mock.calls[0]![0].delayMs).toBe(max);
    jest.spyOn(Math, 'random').mockReturnValue(0);
    expect(decide(statusError(502), ctx(counter)).onRetry.mock.calls[0]![0].delayMs).toBe(max / 2);
  });

  it('caps the backoff at maxDelayMs', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999999);
    const d = decide(statusError(500), ctx(8), { maxRetries: 10, minDelayMs: 500, maxDelayMs: 3000 });
    expect(d.onRetry.mock.calls[0]![0].delayMs).toBe(3000);
  });

  it('retries a listed connection error code', () => {
    const d = decide(codeError('ECONNRESET'), ctx(1));
    expect(d.onRetry).toHaveBeenCalledTimes(1);
    expect(d.onRetry.mock.calls[0]![0]).toMatchObject({ attempt: 1, code: 'ECONNRESET', statusCode: undefined, method: 'GET' });
    d.settle();
    expect(d.callback).toHaveBeenCalledWith(null);
  });

  it('retries the resend POST on 429 and on a refused connection', () => {
    const on429 = decide(statusError(429), ctx(1, 'POST', resendRetryOptions));
    on429.settle();
    expect(on429.callback).toHaveBeenCalledWith(null);
    const refused = decide(codeError('ECONNREFUSED'), ctx(1, 'POST', resendRetryOptions));
    refused.settle();
    expect(refused.callback).toHaveBeenCalledWith(null);
  });

  it('retries up to and including counter == maxRetries', () => {
    const d = decide(statusError(503), ctx(3));
    d.settle();
    expect(d.callback).toHaveBeenCalledWith(null);
  });

  it('reports each retry through onRetry', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const d = decide(statusError(503), ctx(2));
    expect(d.onRetry).toHaveBeenCalledWith({ attempt: 2, delayMs: 500, statusCode: 503, code: 'UND_ERR_REQ_RETRY', method: 'GET' });
  });
});

describe('retryPolicy: Retry-After', () => {
  it('honours Retry-After in seconds exactly, without jitter', () => {
    const d = decide(statusError(429, { 'retry-after': '2' }), ctx(1));
    expect(d.onRetry.mock.calls[0]![0].delayMs).toBe(2000);
    jest.advanceTimersByTime(1999);
    expect(d.callback).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(d.callback).toHaveBeenCalledWith(null);
  });

  it('honours Retry-After on a 503 as well, even when longer than the usual backoff', () => {
    const d = decide(statusError(503, { 'retry-after': '7' }), ctx(1));
    expect(d.onRetry.mock.calls[0]![0].delayMs).toBe(7000);
    expect(d.settle()).toBe(7000);
  });

  it('accepts Retry-After as an array (first value)', () => {
    const d = decide(statusError(429, { 'retry-after': ['3', '9'] }), ctx(1));
    expect(d.onRetry.mock.calls[0]![0].delayMs).toBe(3000);
  });

  it('accepts Retry-After as an HTTP date', () => {
    const at = new Date(Date.now() + 4000).toUTCString();
    const d = decide(statusError(429, { 'retry-after': at }), ctx(1));
    expect(d.onRetry.mock.calls[0]![0].delayMs).toBe(4000);
  });

  it('retries at once for Retry-After 0 or a date in the past', () => {
    expect(decide(statusError(429, { 'retry-after': '0' }), ctx(1)).onRetry.mock.calls[0]![0].delayMs).toBe(0);
    const past = new Date(Date.now() - 60_000).toUTCString();
    expect(decide(statusError(429, { 'retry-after': past }), ctx(1)).onRetry.mock.calls[0]![0].delayMs).toBe(0);
  });

  it('waits a Retry-After equal to maxDelayMs', () => {
    const d = decide(statusError(429, { 'retry-after': '10' }), ctx(1));
    expect(d.onRetry.mock.calls[0]![0].delayMs).toBe(10_000);
    d.settle();
    expect(d.callback).toHaveBeenCalledWith(null);
  });

  it('gives up at once when Retry-After exceeds maxDelayMs', () => {
    const err = statusError(429, { 'retry-after': '11' });
    const d = decide(err, ctx(1));
    expect(d.callback).toHaveBeenCalledTimes(1);
    expect(d.callback).toHaveBeenCalledWith(err);
    expect(d.onRetry).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up when an HTTP-date Retry-After is too far away', () => {
    const err = statusError(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
    const d = decide(err, ctx(1));
    expect(d.callback).toHaveBeenCalledWith(err);
  });

  it.each(['', '   ', 'soon'])('falls back to the backoff for an unusable Retry-After %j', (value) => {
    const d = decide(statusError(429, { 'retry-after': value }), ctx(1));
    const { delayMs } = d.onRetry.mock.calls[0]![0];
    expect(delayMs).toBeGreaterThanOrEqual(250);
    expect(delayMs).toBeLessThanOrEqual(500);
  });
});

describe('retryPolicy: gives up', () => {
  const expectGaveUpNow = (err: Error, context: Ctx) => {
    const d = decide(err, context);
    expect(d.callback).toHaveBeenCalledTimes(1);
    expect(d.callback).toHaveBeenCalledWith(err);
    expect(d.onRetry).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  };

  it('when counter > maxRetries', () => {
    expectGaveUpNow(statusError(503), ctx(4));
    expectGaveUpNow(statusError(503), ctx(100));
  });

  it.each([400, 401, 403, 404, 409, 501])('for a status that is not listed (%i)', (status) => {
    expectGaveUpNow(statusError(status), ctx(1));
  });

  it('for a method that is not listed (POST on the read dispatcher)', () => {
    expectGaveUpNow(statusError(503), ctx(1, 'POST'));
  });

  it('for the resend POST on a 5xx or a timeout: the e-mail may already have gone out', () => {
    expectGaveUpNow(statusError(500), ctx(1, 'POST', resendRetryOptions));
    expectGaveUpNow(statusError(503), ctx(1, 'POST', resendRetryOptions));
    expectGaveUpNow(codeError('ECONNRESET'), ctx(1, 'POST', resendRetryOptions));
    expectGaveUpNow(codeError('UND_ERR_HEADERS_TIMEOUT'), ctx(1, 'POST', resendRetryOptions));
  });

  it('for an error code that is not listed', () => {
    expectGaveUpNow(codeError('UND_ERR_HEADERS_TIMEOUT'), ctx(1));
  });

  it('for an error with neither status nor code', () => {
    expectGaveUpNow(new Error('mystery'), ctx(1));
  });

  it('when the handler passes no retry options at all', () => {
    expectGaveUpNow(statusError(503), ctx(1, 'GET', null));
  });
});

describe('defaultRetrySettings', () => {
  it('are within the reference guidance (4–5 attempts, ~0.5 s start, ≤ 15 s cap)', () => {
    expect(defaultRetrySettings.maxRetries).toBeGreaterThanOrEqual(3);
    expect(defaultRetrySettings.maxRetries).toBeLessThanOrEqual(4);
    expect(defaultRetrySettings.minDelayMs).toBeGreaterThanOrEqual(500);
    expect(defaultRetrySettings.maxDelayMs).toBeLessThanOrEqual(15_000);
  });
});

describe('retryPolicy inside undici RetryAgent (loopback server)', () => {
  let server: Server;
  let origin: string;
  let status = 503;
  let attempts = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      attempts += 1;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{"error":"busy","status":' + status + '}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });
  beforeEach(() => {
    jest.useRealTimers();
    attempts = 0;
  });

  async function run(method: 'GET' | 'POST', answer: number, retryOptions: Omit<RetryHandler.RetryOptions, 'retry'>) {
    status = answer;
    const base = new Agent();
    const retries: RetryInfo[] = [];
    const agent = new RetryAgent(base, {
      ...retryOptions,
      retry: retryPolicy({ maxRetries: 3, minDelayMs: 1, maxDelayMs: 5 }, (info) => retries.push(info)),
      throwOnError: false,
    });
    try {
      const response = await request(`${origin}/v2/invitation`, { method, dispatcher: agent });
      const body = await response.body.text();
      return { attempts, retries, finalStatus: response.statusCode, body };
    } finally {
      await base.close();
    }
  }

  it('makes maxRetries + 1 attempts on a persistent 503 and then returns the 503', async () => {
    const { retries, finalStatus, body } = await run('GET', 503, { methods: ['GET'] });
    expect(attempts).toBe(4);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(finalStatus).toBe(503);
    expect(JSON.parse(body)).toEqual({ error: 'busy', status: 503 });
  });

  it('makes one attempt on a 400', async () => {
    const { retries, finalStatus } = await run('GET', 400, { methods: ['GET'] });
    expect(attempts).toBe(1);
    expect(retries).toEqual([]);
    expect(finalStatus).toBe(400);
  });

  it('makes one attempt for a resend POST answered 500', async () => {
    const { finalStatus } = await run('POST', 500, { methods: ['POST'], statusCodes: [429], errorCodes: ['ECONNREFUSED'] });
    expect(attempts).toBe(1);
    expect(finalStatus).toBe(500);
  });
});
