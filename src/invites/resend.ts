import { VultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';

/** The part of the Vultr client the resend rules need (an interface, so tests can count calls). */
export interface InvitationSource {
  getInvitation(id: string): Promise<Invitation>;
  resendInvitation(id: string): Promise<Invitation | null>;
}

export type ResendOutcome =
  /** Vultr re-sent the e-mail. `invitation` is its state afterwards (expiresAt null if it could not be read back). */
  | { kind: 'resent'; invitation: Invitation }
  /** The row was stale: the invitation changed since it was shown, so nothing was sent. */
  | { kind: 'changed'; invitation: Invitation }
  /** It is no longer pending (accepted, or another state); nothing was sent. */
  | { kind: 'not_pending'; invitation: Invitation }
  /** Vultr no longer knows it; nothing was sent. */
  | { kind: 'gone' }
  /** It failed. `mayHaveSent` is true only when Vultr may have acted and we could not confirm either way. */
  | { kind: 'failed'; error: VultrError; mayHaveSent: boolean };

export interface ResendRequest {
  invitationId: string;
  /** The expiration the clicked row showed, in Unix seconds (null when it showed none). */
  shownExpiry: number | null;
}

/** Dates as the rows carry them: whole Unix seconds, null when unknown. */
export const toUnixSeconds = (date: Date | null): number | null => (date === null ? null : Math.floor(date.getTime() / 1000));
const unixSeconds = toUnixSeconds;

/**
 * Resend an invitation exactly as the user saw it, at most once per click.
 *
 * Vultr is the source of truth, so this is safe across replicas without a shared store: the
 * invitation is read again first, and if its status or expiration differ from what the row
 * showed, somebody else already acted and nothing is sent. A row that showed no expiration
 * cannot be compared that way; `recentlyResent` (this process resent it a moment ago) then
 * stands in for the changed date.
 */
export async function resendAsShown(
  source: InvitationSource,
  request: ResendRequest,
  recentlyResent = false,
): Promise<ResendOutcome> {
  let current: Invitation;
  try {
    current = await source.getInvitation(request.invitationId);
  } catch (err) {
    return failureBeforeSending(err);
  }
  if (!current.isPending) return { kind: 'not_pending', invitation: current };
  if (unixSeconds(current.expiresAt) !== request.shownExpiry) return { kind: 'changed', invitation: current };
  if (request.shownExpiry === null && recentlyResent) return { kind: 'changed', invitation: current };

  try {
    const answered = await source.resendInvitation(request.invitationId);
    if (answered?.expiresAt) return { kind: 'resent', invitation: answered };
    // The body may be empty (docs/vultr-api.md, Envelopes) or lack the date; read it back for the new expiration.
    const reread = await source.getInvitation(request.invitationId).catch(() => null);
    return { kind: 'resent', invitation: reread ?? { ...current, expiresAt: null } };
  } catch (err) {
    if (!(err instanceof VultrError)) throw err;
    if (err.kind === 'not_found') return { kind: 'gone' };
    if (!err.mayHaveReachedVultr) return { kind: 'failed', error: err, mayHaveSent: false };
    return confirmAfterAmbiguousFailure(source, current, err);
  }
}

/** A timeout or 5xx after sending: did the expiration move? Then the resend happened. */
async function confirmAfterAmbiguousFailure(
  source: InvitationSource,
  before: Invitation,
  error: VultrError,
): Promise<ResendOutcome> {
  try {
    const after = await source.getInvitation(before.id);
    if (unixSeconds(after.expiresAt) !== unixSeconds(before.expiresAt)) return { kind: 'resent', invitation: after };
    return { kind: 'failed', error, mayHaveSent: false };
  } catch {
    return { kind: 'failed', error, mayHaveSent: true };
  }
}

function failureBeforeSending(err: unknown): ResendOutcome {
  if (!(err instanceof VultrError)) throw err;
  if (err.kind === 'not_found') return { kind: 'gone' };
  return { kind: 'failed', error: err, mayHaveSent: false };
}

/** How long a resend counts as "a moment ago" for rows that showed no expiration. */
export const RECENT_RESEND_MS = 10 * 60_000;

export interface FlightResult {
  outcome: ResendOutcome;
  /** True when this click joined a resend another click had already started. */
  joined: boolean;
  /** Who started the resend this click got the outcome of (the clicker, unless it joined). */
  startedBy: string | undefined;
}

/**
 * One resend in flight per invitation in this process: a second click (the same person
 * clicking twice, or two admins on the same row) joins the first instead of e-mailing again.
 */
export class ResendSingleFlight {
  private readonly inFlight = new Map<string, { outcome: Promise<ResendOutcome>; startedBy: string | undefined }>();
  private readonly lastResent = new Map<string, number>();

  constructor(
    private readonly source: InvitationSource,
    private readonly clock: () => number = Date.now,
  ) {}

  async resend(request: ResendRequest, actor?: string): Promise<FlightResult> {
    const running = this.inFlight.get(request.invitationId);
    if (running) return { outcome: await running.outcome, joined: true, startedBy: running.startedBy };
    const last = this.lastResent.get(request.invitationId);
    const recentlyResent = last !== undefined && this.clock() - last < RECENT_RESEND_MS;
    const outcome = resendAsShown(this.source, request, recentlyResent)
      .then((result) => {
        if (result.kind === 'resent') this.remember(request.invitationId);
        return result;
      })
      .finally(() => this.inFlight.delete(request.invitationId));
    this.inFlight.set(request.invitationId, { outcome, startedBy: actor });
    return { outcome: await outcome, joined: false, startedBy: actor };
  }

  private remember(invitationId: string): void {
    const now = this.clock();
    this.lastResent.set(invitationId, now);
    // Forget what is no longer recent, so the map stays as small as the recent activity.
    for (const [id, at] of this.lastResent) if (now - at >= RECENT_RESEND_MS) this.lastResent.delete(id);
  }
}
