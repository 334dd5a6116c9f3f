import { z } from 'zod';
import type { Coordination } from '../coordination/coordination';
import { InProcessCoordination } from '../coordination/inProcess';
import { SENDING_TTL_MS } from '../coordination/mutex';
import { SingleFlight } from '../coordination/singleFlight';
import { CoordinationTimeoutError } from '../coordination/timeout';
import { isVultrError, VultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';
import type { InvitationDirectory } from './directory';
import { decodeTagged, encodeTagged } from './sharedCodec';

/** Longest address accepted (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

const emailSchema = z.email().max(MAX_EMAIL_LENGTH);

/** A trimmed address, or why it is not one. Nothing invalid ever reaches Vultr. */
export function parseEmail(raw: unknown): { ok: true; email: string } | { ok: false; problem: string } {
  const email = typeof raw === 'string' ? raw.trim() : '';
  if (email === '') return { ok: false, problem: 'Enter the e-mail address to invite.' };
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, problem: `That address is too long (at most ${MAX_EMAIL_LENGTH} characters).` };
  return emailSchema.safeParse(email).success
    ? { ok: true, email }
    : { ok: false, problem: 'That is not a valid e-mail address, e.g. bob@example.com.' };
}

/** Who creates invitations: the Vultr client (an interface so tests can count calls). */
export interface InvitationCreator extends InvitationDirectory {
  createInvitation(email: string, apiEnabled: boolean): Promise<Invitation>;
}

export interface CreateRequest {
  email: string;
  apiEnabled: boolean;
}

export type CreateOutcome =
  | { kind: 'created'; invitation: Invitation }
  /** A pending invitation for the address already exists: Resend it instead. */
  | { kind: 'pending_exists'; invitation: Invitation }
  | { kind: 'failed'; error: VultrError };

/** The pending invitation for `email` (case-insensitive), if any. */
export async function findPending(directory: InvitationDirectory, email: string): Promise<Invitation | undefined> {
  const wanted = normaliseAddress(email);
  return (await directory.listInvitations()).invitations.find((inv) => inv.isPending && normaliseAddress(inv.emailInvited) === wanted);
}

/** How long a finished creation is remembered, so a retried submission or a late click does not create again. */
const REMEMBER_MS = 60 * 60_000;
/** How long a failure stays readable for a call that waited on another replica (then it is forgotten). */
const FAILURE_MS = 2 * 60_000;
/** Longest a replica holds a creation (its lease is refreshed meanwhile): past a creation's worst case (the pending check and Vultr's create, with retries). */
export const CREATE_LEASE_MS = 5 * 60_000;
/** Longest a call waits for another replica's creation under the same key. */
const WAIT_ELSEWHERE_MS = CREATE_LEASE_MS;

/** The address as the single-flight keys it: Vultr treats addresses case-insensitively, and so must we. */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * One invitation per address, whatever asks for it (the invite form, an approval, two replicas):
 * creations for one address (trimmed, lower-cased) run one at a time, in this process or across
 * replicas, and each first asks Vultr whether one is already pending, since Vultr would send a
 * second e-mail. A creation that waited on another, or came within REMEMBER_MS of one that
 * succeeded, is told the invitation is already pending. A failure is forgotten, so "Try again"
 * really tries again.
 */
export class CreateSingleFlight {
  private readonly flights: SingleFlight<CreateOutcome>;

  constructor(
    private readonly vultr: InvitationCreator,
    coordination: Coordination = new InProcessCoordination(),
    /** Longest a call waits for another replica's creation for the same address (tests shorten it). */
    waitElsewhereMs = WAIT_ELSEWHERE_MS,
  ) {
    this.flights = new SingleFlight<CreateOutcome>(coordination, {
      leasePrefix: 'create',
      outcomePrefix: 'created',
      codec: { encode: encodeTagged, decode: (text) => decodeTagged(text) as CreateOutcome | null },
      rememberMs: (outcome) => (outcome.kind === 'failed' ? FAILURE_MS : REMEMBER_MS),
      reuse: (outcome) => outcome.kind !== 'failed',
      waitMs: waitElsewhereMs,
      mutex: { ttlMs: SENDING_TTL_MS, maxHoldMs: CREATE_LEASE_MS },
    });
  }

  /** `created` only for the call that made the invitation; every other call for the address learns it is pending. */
  async create(request: CreateRequest): Promise<CreateOutcome> {
    try {
      const { value, joined } = await this.flights.run(`address:${normaliseAddress(request.email)}`, () => this.run(request));
      return joined && value.kind === 'created' ? { kind: 'pending_exists', invitation: value.invitation } : value;
    } catch (err) {
      if (!(err instanceof CoordinationTimeoutError)) throw err;
      // Waited past the bound for another replica's creation: it may or may not have been made.
      const error = new VultrError('timeout', 'Another creation of this invitation did not finish', { operation: 'create' });
      return { kind: 'failed', error };
    }
  }

  private async run({ email, apiEnabled }: CreateRequest): Promise<CreateOutcome> {
    try {
      const pending = await findPending(this.vultr, email);
      if (pending) return { kind: 'pending_exists', invitation: pending };
      return { kind: 'created', invitation: await this.vultr.createInvitation(email, apiEnabled) };
    } catch (err) {
      if (isVultrError(err)) return { kind: 'failed', error: err };
      throw err;
    }
  }
}
