import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from '../util/log';
import { SampledWarning } from './sampledWarning';

/**
 * Far above anything Slack sends to /slack/events (its largest payloads carry a Home tab or a
 * modal, at most 250 kB of view JSON, URL-encoded), far below what would hurt memory when many
 * arrive at once.
 */
export const MAX_SLACK_BODY_BYTES = 1024 * 1024;
/** Slack's rule: refuse a request whose timestamp is more than 5 minutes off, either way. */
export const MAX_CLOCK_SKEW_S = 300;

type Refusal = { status: 401 | 413; reason: 'body_too_large' | 'unsigned' | 'timestamp_out_of_range' };

/**
 * Runs in front of Bolt's HTTP receiver, on what the headers say, before a byte of the body is
 * read: Bolt would buffer a body (up to its limit) before checking anything. Refuses a declared
 * body above MAX_SLACK_BODY_BYTES (413; Bolt's bodyLimit caps one sent without a length), a
 * request without Slack's signature headers (401), and a timestamp more than five minutes in
 * the past or in the future (401; Bolt only refuses old ones). Signatures are still checked by
 * Bolt. Refusals are logged sampled.
 */
export function limitSlackRequests(
  listener: RequestListener,
  options: { endpoint: string; logger: Logger; nowMs?: () => number },
): RequestListener {
  const nowMs = options.nowMs ?? Date.now;
  const refusals = new SampledWarning(options.logger, 'request refused before reading its body');
  return (req, res) => {
    const refusal = req.method === 'POST' && pathOf(req) === options.endpoint ? refusalOf(req, nowMs()) : undefined;
    if (refusal === undefined) {
      // Answered before its body was all read (Bolt's bodyLimit hit): drop the connection rather
      // than keep a paused upload open, which would also hold up a shutdown.
      res.on('finish', () => {
        if (!req.complete) req.destroy();
      });
      listener(req, res);
      return;
    }
    refusals.warn({ event: 'request_limits', outcome: refusal.reason, content_length: req.headers['content-length'] });
    refuse(res, refusal.status);
  };
}

function refusalOf(req: IncomingMessage, nowMs: number): Refusal | undefined {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_SLACK_BODY_BYTES) return { status: 413, reason: 'body_too_large' };
  const timestamp = req.headers['x-slack-request-timestamp'];
  if (typeof timestamp !== 'string' || typeof req.headers['x-slack-signature'] !== 'string') return { status: 401, reason: 'unsigned' };
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - seconds) > MAX_CLOCK_SKEW_S)
    return { status: 401, reason: 'timestamp_out_of_range' };
  return undefined;
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/';
}

/** The body is never read: closing the connection spares reading (and buffering) it. */
function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { connection: 'close', 'content-length': '0' });
  res.end();
}
