/** Process plumbing shared by `npm run sandbox` and `npm run demo`. */

/** A port from the environment, or 0 (a free port) when unset. */
export function portFromEnv(name: string): number {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`${name} must be a port number between 0 and 65535.\n`);
    process.exit(2);
  }
  return port;
}

/** Ctrl-C or SIGTERM stops cleanly once; a second Ctrl-C while stopping exits at once. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`Stopping failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
