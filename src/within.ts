/**
 * `work`'s result if it settles within `budgetMs`, else `otherwise` (also when it fails): for
 * what must not hold up an answer Slack waits for (an ack within 3 s).
 */
export async function within<T>(work: Promise<T>, budgetMs: number, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(otherwise), budgetMs)));
  try {
    return await Promise.race([work.catch(() => otherwise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
