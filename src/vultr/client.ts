import { setImmediate } from 'node:timers/promises';
import { Agent, RetryAgent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../util/log';
import { sliceWhole } from '../util/wholeCharacters';
import { isVultrError, VultrError, type VultrErrorKind } from './errors';
import { matchUser, memberDisplayName, saysAlreadyMember, sortedByName, type GroupDirectory, type VultrGroup, type VultrUser } from './iam';
import { toInvitation, type Invitation, type InvitationList } from './invitation';
import { defaultRetrySettings, retryPolicy, type RetrySettings } from './retryPolicy';
import {
  errorBodySchema,
  groupListSchema,
  groupSchema,
  invitationListSchema,
  invitationSchema,
  readRowsWith,
  singleInvitationSchema,
  userListSchema,
  userSchema,
  vultrIdPattern,
  type ListPageSchema,
} from './schemas';

export interface VultrClientOptions {
  apiUrl: string;
  apiKey: string;
  /**
   * Per-attempt limit: for connecting, for the response headers, and for the whole body once the
   * headers are in (so a trickling body cannot hold a connection). One call, queueing, retries and
   * backoffs included, ends after CALL_DEADLINE_ATTEMPTS times this.
   */
  timeoutMs: number;
  logger: Logger;
  /** Most requests in flight to Vultr at once; more queue in the agent (Vultr limits per IP). */
  maxConcurrency?: number;
  retry?: RetrySettings;
  /** Tests make these small; production uses defaultVultrLimits. */
  limits?: Partial<VultrLimits>;
  /** Injectable for tests (e.g. undici's MockAgent); defaults to a bounded keep-alive Agent. */
  dispatcher?: Dispatcher;
}

/** What the bot keeps in memory from Vultr (docs/vultr-api.md, Pagination). */
export interface VultrLimits {
  /** Rows asked for per page: Vultr's documented maximum. */
  pageSize: number;
  /** Pages followed before the list is declared incomplete (a cursor that never ends). */
  maxPages: number;
  /** Rows kept per walk; past it the walk fails (pages far larger than asked for). */
  maxRows: number;
  /** Bytes read from one answer; past it the answer is dropped. 500 invitations are about 250 KB. */
  maxResponseBytes: number;
}

export const defaultVultrLimits: VultrLimits = { pageSize: 500, maxPages: 50, maxRows: 50_000, maxResponseBytes: 4 * 1024 * 1024 };

/** Each row converted as its page is read: a walk keeps no page of Vultr's JSON past its own. */
const listedInvitationSchema = invitationSchema.transform(toInvitation);

/** A call's deadline in attempts' worth of time: room for a retry or two, and far below a person's patience. */
const CALL_DEADLINE_ATTEMPTS = 3;
/** Rows of a page read between two turns of the event loop (about a millisecond's work). */
const ROWS_PER_TURN = 100;
/** Longest text of Vultr's we will carry into a message. */
const MAX_VULTR_MESSAGE = 300;

interface Exchange {
  status: number;
  /** The body; null when a 2xx body could not be read (only for calls that accept that). */
  text: string | null;
  log: (level: 'info' | 'warn', outcome: string, extra?: Record<string, unknown>) => void;
}

type WalkEnd = { complete: true } | { complete: false; reason: string };

/** The rows of one list walk (the first of each id, in Vultr's order), how many were skipped as malformed, and how it ended. */
interface Walk<Row> {
  rows: Row[];
  skipped: number;
  end: WalkEnd;
}

/**
 * The only code that knows Vultr's URLs and JSON. Returns domain objects or throws VultrError.
 *
 * Retries: reads retry on connection errors, 429 and 5xx. Every POST is retried only when Vultr
 * provably did not act (the connection was refused, or it answered 429): create and resend send
 * an e-mail, and a repeated group add is undocumented, so its caller checks membership instead.
 */
export class VultrClient implements GroupDirectory {
  private readonly baseUrl: string;
  private readonly readDispatcher: Dispatcher;
  private readonly postDispatcher: Dispatcher;
  private readonly ownAgent: Agent | undefined;
  /** One deadline per call from the moment it is asked for: queueing behind other calls, attempts and backoffs. */
  private readonly deadlineMs: number;
  private readonly limits: VultrLimits;

  constructor(private readonly options: VultrClientOptions) {
    this.baseUrl = `${options.apiUrl.replace(/\/+$/, '')}/v2`;
    this.limits = { ...defaultVultrLimits, ...options.limits };
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
    this.deadlineMs = options.timeoutMs * CALL_DEADLINE_ATTEMPTS;
    const retry = retryPolicy(settings, (info) => options.logger.warn('vultr retry', { event: 'vultr_retry', ...info }));
    this.readDispatcher = new RetryAgent(base, { retry, methods: ['GET'], throwOnError: false });
    this.postDispatcher = new RetryAgent(base, {
      retry,
      methods: ['POST'],
      statusCodes: [429],
      errorCodes: ['ECONNREFUSED'],
      throwOnError: false,
    });
  }

  /**
   * Every invitation of the key's organization, pages followed up to the page cap, in Vultr's
   * order. An id seen twice (the list changed between pages) is kept once: Slack rejects a
   * message whose rows repeat a block_id. Malformed rows are skipped and logged once per walk.
   */
  async listInvitations(): Promise<InvitationList> {
    const walk = await this.walk('list', '/invitation', invitationListSchema, listedInvitationSchema);
    return { invitations: walk.rows, skipped: walk.skipped, ...walk.end };
  }

  async getInvitation(id: string): Promise<Invitation> {
    const path = `/invitation/${encodeId(id, 'invitation')}`;
    return toInvitation(this.decode('get', singleInvitationSchema, await this.exchange('get', 'GET', path)));
  }

  /**
   * Asks Vultr to e-mail the invitation again. Any 2xx means Vultr acted (docs/vultr-api.md,
   * Envelopes), so it never throws after one: it returns the updated invitation when the body is
   * one, otherwise (empty, unreadable, another shape) null.
   */
  async resendInvitation(id: string): Promise<Invitation | null> {
    const exchange = await this.exchange('resend', 'POST', `/invitation/${encodeId(id, 'invitation')}/resend`, {
      acceptUnreadable2xx: true,
    });
    if (exchange.text === null || exchange.text.trim() === '') return null;
    try {
      return toInvitation(this.decode('resend', singleInvitationSchema, exchange));
    } catch {
      return null; // decode logged why; the 2xx still stands
    }
  }

  /**
   * Asks Vultr to create (and e-mail) an invitation. Sends an e-mail, so it is retried only
   * when Vultr provably did not act, like resend. Vultr answers 201 with the invitation.
   */
  async createInvitation(email: string, apiEnabled: boolean): Promise<Invitation> {
    const exchange = await this.exchange('create', 'POST', '/invitation', {
      body: { email_invited: email, permissions: { api_enabled: apiEnabled } },
    });
    return toInvitation(this.decode('create', singleInvitationSchema, exchange));
  }

  async listGroups(): Promise<VultrGroup[]> {
    return sortedByName(await this.walkWhole('list_groups', 'group', '/groups', groupListSchema, groupSchema));
  }

  /** Pages stop at the first page that holds the user; a list that ends early without them is an error, not "not listed". */
  async findUserByEmail(email: string): Promise<VultrUser | null> {
    const walk = await this.walk('list_users', '/users', userListSchema, userSchema, (rows) => matchUser(rows, email) !== null);
    const user = matchUser(walk.rows, email);
    if (user === null && !walk.end.complete) throw incompleteList('user', walk.end.reason, 'list_users');
    return user;
  }

  async userGroupIds(userId: string): Promise<string[]> {
    const path = `/users/${encodeId(userId, 'user')}/groups`;
    return (await this.walkWhole('user_groups', 'group', path, groupListSchema, groupSchema)).map((group) => group.id);
  }

  /**
   * Any 2xx is success and its body is not read (undocumented). So is a 4xx that says the user
   * already is a member (docs/vultr-api.md, IAM groups and users): the membership the caller wants
   * stands. Everything else throws; after a timeout or 5xx the add may have gone through.
   */
  async addGroupMember(groupId: string, user: VultrUser): Promise<void> {
    const path = `/groups/${encodeId(groupId, 'group')}/members`;
    const body = { user_id: validId(user.id, 'user'), display_name: memberDisplayName(user) };
    try {
      const exchange = await this.exchange('add_member', 'POST', path, { body, acceptUnreadable2xx: true });
      exchange.log('info', 'ok', { status: exchange.status });
    } catch (err) {
      if (!(isVultrError(err) && err.kind === 'rejected' && saysAlreadyMember(err.vultrMessage))) throw err;
      this.options.logger.info('vultr add member: already a member', {
        event: 'vultr_call',
        operation: 'add_member',
        outcome: 'already_member',
        status: err.status,
        vultr_message: err.vultrMessage,
      });
    }
  }

  /** Waits for requests in flight, or with `force`, cuts them off (a shutdown that ran out of time). */
  async close(force = false): Promise<void> {
    await (force ? this.ownAgent?.destroy() : this.ownAgent?.close());
  }

  /**
   * Follows a list's pages up to the page cap (docs/vultr-api.md, Pagination), or until `done`
   * says the rows so far suffice. An id seen twice (the list changed between pages) is kept once.
   * Malformed rows are skipped and logged once per walk.
   */
  private async walk<Row extends { id: string }>(
    operation: string,
    path: string,
    pageSchema: ListPageSchema,
    rowSchema: z.ZodType<Row>,
    done?: (rows: Row[]) => boolean,
  ): Promise<Walk<Row>> {
    const all = new Map<string, Row>();
    const seenCursors = new Set<string>();
    const skipped = { count: 0, byField: {} as Record<string, number>, ids: [] as string[] };
    const finish = (end: WalkEnd): Walk<Row> => {
      if (skipped.count > 0) {
        // Ids only: a skipped row may hold anything, and personal data stays out of the logs.
        this.options.logger.warn('vultr list skipped malformed rows', {
          event: 'vultr_list',
          operation,
          skipped: skipped.count,
          by_field: skipped.byField,
          skipped_ids: skipped.ids.slice(0, 20),
          listed: all.size,
        });
      }
      if (!end.complete)
        this.options.logger.warn('vultr list incomplete', { event: 'vultr_list', operation, reason: end.reason, listed: all.size });
      return { rows: [...all.values()], skipped: skipped.count, end };
    };
    const fetchPage = (cursor: string | null): Promise<Exchange> => {
      const query = new URLSearchParams({ per_page: String(this.limits.pageSize) });
      if (cursor !== null) query.set('cursor', cursor);
      return this.exchange(operation, 'GET', `${path}?${query.toString()}`);
    };
    let pending = fetchPage(null);
    for (let page = 0; page < this.limits.maxPages; page++) {
      const body = this.decode(operation, pageSchema, await pending);
      // The next page is asked for before this one's rows are read, so reading overlaps Vultr's
      // latency (a walk's time is its requests'). Not when `done` may end the walk on these rows.
      const next =
        body.next !== null && body.items.length > 0 && !seenCursors.has(body.next) && page + 1 < this.limits.maxPages ? body.next : null;
      const prefetched = done === undefined && next !== null;
      if (prefetched) {
        pending = fetchPage(next);
        // Awaited on the next turn; a walk that throws before then must not leave it unhandled.
        pending.catch(() => undefined);
      }
      if (all.size + body.items.length > this.limits.maxRows) {
        throw new VultrError('too_large', `Vultr's list went past ${this.limits.maxRows} rows; the bot stopped reading it`, { operation });
      }
      for (let first = 0; first < body.items.length; first += ROWS_PER_TURN) {
        // A turn of the event loop before each chunk: the next page's request goes out (undici
        // writes on a later turn) and requests that arrived meanwhile are acknowledged first.
        await setImmediate();
        const chunk = body.items.slice(first, first + ROWS_PER_TURN);
        const read = readRowsWith(rowSchema, chunk);
        for (const row of read.rows) if (!all.has(row.id)) all.set(row.id, row);
        skipped.count += chunk.length - read.rows.length;
        for (const [field, n] of Object.entries(read.skippedByField)) skipped.byField[field] = (skipped.byField[field] ?? 0) + n;
        skipped.ids.push(...read.skippedIds);
      }
      if (body.next === null || body.items.length === 0 || done?.([...all.values()])) return finish({ complete: true });
      if (seenCursors.has(body.next)) return finish({ complete: false, reason: "Vultr's paging went round in a circle" });
      seenCursors.add(body.next);
      if (!prefetched && next !== null) pending = fetchPage(next);
    }
    return finish({ complete: false, reason: `Vultr's list went on past ${this.limits.maxPages} pages, where the bot stops` });
  }

  /**
   * A walk whose every row matters (a picker, a membership check): one that ends early is an
   * error, since what is missing may be the group someone needs.
   */
  private async walkWhole<Row extends { id: string }>(
    operation: string,
    what: string,
    path: string,
    pageSchema: ListPageSchema,
    rowSchema: z.ZodType<Row>,
  ): Promise<Row[]> {
    const walk = await this.walk(operation, path, pageSchema, rowSchema);
    if (!walk.end.complete) throw incompleteList(what, walk.end.reason, operation);
    return walk.rows;
  }

  /** One request: a status and a bounded body, or a VultrError for a transport failure or a non-2xx. */
  private async exchange(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    { acceptUnreadable2xx = false, body }: { acceptUnreadable2xx?: boolean; body?: unknown } = {},
  ): Promise<Exchange> {
    const started = Date.now();
    const log: Exchange['log'] = (level, outcome, extra = {}) =>
      this.options.logger[level]('vultr call', {
        event: 'vultr_call',
        operation,
        method,
        outcome,
        duration_ms: Date.now() - started,
        ...extra,
      });
    let response: Dispatcher.ResponseData;
    try {
      response = await request(`${this.baseUrl}${path}`, {
        method,
        dispatcher: method === 'GET' ? this.readDispatcher : this.postDispatcher,
        headers: {
          authorization: `Bearer ${this.options.apiKey}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.deadlineMs),
      });
    } catch (err) {
      throw this.failed(log, transportError(err, operation), err);
    }
    const status = response.statusCode;
    const ok = status >= 200 && status < 300;
    let text: string;
    try {
      text = await readBounded(response, this.options.timeoutMs, this.limits.maxResponseBytes, operation);
    } catch (err) {
      if (ok && acceptUnreadable2xx) {
        log('warn', 'ok_unreadable_body', { status, error_code: errorCode(err) });
        return { status, text: null, log };
      }
      // An error status speaks for itself; its body is only decoration.
      if (!ok) throw this.failed(log, statusError(status, '', operation), err);
      throw this.failed(log, err instanceof VultrError ? err : transportError(err, operation), err);
    }
    if (!ok) {
      // Vultr's words are upstream text that may echo the key: redacted before anyone (Slack included) sees them.
      const error = statusError(status, this.options.logger.redact(text), operation);
      log('warn', error.kind, { status });
      throw error;
    }
    return { status, text, log };
  }

  private failed(log: Exchange['log'], error: VultrError, cause: unknown): VultrError {
    log('warn', error.kind, { ...(error.status !== undefined ? { status: error.status } : {}), error_code: errorCode(cause) });
    return error;
  }

  /** The body as `schema` says, or invalid_response (logged with where it did not match). */
  private decode<S extends z.ZodType>(operation: string, schema: S, { status, text, log }: Exchange): z.output<S> {
    let json: unknown;
    try {
      json = JSON.parse(text ?? '');
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

/**
 * The body, whole, within `timeoutMs` of the headers and `maxBytes` in size (a declared length
 * past it is refused before reading). Either limit ends the read and frees the connection.
 */
async function readBounded(response: Dispatcher.ResponseData, timeoutMs: number, maxBytes: number, operation: string): Promise<string> {
  const { body, headers } = response;
  const tooLarge = () => new VultrError('too_large', `Vultr's answer to ${operation} is larger than ${maxBytes} bytes`, { operation });
  if (Number(headers['content-length']) > maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const timer = setTimeout(() => body.destroy(Object.assign(new Error('body deadline'), { code: 'UND_ERR_BODY_TIMEOUT' })), timeoutMs);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

type IdOf = 'invitation' | 'group' | 'user';

/** The id, when it may go into a URL or a body (docs/vultr-api.md, Invitation fields); never a request built from another. */
function validId(id: string, what: IdOf): string {
  if (!vultrIdPattern.test(id)) throw new VultrError('rejected', `Not a valid ${what} id`, { operation: 'validate' });
  return id;
}

function encodeId(id: string, what: IdOf): string {
  return encodeURIComponent(validId(id, what));
}

function incompleteList(what: string, reason: string, operation: string): VultrError {
  return new VultrError('too_large', `The ${what} list could not be read to its end: ${reason}`, { operation });
}

const neverReached = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);
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
      : status === 404 || /\b(invite|group) not found/i.test(vultrMessage ?? '')
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
    return message ? sliceWhole(message, MAX_VULTR_MESSAGE) : undefined;
  } catch {
    return undefined;
  }
}
