import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import type { Logger } from '../util/log';
import { createSlackFetch } from './slackFetch';

/**
 * Slack calls a person waits on get a few quick retries, not the SDK's default ten over ~30
 * minutes: by then the answer is useless and the call may be duplicated.
 */
export const interactiveSlackRetry: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000, randomize: true };

export function slackApiUrlOf(config: { slack: { apiUrl: string | undefined } }): string {
  return config.slack.apiUrl ?? 'https://slack.com/api/';
}

/**
 * The Web API client settings shared by the app and the one-shot reminder. `rateLimits: 'fail'`
 * (the app, where people wait): a 429 with a long Retry-After fails that call at once instead of
 * pausing the client's whole queue, so one method's rate limit does not hold up other people's
 * requests; short ones are waited out in the call (slackFetch). `'wait'` (a one-shot run nobody
 * waits on) waits them out.
 */
export function slackClientOptions(
  config: { slack: { apiUrl: string | undefined } },
  logger: Logger,
  retry: RetryOptions = interactiveSlackRetry,
  rateLimits: 'fail' | 'wait' = 'fail',
): WebClientOptions {
  const slackApiUrl = slackApiUrlOf(config);
  return {
    slackApiUrl,
    retryConfig: retry,
    timeout: 10_000,
    rejectRateLimitedCalls: rateLimits === 'fail',
    fetch: createSlackFetch(slackApiUrl),
    logger: logger.forBolt(),
  };
}
