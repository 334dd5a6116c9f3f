import { Agent, RetryAgent, fetch as undiciFetch } from 'undici';

/**
 * The fetch Bolt uses. Web API calls go through the SDK's own retry policy (retryConfig), so
 * they pass straight through. Posts to a response_url (Bolt's respond()) have no retry of their
 * own; they replace or add an ephemeral message, so a repeat after a 5xx or 429 is harmless and
 * undici's RetryAgent repeats them a few times.
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
  return ((input: string | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.startsWith(slackApiUrl)) return fetch(input, init);
    return undiciFetch(url, { ...(init as object), dispatcher: responseUrlDispatcher });
  }) as typeof fetch;
}
