import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';

/**
 * Counts requests whose listeners are still running, and scheduled digests. Bolt's stop() closes
 * the server but does not wait for listener work after ack(); a shutdown waits here so no resend
 * is cut off.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  middleware(): Middleware<AnyMiddlewareArgs> {
    return async ({ next }) => this.track(next());
  }

  /** Work outside a request (a scheduled digest) is tracked the same way. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }

  /** Resolves true when all work finished, false when `timeoutMs` passed first. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.running]).then(() => true as const);
    try {
      return await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
