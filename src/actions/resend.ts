import type { KnownBlock } from '@slack/types';
import { resendBatch, resentBy, type BatchResult } from '../domain/batch';
import { loadDigest } from '../domain/digest';
import { reload } from '../domain/directory';
import { loadHome } from '../domain/homeList';
import { loadPendingPage } from '../domain/listing';
import type { ResendRequest } from '../domain/resend';
import type { InvitesDeps } from '../deps';
import type { ActionRequest, ActionSpec } from '../platform/pipeline/pipeline';
import { postNotification, type NotifyResult } from '../platform/notify';
import type { ChannelScreen } from '../platform/surfaces/channelMessage';
import type { EphemeralScreen } from '../platform/surfaces/ephemeral';
import type { HomeScreen } from '../platform/surfaces/homeTab';
import { recentActivityOf } from '../screens/home';
import type { Logger } from '../util/log';
import type { WebClient } from '@slack/web-api';
import { decodeBulkValue, decodeResendValue } from '../views/actionPayloads';
import { renderChannelMessageUpdateFailure, renderDigestResendReport } from '../views/digestReport';
import { renderHomeFailure, renderHomeResendReport } from '../views/homeTab';
import type { SlackMessage } from '../views/message';
import { renderResendNotification } from '../views/notification';
import { notifyFailureText } from '../views/problems';
import { progressText } from '../views/resendNotice';
import { renderListResendReport } from '../views/resendReport';
import { renderWatchNewsAfterResend } from '../views/watchNews';
import type { Invitation } from '../vultr/invitation';

/** What a Resend or Resend all button asks for, whichever surface it sits on. */
export interface ResendClickValue {
  requests: ResendRequest[];
  listState: { q: string; p: number };
}

export const decodeOneResend = (raw: unknown): ResendClickValue | null => {
  const v = decodeResendValue(raw);
  return v && { requests: [{ invitationId: v.i, shownExpiry: v.e }], listState: { q: v.q, p: v.p } };
};

/** A bulk value naming an invitation twice is resent once (and counted once). */
export const decodeBulkResend = (raw: unknown): ResendClickValue | null => {
  const v = decodeBulkValue(raw);
  if (!v) return null;
  const unique = new Map(v.b.map(([invitationId, shownExpiry]) => [invitationId, { invitationId, shownExpiry }]));
  return { requests: [...unique.values()], listState: { q: v.q, p: v.p } };
};

/** "resent" for one, "resent:6,failed:1" for a batch: one field to grep in the audit log. */
export function summarize(kinds: readonly string[]): string {
  if (kinds.length === 1) return kinds[0] as string;
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind}:${n}`).join(',');
}

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

type ResendSpec = ActionSpec<InvitesDeps, ResendClickValue, BatchResult>;

/** Resend (one row) or Resend all (a batch): each invitation exactly once as shown, then one notification for the click. */
function resendSpec(name: string, decode: (raw: unknown) => ResendClickValue | null): ResendSpec {
  return {
    name,
    decode,
    progress: ({ requests }) => (requests.length > 1 ? progressText(requests.length) : undefined),
    run: (deps, { user, place, value }) => resendBatch(deps.resends, { actorUserId: user, ...place }, value.requests),
    // Before anything is reloaded: the kept list must not show these rows as they were.
    async remember(deps, _request, result) {
      await Promise.all(result.items.map((item) => deps.directory.learn(item.request.invitationId, item.outcome)));
    },
    interruption: (result) => result.interruptedBy,
    notify: (deps, request, result) => notifyResent(request.args.client, deps.logger, result, deps.now()),
    notifyProblem: (failure) => notifyFailureText(failure.channel, failure.slackError),
    audit(result, request, notified) {
      const outcome = summarize(result.items.map((i) => i.outcome.kind));
      return {
        outcome,
        // A click or batch that only resent is routine; anything else is worth a look.
        routine: /^resent(:\d+)?$/.test(outcome),
        fields: {
          source: result.context.source,
          invitation_ids: request.value.requests.map((r) => r.invitationId),
          joined: result.items.some((i) => i.joined),
          notified,
          resent_emails: resentBy(result).map((invitation) => invitation.emailInvited),
        },
      };
    },
  };
}

export const resendOne = resendSpec('resend', decodeOneResend);
export const resendAll = resendSpec('resend_all', decodeBulkResend);

/** The `/invites` message: the outcome replaces the list in place, on top of the refreshed page. */
export const resendOnList: EphemeralScreen<InvitesDeps, ResendClickValue, BatchResult> = async (deps, { value }, result, notifyProblem) => {
  const { q, p } = value.listState;
  const shown = await reload(() => loadPendingPage(deps.directory, deps.rowGroups, q, p, deps.now()));
  return {
    message: renderListResendReport({ result, shown, ...(notifyProblem ? { notifyProblem } : {}) }, value.listState, deps.now()),
    replace: true,
  };
};

/** The App Home tab, republished with the outcome on top. */
export const resendOnHome: HomeScreen<InvitesDeps, ResendClickValue, BatchResult> = {
  async show(deps, { value }, result, notifyProblem) {
    const shown = await reload(() => loadHome(deps.directory, deps.rowGroups, value.listState.p, deps.now()));
    const recent = await recentActivityOf(deps);
    const report = { result, shown, ...(notifyProblem ? { notifyProblem } : {}) };
    return renderHomeResendReport(report, value.listState.p, deps.now(), recent);
  },
  failure: ({ value }, error) => renderHomeFailure(error, { pageIndex: value.listState.p }),
};

/** A shared channel message rebuilt from what is loaded again, or the clicker told why it could not be. */
function resendInChannel<Shown>(
  noun: string,
  load: (deps: InvitesDeps) => Promise<Shown>,
  render: (request: ActionRequest<ResendClickValue>, result: BatchResult, shown: Shown, now: Date, notifyProblem?: string) => SlackMessage,
): ChannelScreen<InvitesDeps, ResendClickValue, BatchResult> {
  return async (deps, request, result, notifyProblem) => {
    const now = deps.now();
    const shown = await reload(() => load(deps));
    const failure = (why: Parameters<typeof renderChannelMessageUpdateFailure>[2]) =>
      renderChannelMessageUpdateFailure(result, now, why, noun, notifyProblem);
    if ('error' in shown) return { tell: failure({ vultr: shown.error }) };
    return { update: render(request, result, shown.data, now, notifyProblem), otherwise: (slack) => failure({ slack }) };
  };
}

/** The reminder digest: rebuilt with what is due now after a click. */
export const resendInDigest = (withinMs: number) =>
  resendInChannel(
    'the digest',
    (deps) => loadDigest(deps.directory, deps.rowGroups, deps.now(), withinMs),
    (_request, result, digest, now, notifyProblem) => renderDigestResendReport(result, digest, now, notifyProblem),
  );

/**
 * The watcher's announcements: the news stays as announced, and Resend is offered only where
 * the invitation, freshly listed, still needs it.
 */
export const resendInWatchNews = resendInChannel(
  'the announcement',
  async (deps): Promise<ReadonlyMap<string, Invitation>> =>
    new Map((await deps.directory.listInvitations()).invitations.map((inv) => [inv.id, inv])),
  // A click on a channel message carries that message: its rows are what was announced.
  (request, result, invitations, now, notifyProblem) =>
    renderWatchNewsAfterResend((request.args.body.message?.blocks ?? []) as KnownBlock[], result, invitations, now, notifyProblem),
);
