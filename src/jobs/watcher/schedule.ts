import type { Logger } from '../../util/log';

/**
 * Runs the watcher every `intervalMs`, counted from the end of the previous run, so a slow Vultr
 * never stacks runs. The first run starts at once (it only learns the state). `run` never throws.
 */
export function scheduleWatcher(intervalMs: number, run: () => Promise<unknown>, logger: Logger): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    await run();
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  logger.info('watcher started', { event: 'watch', interval_ms: intervalMs });
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
