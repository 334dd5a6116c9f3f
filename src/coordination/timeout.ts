/**
 * A wait on another holder (of a lease, for a shared outcome) passed its bound. It is the
 * coordination's, not Vultr's: each feature turns it into what it shows the person.
 */
export class CoordinationTimeoutError extends Error {
  override readonly name = 'CoordinationTimeoutError';

  constructor(
    /** The lease waited on. */
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`Gave up waiting for ${key} after ${waitedMs} ms`);
  }
}
