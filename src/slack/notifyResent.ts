import type { WebClient } from '@slack/web-api';
import { resentBy, type BatchResult } from '../domain/batch';
import type { Logger } from '../util/log';
import { renderResendNotification } from '../views/notification';
import { postNotification, type NotifyResult } from '../platform/notify';

/**
 * Tells the team what one click resent: one message for the whole click, in the context's
 * channel (and thread). Null when nothing was resent or no channel is configured.
 */
export async function notifyResent(client: WebClient, logger: Logger, result: BatchResult, now: Date): Promise<NotifyResult | null> {
  const resent = resentBy(result);
  const { notifyChannel, notifyThreadTs, actorUserId, source } = result.context;
  if (resent.length === 0 || notifyChannel === undefined) return null;
  const message = renderResendNotification({ actorUserId, resent, source, now });
  return postNotification(client, notifyChannel, message, logger, notifyThreadTs);
}
