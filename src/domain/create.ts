import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Coordination } from '../coordination/coordination';
import { InProcessCoordination } from '../coordination/inProcess';
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
  const wanted = email.toLowerCase();
  return (await directory.listInvitations()).invitations.find((inv) => inv.isPending && inv.emailInvited.toLowerCase() === wanted);
}

/** How long a finished creation is remembered, so a retried submission or a late click does not create again. */
const REMEMBER_MS = 60 * 60_000;
/** How long a failure stays readable for a call that waited on another replica (then it is forgotten). */
const FAILURE_MS = 2 * 60_000;
/** Longer than a creation's worst case (the pending check and Vultr's create, with retries). */
export const CREATE_LEASE_MS = 5 * 60_000;
/** How often a call that found the creation running on another replica looks again. */
const WAIT_POLL_MS = 100;

/**
 * Creates each invitation once per key (a modal's view id, an approval card): concurrent
 * calls with the same key join the one in flight, and a call after success gets the same
 * outcome. A failure is forgotten, so "Try again" really tries again. Checks for a pending
 * invitation to the address first, since Vultr would send a second e-mail. Across replicas
 * (shared coordination) a lease per key is taken before the check and the outcome is shared;
 * a call that finds the lease held waits for that outcome.
 */
export class CreateSingleFlight {
  private readonly inFlight = new Map<string, Promise<CreateOutcome>>();

  constructor(
    private readonly vultr: InvitationCreator,
    private readonly coordination: Coordination = new InProcessCoordination(),
    private readonly waitPollMs = WAIT_POLL_MS,
  ) {}

  /** Whether a creation under this key is running or succeeded (a repeated submission). */
  async known(key: string): Promise<boolean> {
    if (this.inFlight.has(key)) return true;
    if (await this.coordination.isHeld(`create:${key}`)) return true;
    return (await this.succeeded(key)) !== null;
  }

  /** `joined` says whether this call only shared another's outcome (and must not announce it). */
  async create(key: string, request: CreateRequest): Promise<{ outcome: CreateOutcome; joined: boolean }> {
    const running = this.inFlight.get(key);
    if (running) return { outcome: await running, joined: true };
    const finished = await this.succeeded(key);
    if (finished) return { outcome: finished, joined: true };
    const joined = { value: false };
    const work = this.leased(key, request, joined).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return { outcome: await work, joined: joined.value };
  }

  private async leased(key: string, request: CreateRequest, joined: { value: boolean }): Promise<CreateOutcome> {
    const deadline = Date.now() + CREATE_LEASE_MS;
    for (;;) {
      const lease = await this.coordination.acquire(`create:${key}`, CREATE_LEASE_MS);
      if (lease) {
        try {
          // Another replica may have finished between the first look and the lease.
          const finished = await this.succeeded(key);
          if (finished) {
            joined.value = true;
            return finished;
          }
          const outcome = await this.run(request);
          await this.coordination.set(`created:${key}`, encodeTagged(outcome), outcome.kind === 'failed' ? FAILURE_MS : REMEMBER_MS);
          return outcome;
        } finally {
          await lease.release();
        }
      }
      // Another replica is creating it: wait for its outcome and report that.
      while ((await this.coordination.isHeld(`create:${key}`)) && Date.now() < deadline) await sleep(this.waitPollMs);
      const elsewhere = await this.outcome(key);
      if (elsewhere) {
        joined.value = true;
        return elsewhere;
      }
      // The holder ended without an outcome (it crashed and its lease ran out): try ourselves.
      if (Date.now() >= deadline)
        return {
          kind: 'failed',
          error: new VultrError('timeout', 'Another creation of this invitation did not finish', { operation: 'create' }),
        };
    }
  }

  /** The shared outcome under `key`, when it is not a failure (a failure is forgotten for the next try). */
  private async succeeded(key: string): Promise<CreateOutcome | null> {
    const outcome = await this.outcome(key);
    return outcome?.kind === 'failed' ? null : outcome;
  }

  private async outcome(key: string): Promise<CreateOutcome | null> {
    const text = await this.coordination.get(`created:${key}`);
    return text === null ? null : (decodeTagged(text) as CreateOutcome | null);
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
