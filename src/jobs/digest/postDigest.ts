import type { WebClient } from '@slack/web-api';
import { describeError, type Logger } from '../../util/log';
import { renderDigest } from '../../views/digest';
import { digestSize, loadDigest, type Digest } from '../../domain/digest';
import type { InvitationDirectory } from '../../domain/directory';
import type { GroupsOfRows } from '../../domain/rowGroups';
import { slackErrorOf } from '../../platform/slackError';

export interface ReminderSettings {
  channel: string;
  withinMs: number;
  postWhenEmpty: boolean;
}

export type DigestRun =
  { kind: 'posted'; count: number; ts: string | undefined } | { kind: 'nothing_due' } | { kind: 'failed'; reason: string };

/**
 * One reminder run: read Vultr, post the digest to the channel (or nothing, when nothing is
 * due and empty digests are off). Never throws: the outcome says what happened, for the
 * one-shot command's exit code and the scheduler's log line.
 */
export async function runReminderDigest(
  deps: { directory: InvitationDirectory; rowGroups: GroupsOfRows; slack: WebClient; logger: Logger; now: () => Date },
  settings: ReminderSettings,
): Promise<DigestRun> {
  const started = Date.now();
  const finish = (run: DigestRun, extra: Record<string, unknown> = {}): DigestRun => {
    deps.logger[run.kind === 'failed' ? 'error' : 'info']('reminder digest', {
      event: 'reminder',
      outcome: run.kind,
      channel: settings.channel,
      duration_ms: Date.now() - started,
      ...(run.kind === 'posted' ? { count: run.count } : {}),
      ...(run.kind === 'failed' ? { reason: run.reason } : {}),
      ...extra,
    });
    return run;
  };
  let digest: Digest;
  try {
    digest = await loadDigest(deps.directory, deps.rowGroups, deps.now(), settings.withinMs);
  } catch (err) {
    return finish({ kind: 'failed', reason: `could not read invitations from Vultr: ${(err as Error).message}` }, describeError(err));
  }
  const count = digestSize(digest);
  if (count === 0 && !settings.postWhenEmpty) return finish({ kind: 'nothing_due' });
  const message = renderDigest({ digest, now: deps.now() });
  try {
    const posted = await deps.slack.chat.postMessage({
      channel: settings.channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
    });
    return finish({ kind: 'posted', count, ts: posted.ts });
  } catch (err) {
    const described = describeError(err);
    const slackError = slackErrorOf(err);
    return finish({ kind: 'failed', reason: `Slack refused the digest post to ${settings.channel} (${slackError})` }, described);
  }
}
