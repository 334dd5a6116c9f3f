/**
 * One error type for everything that can go wrong talking to Vultr. `kind` says what
 * happened in terms a handler can act on; `status` and `vultrMessage` carry what Vultr
 * said. Nothing here ever holds the request headers, so the API key cannot leak through it.
 */
export type VultrErrorKind =
  | 'unreachable' // no connection could be made: the request never reached Vultr
  | 'interrupted' // the connection broke after the request may have been sent
  | 'timeout' // Vultr did not answer in time
  | 'auth' // 401/403: the key is wrong or lacks the permission for this call (invitations, groups)
  | 'not_found' // 404, "Invite not found" or "Group not found" (e.g. a group deleted since it was picked)
  | 'rate_limited' // 429 after the retries
  | 'rejected' // other 4xx: Vultr refused the request (e.g. not pending)
  | 'server' // 5xx after the retries
  | 'too_large' // an answer, or a list walk, past the bounds the bot keeps in memory
  | 'invalid_response'; // the body is not what the contract says

export class VultrError extends Error {
  override readonly name = 'VultrError';

  constructor(
    readonly kind: VultrErrorKind,
    message: string,
    readonly details: { status?: number; vultrMessage?: string; operation: string } = { operation: 'unknown' },
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get vultrMessage(): string | undefined {
    return this.details.vultrMessage;
  }

  /** Whether the request may have had an effect at Vultr (matters for the non-idempotent resend). */
  get mayHaveReachedVultr(): boolean {
    return this.kind === 'timeout' || this.kind === 'interrupted' || this.kind === 'server' || this.kind === 'invalid_response';
  }
}

export function isVultrError(err: unknown): err is VultrError {
  return err instanceof VultrError;
}
