/**
 * Slack's error code (`not_in_channel`, `invalid_auth`, …), or the code of how the request failed
 * (`slack_webapi_request_error`, …): a short word to log, show (escaped) and act on, never the
 * SDK's whole message, which may quote a request.
 */
export function slackErrorOf(err: unknown): string {
  const failure = err as { code?: unknown } | null;
  return slackRefusalOf(err) ?? (typeof failure?.code === 'string' ? failure.code : 'request_failed');
}

/** Slack's own error code when Slack answered with one (`invalid_auth`, `hash_conflict`, …); undefined when the request failed on the way. */
export function slackRefusalOf(err: unknown): string | undefined {
  const failure = err as { data?: { error?: unknown } } | null;
  return typeof failure?.data?.error === 'string' ? failure.data.error : undefined;
}
