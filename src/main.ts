import { createInvitesApp } from './app';
import { DataDirError } from './coordination/dataDirError';
import { configOrExit, parseConfig, secretsOf } from './config';
import { describeError, Logger } from './util/log';

/** Entry point: config once, then serve until SIGTERM/SIGINT, then drain and exit 0. */
async function main(): Promise<void> {
  const config = configOrExit(() => parseConfig(process.env));
  const logger = new Logger(config.logLevel, secretsOf(config));
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { event: 'process', ...describeError(reason) });
  });

  let bot: Awaited<ReturnType<typeof createInvitesApp>>;
  let stopping = false;
  /** Drains work in flight, then exits: 0 after a signal, 1 when Slack can no longer reach the bot. */
  const shutdown = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { event: 'lifecycle', reason });
    bot.stop().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        logger.error('shutdown failed', { event: 'lifecycle', ...describeError(err) });
        process.exit(1);
      },
    );
  };
  try {
    bot = await createInvitesApp(config, { logger, onFatal: () => shutdown('slack_connection_failed', 1) });
    await bot.start();
  } catch (err) {
    logger.error('startup failed', { event: 'lifecycle', ...describeError(err) });
    // A data directory the bot cannot use is a setting to fix, like a bad variable: exit 2.
    if (err instanceof DataDirError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.exit(1);
  }

  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('SIGINT', () => shutdown('SIGINT', 0));
}

void main();
