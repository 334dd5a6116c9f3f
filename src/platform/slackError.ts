/**
 * Slack's error code (`not_in_channel`, `invalid_auth`, …), or the code of how the request failed
 * (`slack_webapi_request_error`, …): a short word to log, show (escaped) and act on, never the
 * SDK's whole message, which may quote a request.
 */
export function slackErrorOf(err: unknown): string {
  const failure = err as { data?: { error?: unknown }; code?: unknown } | null;
  if (typeof failure?.data?.error === 'string') return failure.data.error;
  return typeof failure?.code === 'string' ? failure.code : 'request_failed';
}
