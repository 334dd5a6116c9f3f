import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Vultr sandbox: a loopback HTTP server speaking Vultr's invitation API as docs/vultr-api.md
 * describes it (Bearer auth, cursor pagination under `invites` and `meta.links.next`, bare
 * single objects, `{"error": "...", "status": n}` error bodies). A resend records the e-mail
 * Vultr would have sent in an outbox instead of sending it. The tests, `npm run demo` and
 * `npm run sandbox` all use this one implementation; tests can also queue faults per route.
 */

export interface SandboxInvitation {
  id: string;
  email_invited: string;
  inviter_name?: string | null;
  inviter_email?: string | null;
  invite_status?: string | null;
  status?: string;
  date_created?: string | null;
  expiration_date?: string | null;
  [extra: string]: unknown;
}

export type Route = 'list' | 'get' | 'resend' | 'create';

export type Fault =
  /** Answer this instead; with `act` (resend only), after performing the real action. */
  | { status: number; body?: string; headers?: Record<string, string>; act?: boolean }
  /** Never answer, and perform the real action this long after the request (Vultr applying a resend late). */
  | { hangThenActAfterMs: number }
  /** Accept the request and never answer (a hanging Vultr). */
  | 'hang'
  /** Close the socket without an answer after reading the request. */
  | 'destroy'
  /** Answer 200 and then send the body one byte every 100 ms, forever (each gap is short, the whole is endless). */
  | 'trickle'
  /** Perform the real action, then hang (the e-mail went out but no answer came). */
  | 'act-then-hang'
  /** Perform the real action, then answer 502 (a gateway lost Vultr's answer). */
  | 'act-then-502';

export interface RecordedRequest {
  method: string;
  path: string;
  route: Route | 'unknown';
  authorization: string | undefined;
  /** The parsed JSON body, when the request had one (create). */
  body?: unknown;
}

export const VALIDITY_MS = 3 * 24 * 3600 * 1000;

/** An e-mail Vultr would have sent; the sandbox sends nothing. */
export interface OutboxEmail {
  at: string;
  to: string;
  subject: string;
  invitationId: string;
}

export class VultrSandbox {
  readonly invitations = new Map<string, SandboxInvitation>();
  readonly requests: RecordedRequest[] = [];
  /** How many real resends happened per invitation id (each is one e-mail). */
  readonly resendCount = new Map<string, number>();
  readonly outbox: OutboxEmail[] = [];
  /** Addresses that already belong to the organization: creating an invitation for them is refused. */
  readonly members = new Set<string>();
  private readonly faults: Record<Route, Fault[]> = { list: [], get: [], resend: [], create: [] };
  private createdCount = 0;
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  /** Answer single objects wrapped in {"invitation": …} instead of bare. */
  wrapSingle = false;
  /** Answer resend with an empty 204 instead of the invitation. */
  emptyResendBody = false;
  /** Resend e-mails again but leaves expiration_date as it was (whether real Vultr moves it is unverified). */
  keepExpiryOnResend = false;
  /** Delay before answering anything, in ms. */
  latencyMs = 0;
  /** Most requests that were being served at the same moment. */
  maxConcurrent = 0;
  private concurrent = 0;

  constructor(
    readonly apiKey: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Listens on 127.0.0.1 only; port 0 picks a free one. */
  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      this.concurrent++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
      res.on('close', () => this.concurrent--);
      void this.handle(req, res);
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  add(...invitations: SandboxInvitation[]): void {
    for (const inv of invitations) this.invitations.set(inv.id, inv);
  }

  failNext(route: Route, ...faults: Fault[]): void {
    this.faults[route].push(...faults);
  }

  requestsFor(route: Route): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  totalResends(): number {
    return [...this.resendCount.values()].reduce((a, b) => a + b, 0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const match = /^\/v2\/invitation(?:\/([^/]+))?(\/resend)?$/.exec(url.pathname);
    const route: Route | 'unknown' = !match
      ? 'unknown'
      : match[2]
        ? 'resend'
        : match[1]
          ? 'get'
          : req.method === 'POST'
            ? 'create'
            : 'list';
    this.requests.push({
      method: req.method ?? '',
      path: `${url.pathname}${url.search}`,
      route,
      authorization: req.headers.authorization,
      ...(rawBody !== '' ? { body: parseJson(rawBody) } : {}),
    });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return this.json(res, 401, { error: 'Invalid API token.', status: 401 });
    if (route === 'unknown') return this.json(res, 404, { error: 'Not found', status: 404 });
    if ((route === 'resend' || route === 'create') !== (req.method === 'POST'))
      return this.json(res, 405, { error: 'Method not allowed', status: 405 });

    const fault = this.faults[route].shift();
    if (fault === 'hang') return void this.hanging.add(res);
    if (fault === 'destroy') return void res.socket?.destroy();
    if (fault === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
      return void this.hanging.add(res);
    }
    if (typeof fault === 'object' && 'hangThenActAfterMs' in fault) {
      // Vultr goes on with it even when the caller has given up and closed the connection.
      setTimeout(() => this.resendNow(match?.[1]), fault.hangThenActAfterMs).unref();
      return void this.hanging.add(res);
    }
    if (fault !== undefined && typeof fault === 'object' && !(route === 'resend' && fault.act)) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}`, status: fault.status }));
      return;
    }

    const id = match?.[1] ? decodeURIComponent(match[1]) : undefined;
    if (route === 'list') return this.list(url, res);
    if (route === 'create') return this.create(res, this.requests.at(-1)?.body, fault);
    const invitation = id !== undefined ? this.invitations.get(id) : undefined;
    if (!invitation) return this.json(res, 404, { error: 'Invite not found', status: 404 });
    if (route === 'get') return this.single(res, 200, invitation);

    if ((invitation.invite_status ?? '').toLowerCase() !== 'pending') {
      return this.json(res, 400, { error: 'Invitation is not pending', status: 400 });
    }
    this.resend(invitation);
    if (typeof fault === 'object') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? '');
      return;
    }
    if (fault === 'act-then-hang') return void this.hanging.add(res);
    if (fault === 'act-then-502') return this.json(res, 502, { error: 'Bad gateway', status: 502 });
    if (this.emptyResendBody) {
      res.writeHead(204);
      res.end();
      return;
    }
    this.single(res, 200, invitation);
  }

  /** What Vultr does on a resend: e-mail again (into the outbox) and, unless told not to, move the expiration. */
  private resend(invitation: SandboxInvitation): void {
    if (!this.keepExpiryOnResend) invitation.expiration_date = vultrDate(new Date(this.now().getTime() + VALIDITY_MS));
    this.resendCount.set(invitation.id, (this.resendCount.get(invitation.id) ?? 0) + 1);
    const orgName = typeof invitation.org_name === 'string' ? invitation.org_name : 'an organization';
    this.outbox.push({
      at: this.now().toISOString(),
      to: invitation.email_invited,
      subject: `Reminder: you are invited to join ${orgName} on Vultr`,
      invitationId: invitation.id,
    });
  }

  /** A late resend of a pending invitation by its raw path id (the hangThenActAfterMs fault). */
  private resendNow(rawId: string | undefined): void {
    const invitation = rawId === undefined ? undefined : this.invitations.get(decodeURIComponent(rawId));
    if (invitation && (invitation.invite_status ?? '').toLowerCase() === 'pending') this.resend(invitation);
  }

  /** POST /v2/invitation: a Pending invitation valid for 3 days, and the e-mail Vultr would send. */
  private create(res: ServerResponse, body: unknown, fault: Fault | undefined): void {
    const request = (typeof body === 'object' && body !== null ? body : {}) as {
      email_invited?: unknown;
      permissions?: { api_enabled?: unknown };
    };
    const email = typeof request.email_invited === 'string' ? request.email_invited.trim() : '';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return this.json(res, 400, { error: 'Invalid email address', status: 400 });
    if (this.members.has(email.toLowerCase()))
      return this.json(res, 400, { error: 'User is already a member of this organization', status: 400 });
    const now = this.now();
    this.createdCount++;
    const invitation: SandboxInvitation = {
      id: `5a0c1d2e-0000-4b61-8f1a-${String(this.createdCount).padStart(12, '0')}`,
      inviter_name: 'Invites Bot',
      inviter_email: null,
      email_invited: email,
      email_registered: '',
      permissions: { api_enabled: request.permissions?.api_enabled === true ? 'yes' : 'no' },
      invite_status: 'Pending',
      status: '?',
      date_created: vultrDate(now),
      date_responded: '',
      expiration_date: vultrDate(new Date(now.getTime() + VALIDITY_MS)),
    };
    this.add(invitation);
    this.outbox.push({
      at: now.toISOString(),
      to: email,
      subject: 'You are invited to join an organization on Vultr',
      invitationId: invitation.id,
    });
    if (fault === 'act-then-hang') return void this.hanging.add(res);
    if (fault === 'act-then-502') return this.json(res, 502, { error: 'Bad gateway', status: 502 });
    this.single(res, 201, invitation);
  }

  private list(url: URL, res: ServerResponse): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 100), 500);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const all = [...this.invitations.values()];
    const page = all.slice(start, start + perPage);
    const next = start + perPage < all.length ? String(start + perPage) : '';
    this.json(res, 200, { invites: page, meta: { total: all.length, links: { next, prev: '' } } });
  }

  private single(res: ServerResponse, status: number, invitation: SandboxInvitation): void {
    this.json(res, status, this.wrapSingle ? { invitation } : invitation);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Vultr's documented timestamp style: whole seconds with a numeric offset. */
export function vultrDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}

export function pendingInvitation(n: number, expiresAt: Date, overrides: Partial<SandboxInvitation> = {}): SandboxInvitation {
  return {
    id: `7c1e2b9a-0000-4a51-9e0b-${String(n).padStart(12, '0')}`,
    inviter_name: 'Dana Admin',
    inviter_email: 'dana@example.com',
    email_invited: `user${n}@example.com`,
    email_registered: '',
    permissions: { api_enabled: false },
    org_id: '0d9f6c1a-1111-4222-8333-944455556666',
    org_name: 'Acme Platform',
    status: '?',
    status_full: '?',
    invite_status: 'Pending',
    date_created: vultrDate(new Date(expiresAt.getTime() - VALIDITY_MS)),
    date_responded: '',
    expiration_date: vultrDate(expiresAt),
    ...overrides,
  };
}
