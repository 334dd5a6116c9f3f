import { plural } from '../src/util/plural';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalSlack, readManifest, WorkbenchClient, WorkbenchServer } from '@vultr-invites/slack-emulator';
import { reseed, VultrSandbox } from '@vultr-invites/vultr-sandbox';
import { createInvitesApp, type InvitesApp } from '../src/app';
import { parseConfig, secretsOf, type Config } from '../src/config';
import { Logger, type Sink } from '../src/util/log';
import { runReminderOnce } from '../src/jobs/digest/runOnce';
import { ALLOWED_USERGROUP, DEMO_WORKSPACE, NOTIFY_CHANNEL, populateWorkspace } from './people';
import { ACCEPT_NEWEST, acceptAction, vultrPanel } from './vultrPanel';

/** The bot's manifest: the emulator learns its slash command, bot name and scopes from it. Found from demo/ and from dist-demo/demo/ alike. */
const MANIFEST = join(process.cwd(), 'manifest.yml');

export interface Demo {
  url: string;
  vultr: VultrSandbox;
  slack: LocalSlack;
  bot: InvitesApp;
  /** Where the bot listens: this machine only, like the emulator and the sandbox. */
  botAddress: { host: string | undefined; port: number | undefined };
  config: Config;
  stop(): Promise<void>;
}

export interface DemoOptions {
  port?: number;
  /** Where the bot's JSON log lines go; the demo keeps only warnings and errors. */
  logSink?: Sink;
}

/** How often the demo's bot checks accepted invitations for their group. */
const DEMO_GRANT_INTERVAL_MS = 2_000;

/** Bolt lowers the level it was given; the demo's console shows only what needs attention. */
function warningsToStderr(line: string): void {
  if (/^\{[^{]*"level":"(warn|error)"/.test(line)) process.stderr.write(`${line}\n`);
}

/**
 * `npm run demo`: the Vultr sandbox, the local Slack, the production bot in HTTP mode configured
 * against both, and the workbench page. Fresh random secrets each run; all on 127.0.0.1.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const secret = (bytes: number) => randomBytes(bytes).toString('hex');
  const vultr = new VultrSandbox(`sandbox-${secret(12)}`);
  reseed(vultr, new Date());
  const slack = new LocalSlack(readManifest(MANIFEST));
  populateWorkspace(slack);
  await Promise.all([vultr.start(), slack.start()]);

  // The demo's Vultr starts afresh every time, so its store does too.
  const dataDir = mkdtempSync(join(tmpdir(), 'invites-demo-'));
  const config = parseConfig({
    INVITES_DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: `xoxb-demo-${secret(12)}`,
    SLACK_SIGNING_SECRET: secret(16),
    SLACK_API_URL: slack.apiUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    VULTR_API_KEY: vultr.apiKey,
    VULTR_API_URL: vultr.url,
    INVITES_NOTIFY_CHANNEL: NOTIFY_CHANNEL,
    INVITES_ALLOWED_USERGROUP: ALLOWED_USERGROUP,
    LOG_LEVEL: 'warn',
  });
  const logger = new Logger(config.logLevel, secretsOf(config), options.logSink ?? warningsToStderr);
  // The grant run every 2 s instead of every minute: an invitation accepted in the panel is seen joining its group.
  const bot = await createInvitesApp(config, { logger }, { grantIntervalMs: DEMO_GRANT_INTERVAL_MS });
  const botAddress = await bot.start();
  const signingSecret = config.slack.mode === 'http' ? config.slack.signingSecret : undefined;
  if (signingSecret === undefined) throw new Error('the demo runs the bot in HTTP mode');
  const client = new WorkbenchClient(slack, `http://127.0.0.1:${botAddress.port}/slack/events`, signingSecret);

  const postDigest = {
    label: '⏰ Post reminder digest now',
    showChannel: NOTIFY_CHANNEL,
    /** The code of `npm run remind`. */
    async run() {
      const run = await runReminderOnce(config, { logger });
      if (run.kind === 'posted') return `Posted a digest of ${plural(run.count, 'invitation')} to #invites-log.`;
      if (run.kind === 'nothing_due') return 'Nothing is due: no digest posted.';
      return `Digest not posted: ${run.reason}`;
    },
  };
  const workbench = new WorkbenchServer({
    slack,
    client,
    workspace: DEMO_WORKSPACE,
    panel: vultrPanel(vultr, [postDigest, acceptAction(vultr, undefined, ACCEPT_NEWEST)]),
  });
  await workbench.start(options.port ?? 0);

  return {
    url: workbench.url,
    vultr,
    slack,
    bot,
    botAddress,
    config,
    async stop() {
      await workbench.stop();
      await bot.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await Promise.all([vultr.stop(), slack.stop()]);
    },
  };
}
