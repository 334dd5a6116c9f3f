import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import { postNotification, type NotifyResult } from '../slack/notify';
import type { VultrError } from '../vultr/errors';
import { isVultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';
import { renderResendNotification, type ActionSource } from '../views/notification';
import { expiredOf, pageOf, selectPending, type InvitationPage } from './listing';
import type { FlightResult, ResendRequest, ResendSingleFlight } from './resend';

export interface InvitationDirectory {
  listInvitations(): Promise<Invitation[]>;
}

/** One page of the pending list, as `/invites TEXT` and the paging buttons show it. */
export async function loadPendingPage(
  directory: InvitationDirectory,
  filter: string,
  pageIndex: number,
  now: Date,
): Promise<InvitationPage> {
  const selected = selectPending(await directory.listInvitations(), filter);
  return { ...pageOf(selected, pageIndex, filter), expired: expiredOf(selected, now) };
}

export interface ResendDeps {
  directory: InvitationDirectory;
  resends: ResendSingleFlight;
  slack: WebClient;
  logger: Logger;
  now: () => Date;
}

/** Who asked for a resend, from where, and where the team is told (undefined: nowhere). */
export interface ResendContext {
  actorUserId: string;
  source: ActionSource;
  notifyChannel: string | undefined;
  /** Post the notification as a reply in this thread (the digest's own), not as a new message. */
  notifyThreadTs?: string;
}

export interface ItemResult extends FlightResult {
  request: ResendRequest;
}

export interface BatchResult {
  context: ResendContext;
  items: ItemResult[];
  /** The one notification for everything this click resent; null when nothing was resent or there is no channel. */
  notification: NotifyResult | null;
}

/** Resends in flight at once for one bulk click (Vultr's agent bounds the connections as well). */
export const BULK_CONCURRENCY = 2;

/**
 * Resend one or many invitations, each exactly once as shown (single-flight and the stale-row
 * check in resend.ts), a bounded number at a time; then one notification for what this click
 * actually resent. A joined resend is announced by the click that started it.
 */
export async function resendAndNotify(deps: ResendDeps, context: ResendContext, requests: readonly ResendRequest[]): Promise<BatchResult> {
  const items: ItemResult[] = [];
  let next = 0;
  let unexpected: { error: unknown } | undefined;
  const worker = async () => {
    while (next < requests.length && unexpected === undefined) {
      const request = requests[next++] as ResendRequest;
      try {
        items.push({ request, ...(await deps.resends.resend(request, context.actorUserId)) });
      } catch (error) {
        // A bug, not a Vultr failure: stop sending, but still announce what already went out.
        unexpected = { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, requests.length) }, worker));
  items.sort((a, b) => requests.indexOf(a.request) - requests.indexOf(b.request));

  const resent = items.flatMap((item) => (item.outcome.kind === 'resent' && !item.joined ? [item.outcome.invitation] : []));
  let notification: NotifyResult | null = null;
  if (resent.length > 0 && context.notifyChannel !== undefined) {
    const message = renderResendNotification({ actorUserId: context.actorUserId, resent, source: context.source, now: deps.now() });
    notification = await postNotification(deps.slack, context.notifyChannel, message, deps.logger, context.notifyThreadTs);
  }
  if (unexpected) throw unexpected.error;
  return { context, items, notification };
}

/** The list a surface shows after a resend, or why it could not be reloaded. */
export type Reloaded<T> = { data: T } | { error: VultrError };

export async function reload<T>(load: () => Promise<T>): Promise<Reloaded<T>> {
  try {
    return { data: await load() };
  } catch (err) {
    if (!isVultrError(err)) throw err;
    return { error: err };
  }
}

/** Resend, notify, then reload what the clicked surface shows (its list, the digest, the Home page). */
export async function resendThenReload<T>(
  deps: ResendDeps,
  context: ResendContext,
  requests: readonly ResendRequest[],
  load: () => Promise<T>,
): Promise<{ result: BatchResult; reloaded: Reloaded<T> }> {
  const result = await resendAndNotify(deps, context, requests);
  return { result, reloaded: await reload(load) };
}

export interface ListResendReport {
  result: BatchResult;
  list: Reloaded<InvitationPage>;
}

/** A Resend (or Resend all) click in the `/invites` message: the page it came from is reloaded. */
export async function resendFromList(
  deps: ResendDeps,
  context: ResendContext,
  requests: readonly ResendRequest[],
  listState: { filter: string; pageIndex: number },
): Promise<ListResendReport> {
  const { result, reloaded } = await resendThenReload(deps, context, requests, () =>
    loadPendingPage(deps.directory, listState.filter, listState.pageIndex, deps.now()),
  );
  return { result, list: reloaded };
}
