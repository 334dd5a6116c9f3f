import { createInvitesApp } from '../src/app';
import { parseConfig } from '../src/config';
import { Logger } from '../src/util/log';

/** What the process holds now (bytes), its peak RSS, and how many module files it has loaded. */
function memoryNow() {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  return { rssBytes: rss, peakRssBytes, heapUsed, heapTotal, external, arrayBuffers, modules: Object.keys(require.cache).length };
}

/**
 * The bot as the benchmark runs it: the real app in HTTP mode, in a process of its own so its
 * memory is its own. Configured by the environment like production; tells the parent its port,
 * and its memory when asked.
 */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  // Warnings and errors only: a benchmark run must not measure log writing to a pipe nobody reads.
  const logger = new Logger('warn', [], () => undefined);
  const bot = await createInvitesApp(config, { logger });
  const { port } = await bot.start();
  process.on('message', (message) => {
    if (message === 'memory') process.send?.(memoryNow());
    if (message === 'stop') void bot.stop().then(() => process.exit(0));
  });
  process.send?.({ port });
}

void main();
