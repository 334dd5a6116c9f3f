import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockProblems, messageProblems } from './blockLimits';
import type { AppManifest } from './manifest';
import type { ViewInputs } from './signedRequests';
import { stringOr } from './text';

/**
 * The local Slack: a loopback server playing Slack's Web API under /api/ (what @slack/web-api
 * calls through SLACK_API_URL) and response_url endpoints under /response/N (what Bolt's
 * respond() posts to). It keeps the conversation the way a Slack client shows it (channel
 * messages, threads, ephemeral messages replaced or deleted as response_url posts say, each
 * person's App Home) and refuses blocks that break Block Kit's limits with `invalid_blocks`.
 * What it knows about the app (its bot's name, its granted scopes) comes from the app's manifest.
 * Tests, demos and the workbench page all use this one implementation; tests can also override
 * answers and make response_urls fail.
 */

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

export interface ResponsePost {
  id: number;
  body: {
    text?: string;
    blocks?: Array<Record<string, unknown>>;
    replace_original?: boolean;
    delete_original?: boolean;
    response_type?: string;
  };
  /** performance.now() when its request arrived (before the emulator read and checked it), for timings finer than waitFor's polling. */
  receivedAt?: number;
}

/** A message as a Slack client holds it. Ephemeral ones are seen only by `visibleTo`. */
export interface StoredMessage {
  channel: string;
  ts: string;
  author: string;
  text: string;
  blocks: unknown[];
  visibleTo?: string;
  threadTs?: string;
  edited?: boolean;
}

/** Something Slack refused, kept for the page to show. */
export interface Refusal {
  at: string;
  where: string;
  error: string;
  problems: string[];
}

export interface SlackUser {
  is_admin?: boolean;
  is_owner?: boolean;
  name?: string;
  real_name?: string;
  /** `users.info` returns the profile e-mail (Slack: only with users:read.email). */
  profile?: { email?: string };
}

/** Where a response_url's posts land: the person and channel of the request, and the message clicked. */
export interface ResponseTarget {
  channel: string;
  user: string;
  sourceTs?: string;
}

type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Override = (args: Record<string, unknown>) => Reply | undefined;

/** A modal as the person sees it, and who opened it. */
export interface ModalState {
  id: string;
  user: string | undefined;
  hash: string;
  view: Record<string, unknown>;
  /** What the person submitted when the app answered with field errors: Slack keeps it in the form. */
  typed?: ViewInputs;
  /** The options the app last offered each external select, by block_id: where a chosen option's text comes from. */
  suggested?: Record<string, Array<Record<string, unknown>>>;
}

export const TEAM_ID = 'T0TESTTEAM';
export const BOT_USER_ID = 'U0BOTUSER';
/** Slack accepts 5 posts to one response_url within 30 minutes. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

interface ResponseUrlState {
  failWith: number[];
  uses: number;
  createdAt: number;
  target?: ResponseTarget;
}

export class LocalSlack {
  readonly calls: ApiCall[] = [];
  readonly responsePosts: ResponsePost[] = [];
  /** Users by id; `users.info` answers from here. */
  readonly users = new Map<string, SlackUser>();
  readonly usergroups = new Map<string, string[]>();
  /** What auth.test reports in its x-oauth-scopes header: the bot scopes the manifest asks for. */
  grantedScopes: string[];
  readonly messages: StoredMessage[] = [];
  readonly homeViews = new Map<string, Record<string, unknown>>();
  /** Web API methods that answer only after this many milliseconds (tests of Slack being slow). */
  readonly slowMethods = new Map<string, number>();
  /** The hash of each user's current Home view, as views.publish returns it. */
  readonly homeHashes = new Map<string, string>();
  /** Open modals by view id, as views.open and views.update left them. */
  readonly modals = new Map<string, ModalState>();
  private nextViewId = 1;
  readonly refusals: Refusal[] = [];
  /** Grows with every change a client would see; the page polls it. */
  version = 0;
  private readonly overrides = new Map<string, Override[]>();
  private readonly responseUrls = new Map<number, ResponseUrlState>();
  private nextResponseId = 1;
  private lastTs = 0;
  private server: Server | undefined;

  /** `manifest`: the app installed in this workspace, as its Slack app manifest describes it. */
  constructor(readonly manifest: AppManifest) {
    this.grantedScopes = [...manifest.botScopes];
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answer the next call(s) of `method` differently; the override returns undefined to pass. */
  override(method: string, reply: Override): void {
    this.overrides.set(method, [...(this.overrides.get(method) ?? []), reply]);
  }

  /**
   * A fresh response_url; `failWith` lists statuses its first posts get (e.g. [500] or [404, 404]).
   * With a target, its posts appear in the conversation as ephemeral messages.
   */
  responseUrl(failWith: number[] = [], target?: ResponseTarget): { url: string; id: number } {
    const id = this.nextResponseId++;
    this.responseUrls.set(id, { failWith: [...failWith], uses: 0, createdAt: Date.now(), ...(target ? { target } : {}) });
    return { url: `${this.url}/response/${id}`, id };
  }

  postsTo(id: number): ResponsePost[] {
    return this.responsePosts.filter((p) => p.id === id);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Adds a message to the conversation, as a person's post or an ephemeral reply, and returns it. */
  addMessage(message: Omit<StoredMessage, 'ts'>): StoredMessage {
    const stored = { ...message, ts: this.nextTs() };
    this.messages.push(stored);
    this.version++;
    return stored;
  }

  /** The bot's direct-message conversation with a person: what conversations.open returns, where the page's Messages tab looks. */
  dmChannelOf(user: string): string {
    return `D${user.replace(/^[UW]/, '')}`;
  }

  /** Slack takes a person's user id as a channel: the post goes to the bot's DM with them. */
  private conversationOf(channel: unknown): string {
    const id = String(channel);
    return /^[UW][A-Z0-9]+$/.test(id) ? this.dmChannelOf(id) : id;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Records a refusal (an invalid payload, a slow ack) for the page to show. */
  refuse(where: string, error: string, problems: string[] = []): void {
    this.refusals.push({ at: new Date().toISOString(), where, error, problems });
    this.version++;
  }

  /** Polls until `predicate` holds, so tests wait for the work Bolt does after ack(). */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting for Slack traffic');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async waitForPosts(id: number, count = 1, timeoutMs?: number): Promise<ResponsePost[]> {
    return this.waitFor(() => {
      const posts = this.postsTo(id);
      return posts.length >= count ? posts : undefined;
    }, timeoutMs);
  }

  /** Slack's message timestamps: unique and increasing within the workspace. */
  private nextTs(): string {
    this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';

    const responseMatch = /^\/response\/(\d+)$/.exec(path);
    if (responseMatch) return this.responseUrlPost(Number(responseMatch[1]), raw, res, arrivedAt);

    const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, req.headers['content-type']);
    this.calls.push({ method, args });
    const delayMs = this.slowMethods.get(method);
    if (delayMs !== undefined) await new Promise((r) => setTimeout(r, delayMs));
    const queue = this.overrides.get(method) ?? [];
    let reply: Reply | undefined;
    while (queue.length > 0 && reply === undefined) reply = queue.shift()?.(args);
    reply ??= {
      body: this.answer(method, args),
      headers: method === 'auth.test' ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {},
    };
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? { ok: true }));
  }

  private responseUrlPost(id: number, raw: string, res: ServerResponse, arrivedAt: number): void {
    const answer = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(text);
    };
    const state = this.responseUrls.get(id);
    if (!state) return answer(404, 'no_such_url');
    const failure = state.failWith.shift();
    if (failure !== undefined) return answer(failure, 'failure injected');
    if (state.uses >= RESPONSE_URL_USES) return answer(404, 'used_url');
    if (Date.now() - state.createdAt > RESPONSE_URL_LIFETIME_MS) return answer(404, 'expired_url');
    const body = JSON.parse(raw) as ResponsePost['body'];
    const problems = messageProblems(body);
    if (problems.length > 0) {
      this.refuse(`response_url ${id}`, 'invalid_blocks', problems);
      return answer(400, 'invalid_blocks');
    }
    state.uses++;
    this.responsePosts.push({ id, body, receivedAt: arrivedAt });
    if (state.target) this.showResponse(state.target, body);
    answer(200, 'ok');
  }

  /** What a Slack client shows for a response_url post: replace, delete, or a new ephemeral message. */
  private showResponse(target: ResponseTarget, body: ResponsePost['body']): void {
    const source = target.sourceTs !== undefined ? this.findMessage(target.channel, target.sourceTs) : undefined;
    if (source && body.delete_original) {
      this.messages.splice(this.messages.indexOf(source), 1);
      this.version++;
      return;
    }
    const content = { text: body.text ?? '', blocks: body.blocks ?? [] };
    if (source && body.replace_original) {
      Object.assign(source, content);
      this.version++;
      return;
    }
    const inChannel = body.response_type === 'in_channel';
    this.addMessage({ channel: target.channel, author: BOT_USER_ID, ...content, ...(inChannel ? {} : { visibleTo: target.user }) });
  }

  /** views.open needs a trigger_id; views.update a known view id (and, when given, its current hash). */
  private modalCall(method: string, args: Record<string, unknown>): unknown {
    const view = (args.view ?? {}) as Record<string, unknown>;
    const problems = blockProblems(view.blocks, 'modal');
    if (problems.length > 0) {
      this.refuse(method, 'invalid_blocks', problems);
      return { ok: false, error: 'invalid_blocks', errors: problems };
    }
    let state: ModalState | undefined;
    if (method === 'views.open') {
      if (typeof args.trigger_id !== 'string' || args.trigger_id === '') return { ok: false, error: 'invalid_trigger_id' };
      state = { id: `V0MODAL${this.nextViewId++}`, user: triggerUser(args.trigger_id), hash: '', view };
    } else {
      state = this.modals.get(String(args.view_id));
      if (!state) return { ok: false, error: 'not_found' };
      if (typeof args.hash === 'string' && args.hash !== state.hash) return { ok: false, error: 'hash_conflict' };
      state.view = view;
      delete state.typed;
      delete state.suggested;
    }
    state.hash = `hash${this.nextViewId++}`;
    this.modals.set(state.id, state);
    this.version++;
    return { ok: true, view: { ...view, id: state.id, hash: state.hash } };
  }

  /**
   * What a view_submission's `response_action` did to the modal: a new view (starting from its own
   * initial values), or errors shown with what the person submitted (`typed`) still in the form.
   */
  applyViewResponse(
    viewId: string,
    ack: { response_action?: string; view?: Record<string, unknown>; errors?: Record<string, string> } | undefined,
    typed: ViewInputs = {},
  ): void {
    const state = this.modals.get(viewId);
    if (!state) return;
    if (ack?.response_action === 'update' && ack.view) {
      state.view = ack.view;
      state.hash = `hash${this.nextViewId++}`;
      delete state.typed;
      delete state.suggested;
    } else if (ack?.response_action === 'errors') {
      state.view = { ...state.view, errors: ack.errors };
      state.typed = typed;
    } else {
      this.modals.delete(viewId);
    }
    this.version++;
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    const checked = (problems: string[], post: () => unknown) => {
      if (problems.length === 0) return post();
      this.refuse(method, 'invalid_blocks', problems);
      return { ok: false, error: 'invalid_blocks', errors: problems };
    };
    const content = { text: stringOr(args.text), blocks: Array.isArray(args.blocks) ? (args.blocks as unknown[]) : [] };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: this.manifest.botName,
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: 'B0BOT',
        };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user: { id: args.user, ...user } } : { ok: false, error: 'user_not_found' };
      }
      case 'usergroups.users.list': {
        const members = this.usergroups.get(String(args.usergroup));
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.info':
        return {
          ok: true,
          channel: { id: args.channel, name: 'invites', is_channel: true, is_private: false, is_archived: false, is_member: true },
        };
      case 'chat.postMessage':
        return checked(messageProblems(args), () => {
          const thread = typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {};
          const posted = this.addMessage({ channel: this.conversationOf(args.channel), author: BOT_USER_ID, ...content, ...thread });
          return { ok: true, channel: posted.channel, ts: posted.ts, message: { ...content, ts: posted.ts } };
        });
      case 'chat.postEphemeral':
        return checked(messageProblems(args), () => {
          this.addMessage({ channel: String(args.channel), author: BOT_USER_ID, ...content, visibleTo: String(args.user) });
          return { ok: true, message_ts: this.messages.at(-1)?.ts };
        });
      case 'chat.update':
        return checked(messageProblems(args), () => {
          const message = this.findMessage(String(args.channel), String(args.ts));
          if (message) {
            Object.assign(message, content, { edited: true });
            this.version++;
          }
          return { ok: true, channel: args.channel, ts: args.ts, text: content.text };
        });
      case 'views.publish': {
        const view = (args.view ?? {}) as Record<string, unknown>;
        const user = String(args.user_id);
        // Like Slack: a publish that names a hash other than the current view's is refused.
        if (typeof args.hash === 'string' && args.hash !== this.homeHashes.get(user)) return { ok: false, error: 'hash_conflict' };
        return checked(blockProblems(view.blocks, 'home'), () => {
          const hash = `${Date.now()}.${++this.version}`;
          this.homeViews.set(user, view);
          this.homeHashes.set(user, hash);
          return { ok: true, view: { id: 'V0HOMEVIEW', hash, ...view } };
        });
      }
      case 'views.open':
      case 'views.update':
        return this.modalCall(method, args);
      case 'conversations.open':
        return { ok: true, channel: { id: this.dmChannelOf(String(args.users)) } };
      default:
        return { ok: true };
    }
  }
}

/** The person a trigger_id belongs to, when the caller encoded it (`trigger:U123:…`), for the page. */
function triggerUser(triggerId: unknown): string | undefined {
  return typeof triggerId === 'string' ? /^trigger:([UW][A-Z0-9]+):/.exec(triggerId)?.[1] : undefined;
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
