import { randomBytes } from 'node:crypto';
import { reseed } from './seed';
import { VultrSandbox } from './vultrSandbox';
import { portFromEnv, stopOnSignals } from './process';

/**
 * `npm run sandbox`: only the Vultr sandbox, for trying the bot in a real Slack workspace
 * without e-mailing anyone. Prints the two .env lines that point the bot at it.
 */
async function main(): Promise<void> {
  const sandbox = new VultrSandbox(`sandbox-${randomBytes(12).toString('hex')}`);
  reseed(sandbox, new Date());
  await sandbox.start(portFromEnv('SANDBOX_PORT'));
  process.stdout.write(
    [
      `Vultr sandbox listening on ${sandbox.url} with ${sandbox.invitations.size} example.com invitations.`,
      'Put these two lines in .env (resends go to the sandbox outbox, nobody is e-mailed):',
      '',
      `VULTR_API_URL=${sandbox.url}`,
      `VULTR_API_KEY=${sandbox.apiKey}`,
      '',
      'Ctrl-C stops the sandbox.',
      '',
    ].join('\n'),
  );
  stopOnSignals(async () => {
    process.stdout.write(`Stopping; the outbox held ${sandbox.outbox.length} e-mail(s).\n`);
    await sandbox.stop();
  });
}

void main().catch((err: unknown) => {
  process.stderr.write(`Sandbox failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
