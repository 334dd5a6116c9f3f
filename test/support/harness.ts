import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInvitesApp, type InvitesApp, type TestTuning } from '../../src/app';
import { parseConfig, type Config } from '../../src/config';
import { Logger } from '../../src/util/log';
import {
  buttonClickBody,
  type ClickSource,
  commandBody,
  LocalSlack,
  postSigned,
  readManifest,
  type SignedResponse,
  TEAM_ID,
  type ViewInputs,
  viewSubmissionBody,
} from '@vultr-invites/slack-emulator';
import { VultrSandbox } from '@vultr-invites/vultr-sandbox';
import type { VultrLimits } from '../../src/vultr/client';

export const SECRETS = {
  botToken: 'xoxb-harness-bot-token-SECRET1',
  signingSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  vultrKey: 'VULTRHARNESSKEYSECRET0123456789',
};

/** The bot's manifest.yml: the local Slack takes the bot's name and granted scopes from it. */
export const BOT_MANIFEST = readManifest(join(__dirname, '..', '..', 'manifest.yml'));
/** The slash command manifest.yml declares. */
export const COMMAND = '/invites';

export const ADMIN = 'U0ADMIN01';
export const MEMBER = 'U0MEMBER1';

export interface Harness {
  vultr: VultrSandbox;
  slack: LocalSlack;
  bot: InvitesApp;
  appUrl: string;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  command(
    text: string,
    user?: string,
    options?: { failResponseWith?: number[]; teamId?: string; appId?: string },
  ): Promise<{ ack: SignedResponse; responseId: number }>;
  click(
    actionId: string,
    value: string,
    user?: string,
    options?: { failResponseWith?: number[]; teamId?: string; channelId?: string; messageTs?: string; source?: ClickSource },
  ): Promise<{ ack: SignedResponse; responseId: number }>;
  /** Submits a modal (view_submission) as `user`; the local Slack applies the ack's response_action. */
  submit(viewId: string, callbackId: string, inputs: ViewInputs, user?: string): Promise<SignedResponse>;
  config: Config;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  now?: () => Date;
  vultrTimeoutMs?: number;
  /** Job settings only tests set (a shorter watcher or pruning interval, a watcher state that outlives the app). */
  app?: Pick<TestTuning, 'watchIntervalMs' | 'watchState' | 'pruneIntervalMs' | 'grantIntervalMs'>;
  /** A second replica: the same sandbox and local Slack as this harness (which keeps owning them). */
  replicaOf?: Pick<Harness, 'vultr' | 'slack'>;
  /** Pauses between re-reads after a resend timed out; short by default so tests stay fast. */
  resendRecheckMs?: readonly number[];
  vultrLimits?: Partial<VultrLimits>;
  /** The Vultr API key of this deployment (its own organization); default SECRETS.vultrKey. */
  vultrKey?: string;
}

/** The real app in HTTP mode on a free port, between a fake Vultr and a fake Slack on loopback. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const now = options.now ?? (() => new Date());
  const ownsFakes = options.replicaOf === undefined;
  const vultr = options.replicaOf?.vultr ?? new VultrSandbox(options.vultrKey ?? SECRETS.vultrKey, now);
  const slack = options.replicaOf?.slack ?? new LocalSlack(BOT_MANIFEST);
  if (ownsFakes) {
    await Promise.all([vultr.start(), slack.start()]);
    slack.users.set(ADMIN, { is_admin: true });
    slack.users.set(MEMBER, { is_admin: false, is_owner: false });
  }

  // A store of its own per bot, unless the test shares one (a restart, or a second replica on one file).
  const ownDataDir = options.env?.INVITES_DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'invites-store-')) : undefined;
  const config = parseConfig({
    ...(ownDataDir ? { INVITES_DATA_DIR: ownDataDir } : {}),
    SLACK_BOT_TOKEN: SECRETS.botToken,
    SLACK_SIGNING_SECRET: SECRETS.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    VULTR_API_KEY: options.vultrKey ?? SECRETS.vultrKey,
    VULTR_API_URL: vultr.url,
    VULTR_TIMEOUT_MS: String(options.vultrTimeoutMs ?? 2000),
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const rawLogs: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const logger = new Logger(config.logLevel, [SECRETS.botToken, SECRETS.signingSecret, options.vultrKey ?? SECRETS.vultrKey], (line) => {
    rawLogs.push(line);
    logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const bot = await createInvitesApp(
    config,
    { logger },
    {
      now,
      vultrRetry: { maxRetries: 2, minDelayMs: 20, maxDelayMs: 1500 },
      slackRetry: { retries: 2, factor: 1, minTimeout: 20, maxTimeout: 50 },
      drainTimeoutMs: 5000,
      ...options.app,
      resendRecheckMs: options.resendRecheckMs ?? [50, 100],
      ...(options.vultrLimits ? { vultrLimits: options.vultrLimits } : {}),
    },
  );
  const { port } = await bot.start();
  const viewOf = (viewId: string) => {
    const view = slack.modals.get(viewId)?.view;
    return view ? { view } : {};
  };
  const appUrl = `http://127.0.0.1:${port}`;
  const events = `${appUrl}/slack/events`;

  return {
    vultr,
    slack,
    bot,
    appUrl,
    logs,
    rawLogs,
    config,
    async command(text, user = ADMIN, opts = {}) {
      const { url, id } = slack.responseUrl(opts.failResponseWith);
      const ack = await postSigned(
        events,
        SECRETS.signingSecret,
        commandBody({
          command: COMMAND,
          text,
          user_id: user,
          response_url: url,
          team_id: opts.teamId ?? TEAM_ID,
          trigger_id: `trigger:${user}:${id}`,
          ...(opts.appId ? { api_app_id: opts.appId } : {}),
        }),
      );
      return { ack, responseId: id };
    },
    async click(actionId, value, user = ADMIN, opts = {}) {
      const { url, id } = slack.responseUrl(opts.failResponseWith);
      const ack = await postSigned(
        events,
        SECRETS.signingSecret,
        buttonClickBody({
          user_id: user,
          team_id: opts.teamId ?? TEAM_ID,
          action_id: actionId,
          value,
          response_url: url,
          ...(opts.channelId ? { channel_id: opts.channelId } : {}),
          ...(opts.messageTs ? { message_ts: opts.messageTs } : {}),
          ...(opts.source ? { source: opts.source } : {}),
        }),
      );
      return { ack, responseId: id };
    },
    async submit(viewId, callbackId, inputs, user = ADMIN) {
      const ack = await postSigned(
        events,
        SECRETS.signingSecret,
        // As Slack does, the submission carries the view as the bot last set it (its private_metadata, its elements).
        viewSubmissionBody({ user_id: user, team_id: TEAM_ID, view_id: viewId, callback_id: callbackId, inputs, ...viewOf(viewId) }),
      );
      slack.applyViewResponse(
        viewId,
        ack.body === '' ? undefined : (JSON.parse(ack.body) as Parameters<LocalSlack['applyViewResponse']>[1]),
      );
      return ack;
    },
    async stop() {
      await bot.stop();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
      if (ownsFakes) await Promise.all([vultr.stop(), slack.stop()]);
    },
  };
}

/** All text of a Slack message body (text + every mrkdwn/plain_text in blocks), for assertions. */
export function messageText(body: { text?: string; blocks?: unknown[] }): string {
  return `${body.text ?? ''}\n${JSON.stringify(body.blocks ?? [])}`;
}

/** The Resend buttons of a message, with their decoded values. */
export function resendButtons(body: { blocks?: Array<Record<string, unknown>> }): Array<{ value: string; text: string }> {
  const buttons: Array<{ value: string; text: string }> = [];
  for (const block of body.blocks ?? []) {
    const accessory = block.accessory as { action_id?: string; value?: string; text?: { text: string } } | undefined;
    if (accessory?.action_id === 'invites_resend' && accessory.value)
      buttons.push({ value: accessory.value, text: accessory.text?.text ?? '' });
  }
  return buttons;
}
