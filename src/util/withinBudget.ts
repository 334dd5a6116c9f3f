/**
 * `work`'s answer if it comes within `budgetMs`, else (or if it fails) `fallback`. For what a
 * person's 3-second window with Slack waits on: a slow lookup must not cost them the window.
 */
export async function withinBudget<T>(work: Promise<T>, budgetMs: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), budgetMs);
  });
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}
