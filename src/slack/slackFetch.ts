import { Agent, RetryAgent, request } from 'undici';

/**
 * The fetch Bolt uses. Web API calls go through the SDK's own retry policy (retryConfig), so
 * they pass straight through. Posts to a response_url (Bolt's respond()) have no retry of their
 * own; they replace or add an ephemeral message, so a repeat after a 5xx or 429 is harmless and
 * undici's RetryAgent repeats them a few times. undici's request (not its fetch) is used so the
 * body is a plain string that can be sent again.
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
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(slackApiUrl) || typeof init?.body !== 'string') return fetch(input, init);
    const response = await request(url, {
      method: 'POST',
      headers: init.headers as Record<string, string>,
      body: init.body,
      dispatcher: responseUrlDispatcher,
    });
    const text = await response.body.text();
    return new Response(text === '' ? null : text, { status: response.statusCode });
  });
}
