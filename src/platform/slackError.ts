/**
 * Slack's error code (`not_in_channel`, `invalid_auth`, …), or the code of how the request failed
 * (`slack_webapi_request_error`, …): a short word to log, show (escaped) and act on, never the
 * SDK's whole message, which may quote a request.
 */
export function slackErrorOf(err: unknown): string {
  const failure = err as { code?: unknown } | null;
  return slackRefusalOf(err) ?? (typeof failure?.code === 'string' && ERROR_CODE.test(failure.code) ? failure.code : 'request_failed');
}

/** What an error code looks like; anything else Slack put there is not shown (it is upstream text). */
const ERROR_CODE = /^[a-z0-9_.-]{1,64}$/i;

/** Slack's own error code when Slack answered with one (`invalid_auth`, `hash_conflict`, …); undefined when the request failed on the way. */
export function slackRefusalOf(err: unknown): string | undefined {
  const failure = err as { data?: { error?: unknown } } | null;
  const code = failure?.data?.error;
  return typeof code === 'string' ? (ERROR_CODE.test(code) ? code : 'unreadable_error') : undefined;
}
