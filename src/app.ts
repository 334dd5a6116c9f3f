import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import { registerHomeListeners } from './appHome';
import { registerInvitesListeners } from './commands';
import type { Config } from './config';
import { CardDecisions, OpenRequests } from './domain/approval';
import { CreateSingleFlight } from './domain/create';
import { KeptInProcess, KeptShared, type KeptList } from './domain/keptList';
import { ListCache } from './domain/listCache';
import { ResendSingleFlight } from './domain/resend';
import type { InvitesDeps } from './deps';
import { registerDigestListeners } from './reminders';
import { scheduleReminders } from './reminders/schedule';
import type { Coordination } from './coordination/coordination';
import { InProcessCoordination } from './coordination/inProcess';
import { RedisCoordination } from './coordination/redis';
import { claimOncePerTick } from './coordination/tickClaim';
import { registerRequestListeners } from './requests';
import { describeError, type Logger } from './util/log';
import { AccessPolicy } from './platform/accessPolicy';
import { InFlight } from './platform/inFlight';
import { runReminderDigest } from './slack/postDigest';
import { HomePublisher } from './platform/publishHome';
import { SerialQueue } from './util/serialQueue';
import { requestGuard } from './platform/requestGuard';
import { slackClientOptions } from './platform/clientOptions';
import { createReceiver } from './platform/receiver';
import { verifyBotToken } from './platform/verifyBotToken';
import { VultrClient, type VultrLimits } from './vultr/client';
import type { RetrySettings } from './vultr/retryPolicy';
import { runWatch } from './watcher/runWatch';
import { scheduleWatcher } from './watcher/schedule';
import { SharedWatchState } from './domain/sharedWatchState';
import { InProcessWatchState, type WatchState } from './domain/watchState';
import { registerWatchListeners } from './watcher/watchSurface';

export interface AppOptions {
  logger: Logger;
  now?: () => Date;
  /** Tests shorten the backoffs; production uses the defaults. */
  vultrRetry?: RetrySettings;
  slackRetry?: RetryOptions;
  /** Pauses between re-reads after a resend timed out (tests shorten them). */
  resendRecheckMs?: readonly number[];
  /** Tests make Vultr's memory bounds small; production uses the defaults. */
  vultrLimits?: Partial<VultrLimits>;
  /** Longest a shutdown waits for work in flight. */
  drainTimeoutMs?: number;
  /** The bot can no longer receive Slack's requests and will not recover (Socket Mode gave up reconnecting). */
  onFatal?: (error: Error) => void;
  /** Tests run the watcher faster than the configured minimum. */
  watchIntervalMs?: number;
  /** Where the watcher keeps its state; default: this process's memory. */
  watchState?: WatchState;
}

export interface InvitesApp {
  app: App;
  /** Starts serving; in HTTP mode resolves with the port actually bound. */
  start(): Promise<{ port: number | undefined }>;
  /** Stops taking new work, lets work in flight finish (bounded), closes connections. */
  stop(): Promise<void>;
}

export async function createInvitesApp(config: Config, options: AppOptions): Promise<InvitesApp> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const clientOptions = slackClientOptions(config, logger, options.slackRetry);
  const identity = await verifyBotToken(new WebClient(config.slack.botToken, clientOptions));
  const { receiver, health } = createReceiver(config, logger, (failure) => {
    logger.error('Slack connection lost for good', { event: 'lifecycle', outcome: 'socket_failed', reason: failure.message });
    options.onFatal?.(failure);
  });
  const app = new App({
    token: config.slack.botToken,
    // Verified just above: Bolt would otherwise call auth.test a second time, and its failure
    // would surface as an unhandled rejection.
    tokenVerificationEnabled: false,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger: logger.forBolt(),
    clientOptions,
    receiver,
  });

  const coordination = createCoordination(config, logger);
  health.reportCoordination(coordination);
  const vultr = new VultrClient({
    apiUrl: config.vultr.apiUrl,
    apiKey: config.vultr.apiKey,
    timeoutMs: config.vultr.timeoutMs,
    logger,
    ...(options.vultrRetry ? { retry: options.vultrRetry } : {}),
    ...(options.vultrLimits ? { limits: options.vultrLimits } : {}),
  });
  const resends = new ResendSingleFlight(vultr, coordination, options.resendRecheckMs ? { recheckDelaysMs: options.resendRecheckMs } : {});
  const watchIntervalMs = config.watch.intervalMs === undefined ? undefined : (options.watchIntervalMs ?? config.watch.intervalMs);
  const watchState = watchIntervalMs === undefined ? undefined : (options.watchState ?? watchStateFor(config, coordination));
  const deps: InvitesDeps = {
    directory: new ListCache(vultr, keptListFor(config, coordination)),
    resends,
    access: new AccessPolicy(app.client, config.access, identity.teamId, logger),
    logger,
    now,
    notifyChannel: config.notifyChannel,
    messageUpdates: new SerialQueue(),
    home: new HomePublisher(logger),
    creates: new CreateSingleFlight(vultr, coordination),
    requests: new OpenRequests(coordination),
    decisions: new CardDecisions(coordination),
    watchState,
  };

  const inFlight = new InFlight();
  app.use(inFlight.middleware());
  app.use(requestGuard({ teamId: identity.teamId, appId: config.slack.appId, logger }));
  registerInvitesListeners(app, deps);
  registerHomeListeners(app, deps);
  registerDigestListeners(app, deps, config.reminders.withinMs);
  registerRequestListeners(app, deps);
  // Registered even with the watcher off: announcements posted before it was turned off keep working buttons.
  registerWatchListeners(app, deps);
  app.error((error) => {
    logger.error('unhandled listener error', { event: 'bolt_error', ...describeError(error) });
    return Promise.resolve();
  });

  let reminders: { stop(): void } | undefined;
  let watcher: { stop(): void } | undefined;
  let stopping: Promise<void> | undefined;
  const startReminders = () => {
    const { schedule, timeZone, withinMs, postWhenEmpty } = config.reminders;
    // The config guarantees a notify channel whenever a schedule is set.
    if (schedule === undefined || config.notifyChannel === undefined) return;
    const settings = { channel: config.notifyChannel, withinMs, postWhenEmpty };
    reminders = scheduleReminders(
      schedule,
      timeZone,
      () => inFlight.track(runReminderDigest({ directory: vultr, slack: app.client, logger, now }, settings)),
      claimOncePerTick(coordination, 'digest-tick'),
      logger,
    );
  };

  const startWatcher = () => {
    // The config guarantees a notify channel whenever the watcher is on.
    if (watchIntervalMs === undefined || watchState === undefined || config.notifyChannel === undefined) return;
    const settings = { channel: config.notifyChannel, announceNew: config.watch.announceNew };
    const watchDeps = { directory: vultr, slack: app.client, state: watchState, logger, now };
    watcher = scheduleWatcher(watchIntervalMs, () => inFlight.track(runWatch(watchDeps, settings)), logger);
  };

  return {
    app,
    async start() {
      const started = (await app.start()) as unknown;
      const address = config.slack.mode === 'http' ? ((started as Server).address() as AddressInfo | null) : null;
      logger.info('invites bot started', {
        event: 'lifecycle',
        mode: config.slack.mode,
        team_id: identity.teamId,
        ...(address ? { port: address.port } : {}),
      });
      health.set('connected');
      startReminders();
      startWatcher();
      return { port: address?.port };
    },
    stop() {
      // Idempotent: a second signal, or a caller stopping twice, waits for the same shutdown.
      stopping ??= (async () => {
        reminders?.stop();
        health.set('stopping');
        watcher?.stop();
        await app.stop().catch((err: unknown) => logger.warn('stop', { event: 'lifecycle', ...describeError(err) }));
        const drained = await inFlight.drain(options.drainTimeoutMs ?? 25_000);
        // Out of time: cut off what is left rather than wait without a bound.
        await vultr.close(!drained);
        await coordination.close();
        logger.info('invites bot stopped', { event: 'lifecycle', drained });
      })();
      return stopping;
    },
  };
}

/** Shared through Redis when REDIS_URL is set (connecting in the background), else in-process. */
function createCoordination(config: Config, logger: Logger): Coordination {
  if (config.redis === undefined) return new InProcessCoordination();
  const redis = new RedisCoordination({ url: config.redis.url, prefix: config.redis.prefix, logger });
  redis.start();
  return redis;
}

/** Where the list cache keeps its list: nowhere (TTL 0), the shared store with Redis, else this process. */
function keptListFor(config: Config, coordination: Coordination): KeptList | undefined {
  if (config.listCacheTtlMs <= 0) return undefined;
  return config.redis ? new KeptShared(coordination, config.listCacheTtlMs) : new KeptInProcess(config.listCacheTtlMs);
}

/** The watcher's state: shared with Redis (one replica announces each event, a restart resumes), else this process's memory. */
function watchStateFor(config: Config, coordination: Coordination): WatchState {
  return config.redis ? new SharedWatchState(coordination) : new InProcessWatchState();
}
