import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch as undiciFetch, Response as UndiciResponse, RetryAgent, request, type Dispatcher } from 'undici';

/** A 429 asking for at most this long is waited out inside the one call; a longer one fails the call. */
export const SHORT_RETRY_AFTER_MS = 2000;
const SHORT_RATE_LIMIT_RETRIES = 2;

/**
 * The fetch Bolt uses, the one door every Slack-bound body goes through (Web API calls and posts
 * to a response_url). It does not redact them: a body holds what people typed (a request's
 * reason), and replacing a guessed secret there would confirm the guess to whoever typed it.
 * Secrets are kept out where upstream text enters instead: Vultr's error text is redacted by the
 * Vultr client, a Slack error is shown only when shaped like a code (`slackErrorOf`).
 *
 * Web API calls go through the SDK's own retry policy (retryConfig). A rate-limited call with a
 * short Retry-After is repeated here, inside that one call: the SDK would instead pause its whole
 * queue, holding up every other request of the app. Posts to a response_url have no retry of
 * their own; they replace or add an ephemeral message, so a repeat after a 5xx or 429 is harmless
 * and undici's RetryAgent repeats them a few times.
 *
 * A string body (every Web API call but an upload, every response_url post) goes through undici's
 * request, not its fetch: a plain string can be sent again, and fetch's machinery cost more CPU
 * than the rest of a Web API call (the bench's click row). Anything else goes through undici's
 * fetch, not Node's global one (a second copy of undici): one HTTP parser compiled.
 */
export function createSlackFetch(slackApiUrl: string): typeof fetch {
  const responseUrlDispatcher = new RetryAgent(new Agent({ headersTimeout: 10_000, bodyTimeout: 10_000 }), {
    methods: ['POST'],
    statusCodes: [429, 500, 502, 503, 504],
    maxRetries: 2,
    minTimeout: 300,
    maxTimeout: 3000,
    throwOnError: false,
  });
  const webApiDispatcher = new Agent({ headersTimeout: 10_000, bodyTimeout: 10_000 });
  return async (input: string | URL | Request, init?: RequestInit) => {
    const url = urlOf(input);
    const send = (dispatcher: Dispatcher) =>
      typeof init?.body === 'string' && isPlainHeaders(init.headers)
        ? postString(dispatcher, url, { body: init.body, headers: init.headers, signal: init.signal ?? undefined })
        : undiciFetch(url, init as Parameters<typeof undiciFetch>[1]);
    if (url.startsWith(slackApiUrl)) return waitingOutShortRateLimits(() => send(webApiDispatcher), init?.signal ?? undefined);
    return send(responseUrlDispatcher);
  };
}

async function waitingOutShortRateLimits(send: () => Promise<Response>, signal: AbortSignal | undefined): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await send();
    const waitMs = retryAfterMs(response);
    if (response.status !== 429 || waitMs === undefined || waitMs > SHORT_RETRY_AFTER_MS || attempt >= SHORT_RATE_LIMIT_RETRIES)
      return response;
    await response.body?.cancel();
    // The SDK's own timeout signal bounds the wait too.
    await sleep(waitMs, undefined, signal ? { signal } : {});
  }
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** One POST through undici's request, answered as the Response the SDK reads. */
async function postString(
  dispatcher: Dispatcher,
  url: string,
  init: { body: string; headers: Record<string, string> | undefined; signal: AbortSignal | undefined },
): Promise<Response> {
  const response = await request(url, {
    method: 'POST',
    headers: init.headers,
    body: init.body,
    dispatcher,
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await response.body.text();
  const headers = Object.entries(response.headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((one): [string, string] => [name, one]),
  );
  return new UndiciResponse(text === '' ? null : text, { status: response.statusCode, headers });
}

/** The SDK passes a plain object; a Headers instance or an array of pairs goes through fetch. */
const isPlainHeaders = (headers: RequestInit['headers']): headers is Record<string, string> | undefined =>
  headers === undefined || (typeof headers === 'object' && !Array.isArray(headers) && !('get' in headers));

/** Not `instanceof Request`: reading the global Request loads Node's own copy of undici. */
const urlOf = (input: string | URL | Request): string => (typeof input === 'string' ? input : 'href' in input ? input.href : input.url);
