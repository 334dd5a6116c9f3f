import type { Logger } from '../util/log';

const STARTED = { watch: 'watcher started', grants: 'group grants started' } as const;

/**
 * Runs a job every `intervalMs`, counted from the end of the previous run, so a slow Vultr never
 * stacks runs (the watcher; the group grants). The first run starts at once. `run` never throws.
 */
export function scheduleRepeating(
  event: keyof typeof STARTED,
  intervalMs: number,
  run: () => Promise<unknown>,
  logger: Logger,
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    await run();
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  logger.info(STARTED[event], { event, interval_ms: intervalMs });
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
