import type { SocketModeReceiver } from '@slack/bolt';
import { describeError } from '../util/log';
import type { ReceiverHealth } from './health';
import { slackRefusalOf } from './slackError';

type SocketModeClient = SocketModeReceiver['client'];

/** Socket Mode cannot reconnect and will not try again: the process must end so it is restarted. */
export class SocketModeFailure extends Error {
  override readonly name = 'SocketModeFailure';
}

/**
 * Follows the Socket Mode client's connection into `health`, and turns a reconnect that fails
 * for good into `onFailure`. The SDK reconnects by calling `start()` again after a drop; when
 * that rejects (apps.connections.open answers invalid_auth for a revoked app token, or Slack
 * cannot be reached) nobody awaits the promise: the process would stay up, disconnected, with
 * only an unhandled rejection to show for it. `start` is wrapped so the first start still
 * rejects (startup fails as before) and any later one reports the failure instead.
 */
export function watchSocketMode(client: SocketModeClient, health: ReceiverHealth, onFailure: (failure: SocketModeFailure) => void): void {
  client.on('connected', () => health.set('connected'));
  client.on('reconnecting', () => health.set('reconnecting'));
  client.on('close', () => {
    if (health.state === 'connected') health.set('reconnecting', 'the WebSocket closed');
  });
  client.on('disconnected', () => {
    if (health.state !== 'stopping' && health.state !== 'failed') health.set('reconnecting', 'disconnected');
  });

  const start = client.start.bind(client);
  let startedOnce = false;
  client.start = async () => {
    try {
      const result = await start();
      startedOnce = true;
      return result;
    } catch (err) {
      const failure = new SocketModeFailure(describeFailure(err));
      if (!startedOnce) throw failure;
      // The SDK's reconnect does not read the answer; it only must not be a rejection nobody awaits.
      const gaveUp = { ok: false, error: 'socket_mode_failed' };
      if (health.state === 'stopping') return gaveUp;
      health.set('failed', failure.message);
      onFailure(failure);
      return gaveUp;
    }
  };
}

function describeFailure(err: unknown): string {
  const slackError = slackRefusalOf(err);
  return slackError !== undefined
    ? `Socket Mode cannot connect: SLACK_APP_TOKEN was refused by Slack (${slackError}); create a new app-level token with connections:write`
    : `Socket Mode cannot connect: ${String(describeError(err).error_message)}`;
}
