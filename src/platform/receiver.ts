import type { Receiver } from '@slack/bolt';
// Bolt's own modules rather than its index, which loads Express and more (see app.ts).
import HTTPReceiver from '@slack/bolt/dist/receivers/HTTPReceiver';
import SocketModeReceiver from '@slack/bolt/dist/receivers/SocketModeReceiver';
import type { Config } from '../config';
import type { Logger } from '../util/log';
import { slackApiUrlOf } from './clientOptions';
import { ReceiverHealth } from './health';
import { MAX_SLACK_BODY_BYTES, limitSlackRequests } from './requestLimits';
import type { PostAckQueue } from './postAck';
import { watchSocketMode, type SocketModeFailure } from './socketHealth';

const EVENTS_PATH = '/slack/events';

/**
 * The receiver for the configured mode, built here (not by Bolt) so the app can see and guard it:
 * /healthz answers from `health`; in HTTP mode requests are limited before their body is read;
 * every request counts as being acknowledged until answered (acks first: `PostAckQueue`);
 * in Socket Mode the connection is watched and a reconnect that fails for good is reported.
 */
export function createReceiver(
  config: Config,
  logger: Logger,
  onFailure: (failure: SocketModeFailure) => void,
  postAck: PostAckQueue,
): { receiver: Receiver; health: ReceiverHealth } {
  const health = new ReceiverHealth(config.slack.mode, logger.redact);
  const customRoutes = [{ path: '/healthz', method: ['GET'], handler: health.handler }];
  if (config.slack.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger: logger.forBolt(),
      customRoutes,
      // The socket client opens its connection with its own Web API client: same API URL;
      // the port serves /healthz.
      installerOptions: { clientOptions: { slackApiUrl: slackApiUrlOf(config) }, port: config.slack.port },
    });
    watchSocketMode(receiver.client, health, onFailure);
    return { receiver, health };
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret,
    endpoints: [EVENTS_PATH],
    port: config.slack.port,
    customRoutes,
    logger: logger.forBolt(),
    bodyLimit: MAX_SLACK_BODY_BYTES,
  });
  receiver.requestListener = postAck.counting(limitSlackRequests(receiver.requestListener, { endpoint: EVENTS_PATH, logger }));
  return { receiver, health };
}
