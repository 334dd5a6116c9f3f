import type { WebClient } from '@slack/web-api';
import type { InvitationDirectory } from '../../domain/directory';
import { grantRecord, type GroupGrants, type MembershipDirectory } from '../../domain/groupGrants';
import type { History } from '../../domain/history';
import { postNotification } from '../../platform/notify';
import { describeError, type Logger } from '../../util/log';
import { renderGrantNews } from '../../views/grantNews';

export interface GrantDeps {
  grants: GroupGrants;
  vultr: InvitationDirectory & MembershipDirectory;
  slack: WebClient;
  history: History;
  logger: Logger;
}

/**
 * One grant run: when an intent is waiting, list the invitations once and grant what was
 * accepted; each outcome is posted to the channel and written to the history. Nothing waiting:
 * no Vultr call at all. A list Vultr did not give whole is not used (a missing invitation must
 * not look unaccepted for ever). Never throws; one log line per run that did something.
 */
export async function runGrants(deps: GrantDeps, settings: { channel: string | undefined; intervalMs: number }): Promise<void> {
  const started = Date.now();
  try {
    const open = await deps.grants.open();
    if (!open.some((intent) => intent.state.kind === 'waiting')) return;
    const list = await deps.vultr.listInvitations();
    if (!list.complete) {
      deps.logger.warn('grant run', { event: 'grants', outcome: 'vultr_incomplete', reason: list.reason });
      return;
    }
    const outcomes = await deps.grants.run(deps.vultr, list.invitations, settings.intervalMs);
    for (const outcome of outcomes) {
      // Without INVITES_NOTIFY_CHANNEL the grant still happens; the history and the log say so.
      const posted =
        settings.channel === undefined
          ? { ok: false }
          : await postNotification(deps.slack, settings.channel, renderGrantNews(outcome), deps.logger);
      await deps.history.record([grantRecord(outcome, Date.now())]);
      deps.logger[outcome.kind === 'granted' ? 'info' : 'warn']('grant', {
        event: 'grants',
        outcome: outcome.kind,
        invitation_id: outcome.intent.invitationId,
        email: outcome.intent.email,
        group_id: outcome.intent.group.id,
        chosen_by: outcome.intent.chosenBy,
        announced: posted.ok,
        ...(outcome.kind === 'failed' ? { error: outcome.error } : {}),
      });
    }
  } catch (err) {
    deps.logger.warn('grant run', { event: 'grants', outcome: 'failed', duration_ms: Date.now() - started, ...describeError(err) });
  }
}
