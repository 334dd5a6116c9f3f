import type { WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/types';
import { describeError, type Logger } from '../util/log';

/**
 * Opens a modal with a trigger_id (valid 3 s, once). Never throws: a failure (the trigger
 * expired because the access check was slow, a view Slack refused) is logged once; the caller
 * learns whether it worked, to tell the person another way. `audit(null)` means it opened as planned.
 */
export async function openModal(
  client: WebClient,
  triggerId: string,
  view: ModalView,
  audit: (outcome: string | null, extra?: Record<string, unknown>) => void,
): Promise<boolean> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
    audit(null);
    return true;
  } catch (err) {
    audit('modal_not_opened', { error: describeError(err) });
    return false;
  }
}

/**
 * Replaces an open modal's view after the ack (a form's outcome). Never throws: the person may
 * have closed it; a failure is one warn line.
 */
export async function updateModal(
  client: WebClient,
  logger: Logger,
  { viewId, view, event, user }: { viewId: string; view: ModalView; event: string; user: string },
): Promise<void> {
  try {
    await client.views.update({ view_id: viewId, view });
  } catch (err) {
    logger.warn('modal outcome not shown', { event, user, outcome: 'view_update_failed', ...describeError(err) });
  }
}
