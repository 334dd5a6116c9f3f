import { Agent, RetryAgent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../log';
import { VultrError, type VultrErrorKind } from './errors';
import { toInvitation, type Invitation } from './invitation';
import { defaultRetrySettings, retryPolicy, type RetrySettings } from './retryPolicy';
import { errorBodySchema, invitationIdPattern, invitationListSchema, singleInvitationSchema } from './schemas';

export interface VultrClientOptions {
  apiUrl: string;
  apiKey: string;
  /** Per-attempt limit for connecting, for the response headers and for each body chunk. */
  timeoutMs: number;
  logger: Logger;
  /** Most requests in flight to Vultr at once; more queue in the agent (Vultr limits per IP). */
  maxConcurrency?: number;
  retry?: RetrySettings;
  /** Injectable for tests (e.g. undici's MockAgent); defaults to a bounded keep-alive Agent. */
  dispatcher?: Dispatcher;
}

/** Vultr's documented maximum page size (docs/vultr-api.md, Pagination). */
const PAGE_SIZE = 500;
/** A defensive cap on pages, in case the cursor never ends (docs/vultr-api.md, Pagination). */
const MAX_PAGES = 50;
/** Longest text of Vultr's we will carry into a message. */
const MAX_VULTR_MESSAGE = 300;

/**
 * The only code that knows Vultr's URLs and JSON. Returns domain objects or throws VultrError.
 *
 * Retries: reads retry on connection errors, 429 and 5xx. The resend POST sends an e-mail, so
 * it is retried only when Vultr provably did not act: the connection was refused, or it
 * answered 429.
 */
export class VultrClient {
  private readonly baseUrl: string;
  private readonly readDispatcher: Dispatcher;
  private readonly resendDispatcher: Dispatcher;
  private readonly ownAgent: Agent | undefined;
  /** One deadline per call across all its attempts and backoffs, so a trickling body or a retry storm still ends. */
  private readonly deadlineMs: number;

  constructor(private readonly options: VultrClientOptions) {
    this.baseUrl = `${options.apiUrl.replace(/\/+$/, '')}/v2`;
    const ownAgent = options.dispatcher
      ? undefined
      : new Agent({
          connections: options.maxConcurrency ?? 2,
          connectTimeout: options.timeoutMs,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
    this.ownAgent = ownAgent;
    const base: Dispatcher = options.dispatcher ?? (ownAgent as Agent);
    const settings = options.retry ?? defaultRetrySettings;
    this.deadlineMs = options.timeoutMs * (settings.maxRetries + 1) + settings.maxDelayMs * settings.maxRetries;
    const retry = retryPolicy(settings, (info) =>
      options.logger.warn('vultr retry', { event: 'vultr_retry', ...info }),
    );
    this.readDispatcher = new RetryAgent(base, { retry, methods: ['GET'], throwOnError: false });
    this.resendDispatcher = new RetryAgent(base, {
      retry,
      methods: ['POST'],
      statusCodes: [429],
      errorCodes: ['ECONNREFUSED'],
      throwOnError: false,
    });
  }

  /**
   * Every invitation of the key's organization, all pages followed, in Vultr's order. An id
   * seen twice (the list changed between pages) is kept once: Slack rejects a message whose
   * rows repeat a block_id.
   */
  async listInvitations(): Promise<Invitation[]> {
    const all = new Map<string, Invitation>();
    const seenCursors = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ per_page: String(PAGE_SIZE) });
      if (cursor !== null) query.set('cursor', cursor);
      const body = await this.call('list', 'GET', `/invitation?${query.toString()}`, invitationListSchema);
      for (const raw of body.invitations) if (!all.has(raw.id)) all.set(raw.id, toInvitation(raw));
      if (body.next === null || body.invitations.length === 0 || seenCursors.has(body.next)) return [...all.values()];
      seenCursors.add(body.next);
      cursor = body.next;
    }
    this.options.logger.warn('vultr list stopped at the page cap', { event: 'vultr_call', pages: MAX_PAGES });
    return [...all.values()];
  }

  async getInvitation(id: string): Promise<Invitation> {
    const raw = await this.call('get', 'GET', `/invitation/${encodeId(id)}`, singleInvitationSchema);
    return toInvitation(raw);
  }

  /**
   * Asks Vultr to e-mail the invitation again. Returns the updated invitation when Vultr
   * answers with one (the body may be empty: docs/vultr-api.md, Envelopes), otherwise null.
   */
  async resendInvitation(id: string): Promise<Invitation | null> {
    const raw = await this.call('resend', 'POST', `/invitation/${encodeId(id)}/resend`, singleInvitationSchema, {
      emptyBodyOk: true,
    });
    return raw === null ? null : toInvitation(raw);
  }

  /**
   * Asks Vultr to create (and e-mail) an invitation. Sends an e-mail, so it is retried only
   * when Vultr provably did not act, like resend. Vultr answers 201 with the invitation.
   */
  async createInvitation(email: string, apiEnabled: boolean): Promise<Invitation> {
    const raw = await this.call('create', 'POST', '/invitation', singleInvitationSchema, {
      body: { email_invited: email, permissions: { api_enabled: apiEnabled } },
    });
    return toInvitation(raw);
  }

  /** Waits for requests in flight, or with `force`, cuts them off (a shutdown that ran out of time). */
  async close(force = false): Promise<void> {
    await (force ? this.ownAgent?.destroy() : this.ownAgent?.close());
  }

  private async call<S extends z.ZodType>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    { emptyBodyOk = false, body }: { emptyBodyOk?: boolean; body?: unknown } = {},
  ): Promise<z.output<S>> {
    const started = Date.now();
    const log = (level: 'info' | 'warn', outcome: string, extra: Record<string, unknown> = {}) =>
      this.options.logger[level]('vultr call', {
        event: 'vultr_call',
        operation,
        method,
        outcome,
        duration_ms: Date.now() - started,
        ...extra,
      });
    let status: number;
    let text: string;
    try {
      const response = await request(`${this.baseUrl}${path}`, {
        method,
        dispatcher: method === 'GET' ? this.readDispatcher : this.resendDispatcher,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.deadlineMs),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (err) {
      const error = transportError(err, operation);
      log('warn', error.kind, { error_code: (err as { code?: string }).code });
      throw error;
    }

    if (status < 200 || status >= 300) {
      const error = statusError(status, text, operation);
      log('warn', error.kind, { status });
      throw error;
    }
    if (text.trim() === '' && emptyBodyOk) {
      log('info', 'ok', { status });
      return null as z.output<S>;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      log('warn', 'invalid_response', { status, reason: 'not JSON' });
      throw new VultrError('invalid_response', `Vultr answered ${operation} with something that is not JSON`, {
        status,
        operation,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; ');
      log('warn', 'invalid_response', { status, reason: where });
      throw new VultrError('invalid_response', `Vultr's answer to ${operation} did not match the expected shape (${where})`, {
        status,
        operation,
      });
    }
    log('info', 'ok', { status });
    return parsed.data;
  }
}

function encodeId(id: string): string {
  if (!invitationIdPattern.test(id)) throw new VultrError('rejected', 'Not a valid invitation id', { operation: 'validate' });
  return encodeURIComponent(id);
}

const neverReached = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT']);
const timedOut = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED']);

function transportError(err: unknown, operation: string): VultrError {
  const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code !== undefined && neverReached.has(code)) {
    return new VultrError('unreachable', `Could not connect to Vultr (${code})`, { operation });
  }
  if ((code !== undefined && timedOut.has(code)) || (err as Error).name === 'TimeoutError') {
    return new VultrError('timeout', 'Vultr did not answer in time', { operation });
  }
  return new VultrError('interrupted', `The connection to Vultr broke (${code ?? 'unknown error'})`, { operation });
}

function statusError(status: number, text: string, operation: string): VultrError {
  const vultrMessage = readVultrMessage(text);
  const details = { status, operation, ...(vultrMessage !== undefined ? { vultrMessage } : {}) };
  const kind: VultrErrorKind =
    status === 401 || status === 403
      ? 'auth'
      : status === 404 || /invite not found/i.test(vultrMessage ?? '')
        ? 'not_found'
        : status === 429
          ? 'rate_limited'
          : status >= 500
            ? 'server'
            : 'rejected';
  return new VultrError(kind, `Vultr answered ${operation} with HTTP ${status}${vultrMessage ? `: ${vultrMessage}` : ''}`, details);
}

/** Vultr's `error` string when the body is JSON; HTML from a proxy is never carried along. */
function readVultrMessage(text: string): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    const message = parsed.success ? parsed.data.error?.trim() : undefined;
    return message ? message.slice(0, MAX_VULTR_MESSAGE) : undefined;
  } catch {
    return undefined;
  }
}
