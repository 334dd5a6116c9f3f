import { configOrExit, parseConfig, secretsOf } from './config';
import { checkConfigurationFailed } from './doctor/configuration';
import { formatJson, formatText, exitCodeOf } from './doctor/report';
import { runChecks } from './doctor/run';
import type { CheckResult } from './doctor/check';
import { createRedactor, Logger } from './util/log';

/**
 * Entry point of `npm run doctor`: checks the configuration, Slack, Vultr, the notification
 * channel, the access rules and the reminder schedule, one line each, without posting anything
 * or sending an e-mail. `--json` prints the same results for scripts.
 */
async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const print = (results: CheckResult[], code: number, secrets: string[]) => {
    const redact = createRedactor(secrets);
    process.stdout.write(`${redact(json ? formatJson(results, code) : formatText(results))}\n`);
    return code;
  };
  const config = configOrExit(
    () => parseConfig(process.env),
    (err) => print([checkConfigurationFailed(err)], 2, []),
  );
  // Library lines (Vultr calls, Slack warnings) go to stderr, errors only, so stdout stays the report.
  const logger = new Logger('error', secretsOf(config), (line) => process.stderr.write(`${line}\n`));
  const results = await runChecks(config, logger);
  return print(results, exitCodeOf(results), secretsOf(config));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`The doctor failed unexpectedly (${(err as Error).name}).\n`);
    process.exit(1);
  },
);
