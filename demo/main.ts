import { portFromEnv, stopOnSignals } from '@vultr-invites/vultr-sandbox';
import { startDemo } from './startDemo';

/** Entry point of `npm run demo`: everything on 127.0.0.1, no account, nobody e-mailed. */
async function main(): Promise<void> {
  const demo = await startDemo({ port: portFromEnv('DEMO_PORT') });
  process.stdout.write(
    [
      '',
      `  Workbench:      ${demo.url}`,
      `  Vultr sandbox:  ${demo.vultr.url} (${demo.vultr.invitations.size} example.com invitations, resends go to its outbox)`,
      `  Local Slack:    ${demo.slack.apiUrl}`,
      '',
      '  Open the workbench, type /invites and press Enter. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  stopOnSignals(async () => {
    process.stdout.write('Stopping the demo…\n');
    await demo.stop();
  });
}

void main().catch((err: unknown) => {
  process.stderr.write(`The demo failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
