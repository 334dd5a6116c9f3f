import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Logger } from '../util/log';
import { VultrClient, type VultrLimits } from '../vultr/client';
import type { RetrySettings } from '../vultr/retryPolicy';
import { slackClientOptions } from './clientOptions';

/** How patient a client is: the app's defaults, or what a caller needs (the doctor tries once; tests wait less). */
export interface ClientTuning {
  vultrRetry?: RetrySettings;
  vultrLimits?: Partial<VultrLimits>;
  slackRetry?: RetryOptions;
  /** A rate-limited Slack call fails at once (someone is waiting) or waits (a one-shot job). */
  slackRateLimits?: 'fail' | 'wait';
}

interface ClientConfig {
  slack: { botToken: string; apiUrl: string | undefined };
  vultr: { apiUrl: string; apiKey: string; timeoutMs: number };
}

/** The one way the app, `npm run remind` and the doctor build their Vultr client. */
export function vultrClientFor(config: ClientConfig, logger: Logger, tuning: ClientTuning = {}): VultrClient {
  return new VultrClient({
    ...config.vultr,
    logger,
    ...(tuning.vultrRetry ? { retry: tuning.vultrRetry } : {}),
    ...(tuning.vultrLimits ? { limits: tuning.vultrLimits } : {}),
  });
}

/** The one way the app, `npm run remind` and the doctor build their Slack Web API client. */
export function slackClientFor(config: ClientConfig, logger: Logger, tuning: ClientTuning = {}): WebClient {
  return new WebClient(config.slack.botToken, slackClientOptions(config, logger, tuning.slackRetry, tuning.slackRateLimits));
}
