import type { WebClient } from '@slack/web-api';
import type { ModalView } from '@slack/types';
import { describeError } from '../util/log';
import { auditLine, type AuditEvent, type InvitesDeps } from '../deps';

/**
 * Opens a modal with a trigger_id (valid 3 s, once). Never throws: a failure (the trigger
 * expired because the access check was slow, a view Slack refused) is logged once; the caller
 * learns whether it worked, to tell the person another way.
 */
export async function openModal(
  deps: InvitesDeps,
  client: WebClient,
  triggerId: string,
  view: ModalView,
  audit: { event: AuditEvent; user: string; action: string; outcome: string; started: number },
): Promise<boolean> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
    auditLine(deps, audit.event, audit);
    return true;
  } catch (err) {
    auditLine(deps, audit.event, { ...audit, outcome: 'modal_not_opened', error: describeError(err) });
    return false;
  }
}
