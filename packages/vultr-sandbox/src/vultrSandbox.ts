import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The Vultr sandbox: a loopback HTTP server speaking Vultr's invitation API, and the IAM calls
 * the bot makes (groups, users, group membership), as docs/vultr-api.md describes them (Bearer
 * auth, cursor pagination under `invites`/`groups`/`users` and `meta.links.next`, bare single
 * objects, `{"error": "...", "status": n}` error bodies). A resend records the e-mail Vultr would
 * have sent in an outbox instead of sending it. The tests, `npm run demo` and `npm run sandbox`
 * all use this one implementation; tests can also queue faults per route.
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

/** An org user, as GET /v2/users lists it (govultr's `User` fields; `first_name`/`last_name` on some). */
export interface SandboxUser {
  id: string;
  email: string;
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  api_enabled?: boolean;
  service_user?: boolean;
  [extra: string]: unknown;
}

/** An IAM group; `members` holds user ids (the listing expands them). */
export interface SandboxGroup {
  id: string;
  display_name: string;
  description?: string;
  date_created?: string;
  members: string[];
}

export type Route = 'list' | 'get' | 'resend' | 'create' | 'groups' | 'users' | 'user_groups' | 'add_member';

const POST_ROUTES: ReadonlySet<Route> = new Set(['resend', 'create', 'add_member']);
/** Routes whose faults may carry `act`: the real action happens, then the injected answer. */
const ACTING_ROUTES: ReadonlySet<Route> = new Set(['resend', 'add_member']);

/** Which route a path is, and its raw id segment (still URL-encoded). */
function routeOf(method: string | undefined, pathname: string): { route: Route | 'unknown'; rawId?: string } {
  const invitation = /^\/v2\/invitation(?:\/([^/]+))?(\/resend)?$/.exec(pathname);
  if (invitation) {
    const route = invitation[2] ? 'resend' : invitation[1] ? 'get' : method === 'POST' ? 'create' : 'list';
    return { route, ...(invitation[1] ? { rawId: invitation[1] } : {}) };
  }
  if (pathname === '/v2/groups') return { route: 'groups' };
  if (pathname === '/v2/users') return { route: 'users' };
  const member = /^\/v2\/groups\/([^/]+)\/members$/.exec(pathname);
  if (member) return { route: 'add_member', rawId: member[1]! };
  const userGroups = /^\/v2\/users\/([^/]+)\/groups$/.exec(pathname);
  if (userGroups) return { route: 'user_groups', rawId: userGroups[1]! };
  return { route: 'unknown' };
}

export interface AcceptOptions {
  /** The address the invitee signed up with (Vultr's `email_registered`); the invited one by default. */
  email?: string;
  name?: string;
  /** The new user shows in GET /v2/users only this long after accepting (the real API may list them late). */
  userVisibleAfterMs?: number;
}

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
  /** The parsed JSON body, when the request had one (create, add_member). */
  body?: unknown;
  /** Milliseconds from its arrival until its answer was written (latency and the sandbox's own work), once answered. */
  servedMs?: number;
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
  readonly groups = new Map<string, SandboxGroup>();
  readonly users = new Map<string, SandboxUser>();
  /** When a user starts to show in GET /v2/users (epoch ms); absent means from the start. */
  private readonly visibleFrom = new Map<string, number>();
  private readonly faults: Record<Route, Fault[]> = {
    list: [],
    get: [],
    resend: [],
    create: [],
    groups: [],
    users: [],
    user_groups: [],
    add_member: [],
  };
  private createdCount = 0;
  private acceptedCount = 0;
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

  addGroups(...groups: SandboxGroup[]): void {
    for (const group of groups) this.groups.set(group.id, group);
  }

  addUsers(...users: SandboxUser[]): void {
    for (const user of users) this.users.set(user.id, user);
  }

  /**
   * What Vultr does when the invitee accepts: the invitation turns Accepted with date_responded and
   * email_registered, and the person becomes an org user (listed after `userVisibleAfterMs`).
   */
  accept(invitationId: string, options: AcceptOptions = {}): SandboxUser {
    const invitation = this.invitations.get(invitationId);
    if (!invitation) throw new Error(`no invitation ${invitationId} in the sandbox`);
    if ((invitation.invite_status ?? '').toLowerCase() !== 'pending') throw new Error(`invitation ${invitationId} is not pending`);
    const email = options.email ?? invitation.email_invited;
    const now = this.now();
    invitation.invite_status = 'Accepted';
    invitation.date_responded = vultrDate(now);
    invitation.email_registered = email;
    this.acceptedCount++;
    const user: SandboxUser = {
      id: `9d2a5c1e-0000-4c71-8a2b-${String(this.acceptedCount).padStart(12, '0')}`,
      email,
      name: options.name ?? email.split('@')[0]!,
      api_enabled: false,
      service_user: false,
      date_created: vultrDate(now),
    };
    this.addUsers(user);
    if (options.userVisibleAfterMs) this.visibleFrom.set(user.id, now.getTime() + options.userVisibleAfterMs);
    return user;
  }

  /** The group ids a user belongs to. */
  groupsOf(userId: string): string[] {
    return [...this.groups.values()].filter((group) => group.members.includes(userId)).map((group) => group.id);
  }

  failNext(route: Route, ...faults: Fault[]): void {
    this.faults[route].push(...faults);
  }

  requestsFor(route: Route): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** How long the sandbox spent answering the requests since the `from`-th (latency and its own work): a benchmark's Vultr share. */
  servedMsSince(from: number): number {
    return this.requests.slice(from).reduce((sum, r) => sum + (r.servedMs ?? 0), 0);
  }

  totalResends(): number {
    return [...this.resendCount.values()].reduce((a, b) => a + b, 0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const { route, rawId } = routeOf(req.method, url.pathname);
    // This request's own body: with latency, other requests are recorded before it is served.
    const body = rawBody !== '' ? parseJson(rawBody) : undefined;
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: `${url.pathname}${url.search}`,
      route,
      authorization: req.headers.authorization,
      ...(body !== undefined ? { body } : {}),
    };
    this.requests.push(recorded);
    res.once('finish', () => {
      recorded.servedMs = performance.now() - arrivedAt;
    });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));

    if (req.headers.authorization !== `Bearer ${this.apiKey}`) return this.json(res, 401, { error: 'Invalid API token.', status: 401 });
    if (route === 'unknown') return this.json(res, 404, { error: 'Not found', status: 404 });
    if (POST_ROUTES.has(route) !== (req.method === 'POST')) return this.json(res, 405, { error: 'Method not allowed', status: 405 });

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
      setTimeout(() => this.resendNow(rawId), fault.hangThenActAfterMs).unref();
      return void this.hanging.add(res);
    }
    if (fault !== undefined && typeof fault === 'object' && !(ACTING_ROUTES.has(route) && fault.act)) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ error: `injected ${fault.status}`, status: fault.status }));
      return;
    }

    const id = rawId !== undefined ? decodeURIComponent(rawId) : undefined;
    if (route === 'list') return this.page(url, res, 'invites', [...this.invitations.values()]);
    if (route === 'groups')
      return this.page(
        url,
        res,
        'groups',
        [...this.groups.values()].map((group) => this.groupJson(group)),
      );
    if (route === 'users') return this.page(url, res, 'users', this.visibleUsers());
    if (route === 'user_groups') return this.userGroups(url, res, id);
    if (route === 'add_member') return this.addMember(res, id, body, fault);
    if (route === 'create') return this.create(res, body, fault);
    const invitation = id !== undefined ? this.invitations.get(id) : undefined;
    if (!invitation) return this.json(res, 404, { error: 'Invite not found', status: 404 });
    if (route === 'get') return this.single(res, 200, invitation);

    if ((invitation.invite_status ?? '').toLowerCase() !== 'pending') {
      return this.json(res, 400, { error: 'Invitation is not pending', status: 400 });
    }
    this.resend(invitation);
    if (this.actedFault(res, fault)) return;
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
    const isUser = [...this.users.values()].some((user) => user.email.toLowerCase() === email.toLowerCase());
    if (this.members.has(email.toLowerCase()) || isUser)
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
    if (this.actedFault(res, fault)) return;
    this.single(res, 201, invitation);
  }

  /** After the real action: answers as `fault` says and returns true, or returns false for the normal answer. */
  private actedFault(res: ServerResponse, fault: Fault | undefined): boolean {
    if (fault === 'act-then-hang') this.hanging.add(res);
    else if (fault === 'act-then-502') this.json(res, 502, { error: 'Bad gateway', status: 502 });
    else if (typeof fault === 'object' && 'status' in fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? '');
    } else return false;
    return true;
  }

  private visibleUsers(): SandboxUser[] {
    const now = this.now().getTime();
    return [...this.users.values()].filter((user) => (this.visibleFrom.get(user.id) ?? 0) <= now);
  }

  private visibleUser(id: string | undefined): SandboxUser | undefined {
    return this.visibleUsers().find((user) => user.id === id);
  }

  /** A group as GET /v2/groups shows it: members expanded to org-user objects (govultr's `OrganizationUser`). */
  private groupJson(group: SandboxGroup): Record<string, unknown> {
    const members = group.members
      .map((id) => this.users.get(id))
      .filter((user): user is SandboxUser => user !== undefined)
      .map((user) => ({
        id: user.id,
        name: user.name ?? '',
        first_name: user.first_name ?? '',
        last_name: user.last_name ?? '',
        email: user.email,
        date_created: user.date_created ?? '',
        date_suspended: '',
      }));
    return { ...group, members };
  }

  /** GET /v2/users/{id}/groups; an unknown (or not yet listed) user is Vultr's "Invalid user". */
  private userGroups(url: URL, res: ServerResponse, userId: string | undefined): void {
    if (!this.visibleUser(userId)) return this.json(res, 404, { error: 'Invalid user', status: 404 });
    const groups = [...this.groups.values()].filter((group) => group.members.includes(userId!));
    this.page(
      url,
      res,
      'groups',
      groups.map((group) => this.groupJson(group)),
    );
  }

  /**
   * POST /v2/groups/{id}/members: 201 with no body (Vultr's answer is undocumented; the client must
   * not need one). Adding a member twice is refused with a 400 that says "already".
   */
  private addMember(res: ServerResponse, groupId: string | undefined, body: unknown, fault: Fault | undefined): void {
    const group = groupId !== undefined ? this.groups.get(groupId) : undefined;
    if (!group) return this.json(res, 404, { error: 'Group not found', status: 404 });
    const userId = (typeof body === 'object' && body !== null ? body : {}) as { user_id?: unknown };
    if (typeof userId.user_id !== 'string' || userId.user_id === '')
      return this.json(res, 400, { error: 'user_id is required', status: 400 });
    if (!this.visibleUser(userId.user_id)) return this.json(res, 400, { error: 'Invalid user', status: 400 });
    if (group.members.includes(userId.user_id))
      return this.json(res, 400, { error: 'User is already a member of this group', status: 400 });
    group.members.push(userId.user_id);
    if (this.actedFault(res, fault)) return;
    res.writeHead(201);
    res.end();
  }

  /** One page of a list under `key`, with an opaque cursor in meta.links.next ("" at the end), as Vultr pages. */
  private page(url: URL, res: ServerResponse, key: string, all: readonly unknown[]): void {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 100), 500);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const page = all.slice(start, start + perPage);
    const next = start + perPage < all.length ? String(start + perPage) : '';
    this.json(res, 200, { [key]: page, meta: { total: all.length, links: { next, prev: '' } } });
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
