import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestBotScopes } from '../../src/doctor/requiredScopes';

/**
 * A loopback server playing Slack: the Web API under /api/ (what @slack/web-api calls through
 * SLACK_API_URL) and response_url endpoints under /response/N (what Bolt's respond() posts to).
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
    response_type?: string;
  };
}

type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Override = (args: Record<string, unknown>) => Reply | undefined;

export const TEAM_ID = 'T0TESTTEAM';
export const BOT_USER_ID = 'U0BOTUSER';

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responsePosts: ResponsePost[] = [];
  /** Users by id; `users.info` answers from here. */
  readonly users = new Map<string, { is_admin?: boolean; is_owner?: boolean }>();
  readonly usergroups = new Map<string, string[]>();
  /** What auth.test reports in its x-oauth-scopes header: the bot scopes manifest.yml asks for. */
  grantedScopes = [...manifestBotScopes];
  private readonly overrides = new Map<string, Override[]>();
  private readonly failingResponseUrls = new Map<number, number[]>();
  private nextResponseId = 1;
  private server: Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(0, '127.0.0.1');
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

  /** A fresh response_url; `failWith` lists statuses its first posts get (e.g. [500] or [404, 404]). */
  responseUrl(failWith: number[] = []): { url: string; id: number } {
    const id = this.nextResponseId++;
    if (failWith.length > 0) this.failingResponseUrls.set(id, [...failWith]);
    return { url: `${this.url}/response/${id}`, id };
  }

  postsTo(id: number): ResponsePost[] {
    return this.responsePosts.filter((p) => p.id === id);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';

    const responseMatch = /^\/response\/(\d+)$/.exec(path);
    if (responseMatch) {
      const id = Number(responseMatch[1]);
      const failure = this.failingResponseUrls.get(id)?.shift();
      if (failure !== undefined) {
        res.writeHead(failure, { 'content-type': 'text/plain' });
        res.end('failure injected');
        return;
      }
      this.responsePosts.push({ id, body: JSON.parse(raw) as ResponsePost['body'] });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }

    const method = path.replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseArgs(raw, req.headers['content-type']);
    this.calls.push({ method, args });
    const queue = this.overrides.get(method) ?? [];
    let reply: Reply | undefined;
    while (queue.length > 0 && reply === undefined) reply = queue.shift()?.(args);
    reply ??= { body: this.answer(method, args), headers: method === 'auth.test' ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {} };
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? { ok: true }));
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'invites-bot', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: 'B0BOT' };
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user: { id: args.user, ...user } } : { ok: false, error: 'user_not_found' };
      }
      case 'usergroups.users.list': {
        const members = this.usergroups.get(String(args.usergroup));
        return members ? { ok: true, users: members } : { ok: false, error: 'no_such_subteam' };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: args.channel, name: 'invites', is_channel: true, is_private: false, is_archived: false, is_member: true } };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: `${Date.now() / 1000}` };
      default:
        return { ok: true };
    }
  }
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
