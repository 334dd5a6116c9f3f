import type { WebClient } from '@slack/web-api';
import type { AuditRecord } from '../../coordination/auditLog';
import type { InvitationDirectory } from '../../domain/directory';
import { BOT_ACTOR, type History } from '../../domain/history';
import { markAnnounced, observe, type WatchEvent, type WatchOptions } from '../../domain/watch';
import { describeError, type Logger } from '../../util/log';
import { postNotification } from '../../platform/notify';
import { renderWatchNews } from '../../views/watchNews';
import type { WatchState } from '../../domain/watchState';
import type { GroupGrants } from '../../domain/groupGrants';

export interface WatchDeps {
  directory: InvitationDirectory;
  slack: WebClient;
  state: WatchState;
  /** Invitations that carry a group: their acceptance is announced by the grant ("accepted and joined …"), not here. */
  grants: Pick<GroupGrants, 'get'>;
  history: History;
  logger: Logger;
  now: () => Date;
}

export interface WatchSettings extends WatchOptions {
  channel: string;
}

export type WatchRun = 'learned' | 'nothing_new' | 'announced' | 'post_failed' | 'vultr_failed' | 'vultr_incomplete' | 'skipped' | 'error';

/**
 * One watcher run: list the invitations, fold them into the state, and post what is still
 * unannounced as one message. A Vultr failure, or a list Vultr did not give whole (what is
 * missing from it would look gone, and then new), changes nothing; a refused post keeps the news
 * queued for the next run (and the next run adds its own), so each event is posted once, when a
 * post succeeds. Never throws; one log line per run.
 */
export async function runWatch(deps: WatchDeps, settings: WatchSettings): Promise<WatchRun> {
  const started = Date.now();
  // Set inside the state step; `as` keeps TypeScript from narrowing it to the initial value.
  let outcome = 'nothing_new' as WatchRun;
  let fields: Record<string, unknown> = {};
  let announced: WatchEvent[] = [];
  try {
    const ran = await deps.state.update(async (record) => {
      const list = await deps.directory.listInvitations().catch((err: unknown) => {
        outcome = 'vultr_failed';
        throw err;
      });
      if (!list.complete) {
        outcome = 'vultr_incomplete';
        fields = { reason: list.reason, read: list.invitations.length };
        throw new Error('incomplete list');
      }
      const next = observe(record, list.invitations, deps.now(), settings);
      if (record === null) {
        outcome = 'learned';
        return next;
      }
      if (next.unannounced.length === 0) return next;
      const news = await withoutGrants(deps, next.unannounced);
      if (news.length === 0) {
        announced = next.unannounced;
        return markAnnounced(next);
      }
      const posted = await postNotification(deps.slack, settings.channel, renderWatchNews(news), deps.logger);
      fields = { count: next.unannounced.length, kinds: [...new Set(next.unannounced.map((e) => e.kind))] };
      outcome = posted.ok ? 'announced' : 'post_failed';
      if (posted.ok) announced = next.unannounced;
      return posted.ok ? markAnnounced(next) : next;
    });
    // Recorded once announced, outside the state step: each event is announced (and so recorded) once.
    await deps.history.record(announced.flatMap(historyRecordOf));
    // Another replica's turn, or the shared state is unreachable (its own warning says so).
    if (!ran) outcome = 'skipped';
  } catch (err) {
    // Anything but Vultr failing is a bug; either way the state is as before and the next run retries.
    if (outcome !== 'vultr_incomplete') {
      if (outcome !== 'vultr_failed') outcome = 'error';
      fields = describeError(err);
    }
  }
  const level = {
    learned: 'info',
    nothing_new: 'debug',
    announced: 'info',
    post_failed: 'warn',
    vultr_failed: 'warn',
    vultr_incomplete: 'warn',
    skipped: 'debug',
    error: 'error',
  } as const;
  deps.logger[level[outcome]]('watcher run', {
    event: 'watch',
    outcome,
    channel: settings.channel,
    duration_ms: Date.now() - started,
    ...fields,
  });
  return outcome;
}

/** The news minus the acceptances a grant announces (one message per acceptance, not two). */
async function withoutGrants(deps: WatchDeps, events: readonly WatchEvent[]): Promise<WatchEvent[]> {
  const granted = await Promise.all(events.map(async (e) => e.kind === 'accepted' && (await deps.grants.get(e.invitationId)) !== null));
  return events.filter((_, i) => !granted[i]);
}

/** An accepted or expired invitation as the bot's own history record (new ones are the creations already recorded). */
function historyRecordOf(event: WatchEvent): AuditRecord[] {
  if (event.kind === 'new') return [];
  return [
    {
      at: event.seenAt,
      actor: BOT_ACTOR,
      action: event.kind,
      address: event.email,
      outcome: event.kind,
      detail: `invitation ${event.invitationId}`,
    },
  ];
}
