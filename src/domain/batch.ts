import type { Invitation } from '../vultr/invitation';
import type { FlightResult, ResendRequest, ResendSingleFlight } from './resend';

/** Which surface a resend was clicked on, as the team's notification names it. */
export type ActionSource = 'slash command' | 'digest' | 'App Home' | 'watcher announcement' | 'approval card' | 'grant message';

/** Who asked for a resend, from where, and where the team is told (undefined: nowhere). */
export interface ResendContext {
  actorUserId: string;
  source: ActionSource;
  notifyChannel: string | undefined;
  /** Tell the team in this thread (the digest's own), not as a new message. */
  notifyThreadTs?: string;
}

export interface ItemResult extends FlightResult {
  request: ResendRequest;
}

export interface BatchResult {
  context: ResendContext;
  items: ItemResult[];
  /** A bug (not a Vultr failure) stopped the batch; `items` holds what happened before it. */
  interruptedBy?: Error;
}

/** Resends in flight at once for one bulk click (Vultr's agent bounds the connections as well). */
export const BULK_CONCURRENCY = 2;

/**
 * Resend one or many invitations, each exactly once as shown (single-flight and the stale-row
 * check in resend.ts), a bounded number at a time, in request order. A bug stops the batch but
 * what already happened is still returned, so it can be announced.
 */
export async function resendBatch(
  resends: ResendSingleFlight,
  context: ResendContext,
  requests: readonly ResendRequest[],
): Promise<BatchResult> {
  const items: ItemResult[] = [];
  let next = 0;
  let interruptedBy: Error | undefined;
  const worker = async () => {
    while (next < requests.length && interruptedBy === undefined) {
      const request = requests[next++] as ResendRequest;
      try {
        items.push({ request, ...(await resends.resend(request, context.actorUserId)) });
      } catch (error) {
        interruptedBy = error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, requests.length) }, worker));
  items.sort((a, b) => requests.indexOf(a.request) - requests.indexOf(b.request));
  return { context, items, ...(interruptedBy ? { interruptedBy } : {}) };
}

/** What this click itself resent (a joined click's resend is announced by the click that started it). */
export function resentBy(result: BatchResult): Invitation[] {
  return result.items.flatMap((item) => (item.outcome.kind === 'resent' && !item.joined ? [item.outcome.invitation] : []));
}
