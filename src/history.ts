import type { StoredAuditRecord } from './coordination/auditLog';
import type { Store } from './coordination/coordination';
import { configOrExit, parseConfig, secretsOf } from './config';
import { slackClientFor } from './platform/clients';
import { openStore } from './platform/openStore';
import { verifyBotToken } from './platform/verifyBotToken';
import { Logger } from './util/log';

/** Records read per store call: the whole log is printed, a page at a time. */
const PAGE = 500;

/**
 * Entry point of `npm run history [-- --json]`: every record of the history, newest first, as JSON
 * lines (for a SIEM) or a plain table. Exit 0; exit 2 when the configuration or the store cannot
 * be opened. Records hold no secrets; error texts are redacted all the same.
 */
async function main(): Promise<number> {
  const config = configOrExit(() => parseConfig(process.env, { receivesSlackRequests: false }));
  // Logs to stderr: stdout is the records alone, to be piped.
  const logger = new Logger(config.logLevel, secretsOf(config), (line) => process.stderr.write(`${line}\n`));
  const json = process.argv.includes('--json');
  let store: Store;
  try {
    // Redis keys are namespaced by the Slack team unless a prefix is configured: only then is Slack asked.
    const teamId = config.redis && config.redis.prefix === undefined ? (await verifyBotToken(slackClientFor(config, logger))).teamId : '';
    store = openStore(config, teamId, logger);
  } catch (err) {
    process.stderr.write(`${logger.redact(`History not read: the store could not be opened (${(err as Error).message}).`)}\n`);
    return 2;
  }
  try {
    if (!json) process.stdout.write(`${['when (UTC)', 'actor', 'action', 'address', 'outcome', 'detail'].join('\t')}\n`);
    for (let before: number | undefined; ;) {
      const page = await store.audit.page(PAGE, before);
      for (const record of page) process.stdout.write(`${json ? jsonLine(record) : tableLine(record)}\n`);
      if (page.length < PAGE) return 0;
      before = page.at(-1)?.seq;
    }
  } catch (err) {
    process.stderr.write(`${logger.redact(`History not read: the store did not answer (${(err as Error).message}).`)}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

function jsonLine(record: StoredAuditRecord): string {
  return JSON.stringify({ ...record, at: new Date(record.at).toISOString() });
}

/** Tab-separated, one record a line: a value from outside cannot start a line of its own. */
function tableLine(record: StoredAuditRecord): string {
  const cells = [new Date(record.at).toISOString(), record.actor, record.action, record.address ?? '', record.outcome, record.detail ?? ''];
  return cells.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`History failed unexpectedly (${(err as Error).name}).\n`);
    process.exit(1);
  },
);
