import type { WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/types';
import { describeError } from '../util/log';

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
