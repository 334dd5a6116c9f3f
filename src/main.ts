import { createInvitesApp } from './app';
import { ConfigError, parseConfig, secretsOf } from './config';
import { describeError, Logger } from './log';

/** Entry point: config once, then serve until SIGTERM/SIGINT, then drain and exit 0. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = new Logger(config.logLevel, secretsOf(config));
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { event: 'process', ...describeError(reason) });
  });

  let bot;
  try {
    bot = await createInvitesApp(config, { logger });
    await bot.start();
  } catch (err) {
    logger.error('startup failed', { event: 'lifecycle', ...describeError(err) });
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { event: 'lifecycle', signal });
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('shutdown failed', { event: 'lifecycle', ...describeError(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
