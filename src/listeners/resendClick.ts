import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { resendBatch, type ActionSource, type BatchResult, type ResendContext } from '../domain/batch';
import { reload } from '../domain/directory';
import type { ResendReport } from '../domain/report';
import type { ResendRequest } from '../domain/resend';
import { notifyResent } from '../slack/notifyResent';
import { decodeBulkValue, decodeResendValue } from '../views/actionPayloads';
import { notifyFailureText } from '../views/problems';
import { acceptClick, type AcceptedClick, type ClickArgs, type ClickSurface } from './clickGuard';
import { auditLine, type AuditEvent, type InvitesDeps } from '../deps';

/** What a Resend or Resend all button asks for, whichever surface it sits on. */
export interface ResendClickValue {
  requests: ResendRequest[];
  listState: { q: string; p: number };
}

export type ResendClick = AcceptedClick<ResendClickValue>;

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
 * Where a Resend button sits (the `/invites` message, the App Home tab, the digest) and how that
 * place is told things. Everything else about a resend click is the same everywhere.
 */
export interface ResendSurface<Shown> {
  event: AuditEvent;
  source: ActionSource;
  /** The action ids of its Resend and Resend all buttons, and their names in the audit log. */
  actions: { one: string; all: string };
  auditNames: { one: string; all: string };
  refusals(deps: InvitesDeps, args: ClickArgs): ClickSurface;
  /** Where the team is told about the resend. */
  notifyTarget(deps: InvitesDeps, click: ResendClick): Pick<ResendContext, 'notifyChannel' | 'notifyThreadTs'>;
  /** Shown at once while a batch runs (it takes seconds against the real Vultr). */
  showProgress(deps: InvitesDeps, args: ClickArgs, click: ResendClick, count: number): Promise<void>;
  /**
   * A message several people can click at once (a shared channel message): its reload and update
   * run one click at a time, so a slower click never puts older data back.
   */
  sharedMessageKey?(click: ResendClick): string | undefined;
  /** What the surface shows after the resend, freshly loaded. */
  load(deps: InvitesDeps, click: ResendClick): Promise<Shown>;
  /** The outcome on top of what was reloaded, delivered where the click came from. */
  deliver(deps: InvitesDeps, args: ClickArgs, click: ResendClick, report: ResendReport<Shown>): Promise<void>;
  /** A bug: the clicker learns that something went wrong, without details. */
  fail(deps: InvitesDeps, args: ClickArgs, click: ResendClick, error: unknown): Promise<void>;
}

/** The audit line of a resend click: who, which invitations, what happened, which e-mails went out. */
function auditResend(
  deps: InvitesDeps,
  event: AuditEvent,
  action: string,
  click: ResendClick,
  result: BatchResult,
  notified: boolean | null,
): void {
  auditLine(deps, event, {
    user: click.user,
    action,
    source: result.context.source,
    invitation_ids: click.value.requests.map((r) => r.invitationId),
    outcome: summarize(result.items.map((i) => i.outcome.kind)),
    joined: result.items.some((i) => i.joined),
    notified,
    resent_emails: result.items.flatMap((i) => (i.outcome.kind === 'resent' && !i.joined ? [i.outcome.invitation.emailInvited] : [])),
    started: click.started,
  });
}

/**
 * The one resend click path: accept (ack, decode, authorize), show progress for a batch, resend
 * exactly once as shown, answer the clicker with the outcome and the reloaded surface, and only
 * then tell the team (a slow or rate-limited channel post never delays the clicker's answer).
 */
function resendClickHandler<Shown>(
  deps: InvitesDeps,
  surface: ResendSurface<Shown>,
  action: string,
  decode: (raw: unknown) => ResendClickValue | null,
) {
  return async (args: ClickArgs): Promise<void> => {
    const click = await acceptClick(deps, args, action, decode, surface.refusals(deps, args));
    if (!click) return;
    try {
      const context: ResendContext = { actorUserId: click.user, source: surface.source, ...surface.notifyTarget(deps, click) };
      if (click.value.requests.length > 1) await surface.showProgress(deps, args, click, click.value.requests.length);
      const result = await resendBatch(deps.resends, context, click.value.requests);
      // Before anything is reloaded: the cached list must not show these rows as they were.
      await Promise.all(result.items.map((item) => deps.directory.learn(item.request.invitationId, item.outcome)));
      if (result.interruptedBy !== undefined) {
        // A bug: still announce what already went out, then report the failure.
        await notifyResent(args.client, deps.logger, result, deps.now());
        throw result.interruptedBy;
      }
      const key = surface.sharedMessageKey?.(click);
      const inTurn = <T>(work: () => Promise<T>) => (key === undefined ? work() : deps.messageUpdates.run(key, work));
      const answer = (notifyProblem?: string) =>
        inTurn(async () => {
          const report: ResendReport<Shown> = {
            result,
            shown: await reload(() => surface.load(deps, click)),
            ...(notifyProblem ? { notifyProblem } : {}),
          };
          await surface.deliver(deps, args, click, report);
        });
      await answer();
      const notification = await notifyResent(args.client, deps.logger, result, deps.now());
      if (notification && !notification.ok) await answer(notifyFailureText(notification.channel, notification.slackError));
      auditResend(deps, surface.event, action, click, result, notification?.ok ?? null);
    } catch (err) {
      await surface.fail(deps, args, click, err);
      auditLine(deps, surface.event, { user: click.user, action, outcome: 'error', started: click.started, error: err });
    }
  };
}

/** Registers a surface's Resend and Resend all buttons on the one click path. */
export function registerResendButtons<Shown>(app: App, deps: InvitesDeps, surface: ResendSurface<Shown>): void {
  app.action<BlockAction<ButtonAction>>(surface.actions.one, resendClickHandler(deps, surface, surface.auditNames.one, decodeOneResend));
  app.action<BlockAction<ButtonAction>>(surface.actions.all, resendClickHandler(deps, surface, surface.auditNames.all, decodeBulkResend));
}
