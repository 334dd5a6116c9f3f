import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
// Not '@slack/bolt': its index also loads Express, the AWS Lambda receiver and the OAuth installer, unused here (docs/performance.md, Memory).
import App from '@slack/bolt/dist/App';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerEvents } from './events';
import { registerForms } from './forms';
import { requestContext } from './platform/requestContext';
import type { Config } from './config';
import { OpenRequests, RequestRate } from './domain/approval';
import { RequestCards } from './domain/requestCards';
import { CreateSingleFlight } from './domain/create';
import { KeptInProcess, KeptShared, type KeptList } from './domain/keptList';
import { ListCache } from './domain/listCache';
import { ResendSingleFlight } from './domain/resend';
import type { InvitesDeps } from './deps';
import { scheduleReminders } from './jobs/digest/schedule';
import type { Store } from './coordination/coordination';
import { openStore } from './platform/openStore';
import { claimOncePerTick } from './coordination/tickClaim';
import { describeError, type Logger } from './util/log';
import { AccessPolicy } from './platform/accessPolicy';
import { InFlight } from './platform/inFlight';
import { runReminderDigest } from './jobs/digest/postDigest';
import { HomePublisher } from './platform/publishHome';
import { SerialQueue } from './util/serialQueue';
import { PostAckQueue, type PostAckLimits } from './platform/postAck';
import { requestGuard } from './platform/requestGuard';
import { slackClientOptions } from './platform/clientOptions';
import { slackClientFor, vultrClientFor, type ClientTuning } from './platform/clients';
import { createReceiver } from './platform/receiver';
import { verifyBotToken } from './platform/verifyBotToken';
import { runWatch } from './jobs/watcher/runWatch';
import { scheduleRepeating } from './jobs/repeat';
import { runGrants } from './jobs/grants/runGrants';
import { GroupGrants } from './domain/groupGrants';
import { groupsOfRows } from './domain/rowGroups';
import { GroupCatalog } from './domain/groupCatalog';
import { SharedWatchState } from './domain/sharedWatchState';
import { History } from './domain/history';
import { pruneOnce, schedulePruning } from './jobs/history/prune';
import type { WatchState } from './domain/watchState';

/** Old history goes once an hour: records are kept for days, so an hour's overrun costs nothing. */
const PRUNE_INTERVAL_MS = 3600_000;
/** How often accepted invitations are checked for the group they carry, when the watcher is off. */
const GRANT_INTERVAL_MS = 60_000;

export interface AppOptions {
  logger: Logger;
  /** The bot can no longer receive Slack's requests and will not recover (Socket Mode gave up reconnecting). */
  onFatal?: (error: Error) => void;
}

/** What tests change to run faster or see more; production passes none of it. */
export interface TestTuning extends ClientTuning {
  now?: () => Date;
  /** Pauses between re-reads after a resend timed out. */
  resendRecheckMs?: readonly number[];
  /** Longest a shutdown waits for work in flight (default 25 s). */
  drainTimeoutMs?: number;
  /** The watcher faster than the configured minimum. */
  watchIntervalMs?: number;
  /** Where the watcher keeps its state; default: the store's. */
  watchState?: WatchState;
  /** How often old history is pruned after the start (default hourly). */
  pruneIntervalMs?: number;
  /** How often accepted invitations are checked for their group (default: the watcher's interval, else a minute). */
  grantIntervalMs?: number;
  /** The acks-first queue's limits (default `defaultPostAckLimits`). */
  postAck?: PostAckLimits;
}

export interface InvitesApp {
  app: App;
  /** Starts serving; in HTTP mode resolves with the port actually bound. */
  /** Where it listens (HTTP mode); undefined in Socket Mode. */
  start(): Promise<{ host: string | undefined; port: number | undefined }>;
  /** Stops taking new work, lets work in flight finish (bounded), closes connections. */
  stop(): Promise<void>;
}

export async function createInvitesApp(config: Config, options: AppOptions, tuning: TestTuning = {}): Promise<InvitesApp> {
  const { logger } = options;
  const now = tuning.now ?? (() => new Date());
  const clientOptions = slackClientOptions(config, logger, tuning.slackRetry);
  const identity = await verifyBotToken(slackClientFor(config, logger, tuning));
  const postAck = new PostAckQueue(tuning.postAck);
  const { receiver, health } = createReceiver(
    config,
    logger,
    (failure) => {
      logger.error('Slack connection lost for good', { event: 'lifecycle', outcome: 'socket_failed', reason: failure.message });
      options.onFatal?.(failure);
    },
    postAck,
  );
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

  const store = openStore(config, identity.teamId, logger);
  health.reportCoordination(store);
  const vultr = vultrClientFor(config, logger, tuning);
  const resends = new ResendSingleFlight(vultr, store, tuning.resendRecheckMs ? { recheckDelaysMs: tuning.resendRecheckMs } : {});
  const watchIntervalMs = config.watch.intervalMs === undefined ? undefined : (tuning.watchIntervalMs ?? config.watch.intervalMs);
  const watchState = watchIntervalMs === undefined ? undefined : (tuning.watchState ?? new SharedWatchState(store));
  const history = new History(store.audit, logger);
  const grants = new GroupGrants(store);
  const rowGroups = groupsOfRows(grants, logger);
  const grantIntervalMs = tuning.grantIntervalMs ?? watchIntervalMs ?? GRANT_INTERVAL_MS;
  const deps: InvitesDeps = {
    directory: new ListCache(vultr, keptListFor(config, store)),
    resends,
    access: new AccessPolicy(app.client, config.access, identity.teamId, logger),
    logger,
    now,
    notifyChannel: config.notifyChannel,
    messageUpdates: new SerialQueue(),
    postAck,
    home: new HomePublisher(logger),
    creates: new CreateSingleFlight(vultr, store),
    requests: new OpenRequests(store),
    requestRate: new RequestRate(store, config.requestsPerHour),
    cards: new RequestCards(store),
    groups: new GroupCatalog(vultr),
    grants,
    rowGroups,
    vultr,
    defaultGroup: config.defaultGroup,
    store,
    history,
    historyDays: config.historyDays,
  };

  const inFlight = new InFlight();
  app.use(inFlight.middleware());
  app.use(requestGuard({ teamId: identity.teamId, appId: config.slack.appId, logger }));
  app.use(requestContext(logger, history, now));
  registerCommands(app, deps);
  registerActions(app, deps, config.reminders.withinMs);
  registerForms(app, deps);
  registerEvents(app, deps);
  app.error((error) => {
    logger.error('unhandled listener error', { event: 'bolt_error', ...describeError(error) });
    return Promise.resolve();
  });

  let reminders: { stop(): void } | undefined;
  let watcher: { stop(): void } | undefined;
  let pruning: { stop(): void } | undefined;
  let granting: { stop(): void } | undefined;
  let stopping: Promise<void> | undefined;
  const startReminders = () => {
    const { schedule, timeZone, withinMs, postWhenEmpty } = config.reminders;
    // The config guarantees a notify channel whenever a schedule is set.
    if (schedule === undefined || config.notifyChannel === undefined) return;
    const settings = { channel: config.notifyChannel, withinMs, postWhenEmpty };
    reminders = scheduleReminders(
      schedule,
      timeZone,
      () => inFlight.track(runReminderDigest({ directory: vultr, rowGroups, slack: app.client, logger, now }, settings)),
      claimOncePerTick(store, 'digest-tick'),
      logger,
    );
  };

  const startWatcher = () => {
    // The config guarantees a notify channel whenever the watcher is on.
    if (watchIntervalMs === undefined || watchState === undefined || config.notifyChannel === undefined) return;
    const settings = { channel: config.notifyChannel, announceNew: config.watch.announceNew };
    const watchDeps = { directory: vultr, slack: app.client, state: watchState, grants, history, logger, now };
    watcher = scheduleRepeating('watch', watchIntervalMs, () => inFlight.track(runWatch(watchDeps, settings)), logger);
  };

  return {
    app,
    async start() {
      // Socket Mode's /healthz server is Bolt's, started on its port alone: HOST is for HTTP mode.
      const started = (await (config.slack.mode === 'http'
        ? app.start({ port: config.slack.port, host: config.slack.host })
        : app.start())) as unknown;
      const address = config.slack.mode === 'http' ? ((started as Server).address() as AddressInfo | null) : null;
      logger.info('invites bot started', {
        event: 'lifecycle',
        mode: config.slack.mode,
        team_id: identity.teamId,
        ...(address ? { host: address.address, port: address.port } : {}),
      });
      health.set('connected');
      startReminders();
      startWatcher();
      // Runs whether or not the watcher announces anything: a run with no intent waiting calls nothing.
      const grantDeps = { grants, vultr, slack: app.client, history, logger };
      const grantSettings = { channel: config.notifyChannel, intervalMs: grantIntervalMs };
      granting = scheduleRepeating('grants', grantIntervalMs, () => inFlight.track(runGrants(grantDeps, grantSettings)), logger);
      const pruneDeps = { history, historyDays: config.historyDays, logger, now };
      pruning = schedulePruning(tuning.pruneIntervalMs ?? PRUNE_INTERVAL_MS, () => inFlight.track(pruneOnce(pruneDeps)));
      return { host: address?.address, port: address?.port };
    },
    stop() {
      // Idempotent: a second signal, or a caller stopping twice, waits for the same shutdown.
      stopping ??= (async () => {
        reminders?.stop();
        health.set('stopping');
        watcher?.stop();
        granting?.stop();
        pruning?.stop();
        await app.stop().catch((err: unknown) => logger.warn('stop', { event: 'lifecycle', ...describeError(err) }));
        const drained = await inFlight.drain(tuning.drainTimeoutMs ?? 25_000);
        // Out of time: cut off what is left rather than wait without a bound.
        await vultr.close(!drained);
        await store.close();
        logger.info('invites bot stopped', { event: 'lifecycle', drained });
      })();
      return stopping;
    },
  };
}

/**
 * Where the list cache keeps its list: nowhere (TTL 0), Redis for the replicas, else this
 * process (a cache: losing it on a restart costs one walk, so it stays out of the SQLite file).
 */
function keptListFor(config: Config, store: Store): KeptList | undefined {
  if (config.listCacheTtlMs <= 0) return undefined;
  return config.redis ? new KeptShared(store, config.listCacheTtlMs) : new KeptInProcess(config.listCacheTtlMs);
}
