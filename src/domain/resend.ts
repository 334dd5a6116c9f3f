import { setTimeout as sleep } from 'node:timers/promises';
import type { Coordination } from '../coordination/coordination';
import { InProcessCoordination } from '../coordination/inProcess';
import { SENDING_TTL_MS } from '../coordination/mutex';
import { SingleFlight } from '../coordination/singleFlight';
import { CoordinationTimeoutError } from '../coordination/timeout';
import { VultrError } from '../vultr/errors';
import { decodeTagged, encodeTagged } from './sharedCodec';
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
  /** This process resent it less than RECENT_RESEND_MS ago and Vultr shows no change to compare: nothing was sent. */
  | { kind: 'recently_resent'; invitation: Invitation }
  /** It is no longer pending (accepted, or another state); nothing was sent. */
  | { kind: 'not_pending'; invitation: Invitation }
  /** Vultr no longer knows it; nothing was sent. */
  | { kind: 'gone' }
  /**
   * It failed. `mayHaveSent` is true when Vultr may have acted and we could not confirm either way
   * (a timeout or a broken connection: Vultr may still apply it later). `lastSeen` is the last
   * re-read after such a failure, when one succeeded: what Vultr showed at the end of the checks.
   */
  | { kind: 'failed'; error: VultrError; mayHaveSent: boolean; lastSeen?: Invitation };

export interface ResendRequest {
  invitationId: string;
  /** The expiration the clicked row showed, in Unix seconds (null when it showed none). */
  shownExpiry: number | null;
}

/** Dates as the rows carry them: whole Unix seconds, null when unknown. */
export const toUnixSeconds = (date: Date | null): number | null => (date === null ? null : Math.floor(date.getTime() / 1000));

/** After a timeout or a broken connection, the re-reads of the invitation happen this long apart (the first at once). */
export const RECHECK_DELAYS_MS: readonly number[] = [1000, 2000, 4000];

export interface ResendOptions {
  /** This process resent the invitation less than RECENT_RESEND_MS ago. */
  recentlyResent?: boolean;
  /** Pauses between the re-reads after an ambiguous failure (tests shorten them). */
  recheckDelaysMs?: readonly number[];
}

/**
 * Resend an invitation exactly as the user saw it, at most once per click.
 *
 * Vultr is the source of truth, so this is safe across replicas without a shared store: the
 * invitation is read again first, and if its status or expiration differ from what the row
 * showed, somebody else already acted and nothing is sent. When Vultr's data cannot show a
 * resend (no expiration, or one Vultr did not move), `recentlyResent` (this process resent it a
 * moment ago) stands in for the changed date, for every row.
 */
export async function resendAsShown(
  source: InvitationSource,
  request: ResendRequest,
  { recentlyResent = false, recheckDelaysMs = RECHECK_DELAYS_MS }: ResendOptions = {},
): Promise<ResendOutcome> {
  let current: Invitation;
  try {
    current = await source.getInvitation(request.invitationId);
  } catch (err) {
    return failureBeforeSending(err);
  }
  if (!current.isPending) return { kind: 'not_pending', invitation: current };
  if (toUnixSeconds(current.expiresAt) !== request.shownExpiry) return { kind: 'changed', invitation: current };
  if (recentlyResent) return { kind: 'recently_resent', invitation: current };

  try {
    const answered = await source.resendInvitation(request.invitationId);
    if (answered?.expiresAt) return { kind: 'resent', invitation: answered };
    // Any 2xx is a resend. The body may be empty or unreadable (docs/vultr-api.md, Envelopes) or lack the date; read it back for the new expiration.
    const reread = await source.getInvitation(request.invitationId).catch(() => null);
    return { kind: 'resent', invitation: reread ?? { ...current, expiresAt: null } };
  } catch (err) {
    if (!(err instanceof VultrError)) throw err;
    if (err.kind === 'not_found') return { kind: 'gone' };
    if (!err.mayHaveReachedVultr) return { kind: 'failed', error: err, mayHaveSent: false };
    return confirmAfterAmbiguousFailure(source, current, err, recheckDelaysMs);
  }
}

/**
 * A timeout, broken connection or 5xx after sending: did the expiration move? Then the resend
 * happened. A 5xx is Vultr's (or its gateway's) answer, so one re-read decides. After a timeout or
 * a broken connection Vultr may still be working on it (it was seen applying a resend 0.8 s after
 * the timeout), so the re-reads are spaced over a few seconds, and if none shows a change the
 * e-mail may still go out: that is what is reported, with what the last re-read found.
 */
async function confirmAfterAmbiguousFailure(
  source: InvitationSource,
  before: Invitation,
  error: VultrError,
  recheckDelaysMs: readonly number[],
): Promise<ResendOutcome> {
  const mayStillApply = error.kind === 'timeout' || error.kind === 'interrupted';
  const pauses = mayStillApply ? [0, ...recheckDelaysMs] : [0];
  let lastSeen: Invitation | undefined;
  for (const pause of pauses) {
    if (pause > 0) await sleep(pause);
    try {
      lastSeen = await source.getInvitation(before.id);
    } catch {
      continue; // a failed re-read proves nothing; the next one may answer
    }
    if (toUnixSeconds(lastSeen.expiresAt) !== toUnixSeconds(before.expiresAt)) return { kind: 'resent', invitation: lastSeen };
  }
  if (lastSeen === undefined) return { kind: 'failed', error, mayHaveSent: true };
  return mayStillApply ? { kind: 'failed', error, mayHaveSent: true, lastSeen } : { kind: 'failed', error, mayHaveSent: false };
}

function failureBeforeSending(err: unknown): ResendOutcome {
  if (!(err instanceof VultrError)) throw err;
  if (err.kind === 'not_found') return { kind: 'gone' };
  return { kind: 'failed', error: err, mayHaveSent: false };
}

/** How long a resend counts as "a moment ago": no click resends the same invitation again within it. */
export const RECENT_RESEND_MS = 10 * 60_000;

export interface FlightResult {
  outcome: ResendOutcome;
  /** True when this click joined a resend another click had already started. */
  joined: boolean;
  /** Who started the resend this click got the outcome of (the clicker, unless it joined). */
  startedBy: string | undefined;
}

/** A resend's outcome as the replicas share it (whether a click joined is each click's own). */
type SharedFlight = Pick<FlightResult, 'outcome' | 'startedBy'>;

const encodeFlight = (flight: SharedFlight): string => encodeTagged(flight);
const decodeFlight = (text: string): SharedFlight | null => decodeTagged(text) as SharedFlight | null;

/** Longest a replica holds an invitation's resend (its lease is refreshed meanwhile): past a resend's worst case with retries and re-checks. */
export const RESEND_LEASE_MS = 5 * 60_000;
/** How long the outcome stays readable for clicks that waited on another replica. */
const OUTCOME_MS = 2 * 60_000;
/** Longest a click waits for another replica's resend of the same invitation (its worst case is under 2 minutes). */
const WAIT_ELSEWHERE_MS = 2 * 60_000;

interface RecentResend {
  at: number;
  /** The expiration Vultr moved it to (null: not moved, or unknown). */
  movedTo: number | null;
}

export interface SingleFlightOptions {
  clock?: () => number;
  /** Pauses between the re-reads after an ambiguous failure (tests shorten them). */
  recheckDelaysMs?: readonly number[];
  /** Longest a click waits for another replica's resend (tests shorten it). */
  waitElsewhereMs?: number;
}

/**
 * One resend in flight per invitation: a second click (the same person clicking twice, or two
 * admins on the same row) joins the first instead of e-mailing again, in this process or on
 * another replica (a single flight per invitation, whose outcome the waiting clicks report). A
 * click after it finished starts a new flight: the re-read decides. The "resent a moment ago"
 * memory is shared the same way.
 */
export class ResendSingleFlight {
  private readonly flights: SingleFlight<SharedFlight>;
  private readonly clock: () => number;
  private readonly recheckDelaysMs: readonly number[];

  constructor(
    private readonly source: InvitationSource,
    private readonly coordination: Coordination = new InProcessCoordination(),
    options: SingleFlightOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.recheckDelaysMs = options.recheckDelaysMs ?? RECHECK_DELAYS_MS;
    this.flights = new SingleFlight(coordination, {
      leasePrefix: 'resend',
      outcomePrefix: 'outcome',
      codec: { encode: encodeFlight, decode: decodeFlight },
      rememberMs: () => OUTCOME_MS,
      waitMs: options.waitElsewhereMs ?? WAIT_ELSEWHERE_MS,
      mutex: { ttlMs: SENDING_TTL_MS, maxHoldMs: RESEND_LEASE_MS },
    });
  }

  async resend(request: ResendRequest, actor?: string): Promise<FlightResult> {
    try {
      const { value, joined } = await this.flights.run(request.invitationId, () => this.resendHolding(request, actor));
      return { ...value, joined };
    } catch (err) {
      if (err instanceof CoordinationTimeoutError) return { outcome: unfinishedElsewhere(), joined: true, startedBy: undefined };
      throw err;
    }
  }

  private async resendHolding(request: ResendRequest, actor: string | undefined): Promise<SharedFlight> {
    const id = request.invitationId;
    const last = parseRecent(await this.coordination.get(`recent:${id}`));
    // A row showing the expiration our resend moved it to was drawn after that resend: a fresh click, not a stale one.
    const recentlyResent =
      last !== null && this.clock() - last.at < RECENT_RESEND_MS && (last.movedTo === null || last.movedTo !== request.shownExpiry);
    const outcome = await resendAsShown(this.source, request, { recentlyResent, recheckDelaysMs: this.recheckDelaysMs });
    if (outcome.kind === 'resent') {
      const after = toUnixSeconds(outcome.invitation.expiresAt);
      const recent: RecentResend = { at: this.clock(), movedTo: after !== null && after !== request.shownExpiry ? after : null };
      await this.coordination.set(`recent:${id}`, JSON.stringify(recent), RECENT_RESEND_MS);
    }
    return { outcome, startedBy: actor };
  }
}

function parseRecent(text: string | null): RecentResend | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<RecentResend>;
    return typeof value.at === 'number' ? { at: value.at, movedTo: typeof value.movedTo === 'number' ? value.movedTo : null } : null;
  } catch {
    return null;
  }
}

/**
 * What a click reports when it waited past its bound for another replica's resend: that resend
 * may or may not have sent. It is worded as a failure without an answer in time, as the notice
 * words any unconfirmed resend (views/resendNotice.ts).
 */
function unfinishedElsewhere(): ResendOutcome {
  return {
    kind: 'failed',
    error: new VultrError('timeout', 'Another resend of this invitation did not finish', { operation: 'resend' }),
    mayHaveSent: true,
  };
}
