import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { isVultrError, type VultrError } from '../vultr/errors';
import type { Invitation } from '../vultr/invitation';
import type { InvitationDirectory } from './directory';

/** Longest address accepted (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

const emailSchema = z.email().max(MAX_EMAIL_LENGTH);

/** A trimmed address, or why it is not one. Nothing invalid ever reaches Vultr. */
export function parseEmail(raw: unknown): { ok: true; email: string } | { ok: false; problem: string } {
  const email = typeof raw === 'string' ? raw.trim() : '';
  if (email === '') return { ok: false, problem: 'Enter the e-mail address to invite.' };
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, problem: `That address is too long (at most ${MAX_EMAIL_LENGTH} characters).` };
  return emailSchema.safeParse(email).success ? { ok: true, email } : { ok: false, problem: 'That is not a valid e-mail address, e.g. bob@example.com.' };
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

/**
 * Creates each invitation once per key (a modal's view id, an approval card): concurrent
 * calls with the same key join the one in flight, and a call after success gets the same
 * outcome. A failure is forgotten, so "Try again" really tries again. Checks for a pending
 * invitation to the address first, since Vultr would send a second e-mail.
 */
export class CreateSingleFlight {
  private readonly inFlight = new Map<string, Promise<CreateOutcome>>();
  private readonly done = new LRUCache<string, CreateOutcome>({ max: 10_000, ttl: REMEMBER_MS });

  constructor(private readonly vultr: InvitationCreator) {}

  /** Whether a creation under this key is running or succeeded (a repeated submission). */
  known(key: string): boolean {
    return this.inFlight.has(key) || this.done.has(key);
  }

  /** `joined` says whether this call only shared another's outcome (and must not announce it). */
  async create(key: string, request: CreateRequest): Promise<{ outcome: CreateOutcome; joined: boolean }> {
    const finished = this.done.get(key);
    if (finished) return { outcome: finished, joined: true };
    const running = this.inFlight.get(key);
    if (running) return { outcome: await running, joined: true };
    const work = this.run(request).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    const outcome = await work;
    if (outcome.kind !== 'failed') this.done.set(key, outcome);
    return { outcome, joined: false };
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
