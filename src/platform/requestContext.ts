import type { AnyMiddlewareArgs, Context, Middleware, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { History } from '../domain/history';
import type { Logger } from '../util/log';
import type { SlackMessage } from '../views/message';
import { historyRecordsOf } from './historyRecords';
import { replyEphemeral } from './respond';

/**
 * What an audit line is about: `/invites`, a click in a message, the App Home tab (opened or
 * clicked), an invitation created from a modal, an access request, or a decision on one.
 */
export type AuditEvent = 'command' | 'action' | 'home' | 'invite' | 'request' | 'decision';

export interface AuditFields extends Record<string, unknown> {
  user: string;
  action: string;
  outcome: string;
}

/** What every handler gets for the request it serves (one Bolt middleware builds it). */
export interface RequestContext {
  /** When the request arrived: every audit line's duration is counted from here. */
  readonly started: number;
  /**
   * One structured line per command or click: who, what, outcome, how long. `routine` outcomes
   * are logged at info, anything else at warn (worth a look). What is history (resends,
   * creations, requests, decisions) is also appended to the store's audit log.
   */
  audit(event: AuditEvent, fields: AuditFields, routine: boolean): void;
  /**
   * An ephemeral reply through the payload's response_url (falling back to chat.postEphemeral in
   * the request's channel); false when the person could not be told. Requests without a
   * response_url (events, view submissions) have none.
   */
  reply: ((message: SlackMessage, options: { replace: boolean; event: AuditEvent }) => Promise<boolean>) | undefined;
}

const contexts = new WeakMap<Context, RequestContext>();

/** The request's context; the middleware runs before every listener, so it is always there. */
export function requestContextOf(args: { context: Context }): RequestContext {
  const found = contexts.get(args.context);
  if (!found) throw new Error('requestContext middleware is not installed');
  return found;
}

/** The user and channel of any Slack request body (command, action, view, event), where it has them. */
function whoAndWhere(body: Record<string, unknown>): { user: string; channel: string | undefined } {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const user = text(body.user_id) ?? text(field(body.user, 'id')) ?? text(field(body.event, 'user')) ?? 'unknown';
  const channel = text(body.channel_id) ?? text(field(body.channel, 'id')) ?? text(field(body.container, 'channel_id'));
  return { user, channel };
}

/** One line per request, at info for routine outcomes, with how long the request took. */
export function auditLine(logger: Logger, started: number, event: AuditEvent, fields: AuditFields, routine: boolean): void {
  logger[routine ? 'info' : 'warn'](event, { event, ...fields, duration_ms: Date.now() - started });
}

/**
 * Installs a RequestContext on every request: its start time, its audit line (and history
 * record) and its reply. The request ends once its records are appended, so the next request
 * (a `/invites history` right after) sees them and a shutdown's drain waits for them.
 */
export function requestContext(logger: Logger, history: History, now: () => Date): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const started = Date.now();
    const appends: Array<Promise<void>> = [];
    const { user, channel } = whoAndWhere(args.body as unknown as Record<string, unknown>);
    const respond: RespondFn | undefined = 'respond' in args ? args.respond : undefined;
    const client: WebClient = args.client;
    contexts.set(args.context, {
      started,
      audit: (event, fields, routine) => {
        auditLine(logger, started, event, fields, routine);
        const records = historyRecordsOf(event, fields, now().getTime());
        if (records.length > 0) appends.push(history.record(records));
      },
      reply: respond
        ? (message, { replace, event }) =>
            replyEphemeral(respond, message, { logger, replaceOriginal: replace, event, user, fallback: { client, channel } })
        : undefined,
    });
    try {
      await args.next();
    } finally {
      await Promise.all(appends);
    }
  };
}
