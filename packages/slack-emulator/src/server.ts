import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pageState, type PageSources } from './pageState';
import { suggestionsToHtml } from './render';
import type { ViewInputs } from './signedRequests';
import type { Click, WorkbenchClient } from './slackClient';
import { stringOr } from './text';

/**
 * The workbench page's server (node:http, no framework): the static page, the state it polls,
 * and the person's actions (a slash command, a click, a modal's submission or its external select's
 * search, opening App Home, a side panel button).
 */

/** The page's files sit next to src/ and dist/ in the package, so both find them the same way, wherever the package is installed. */
const STATIC_DIR = join(__dirname, '..', 'static');
const STATIC_FILES: Record<string, string> = {
  '/': 'index.html',
  '/page.css': 'page.css',
  '/page.js': 'page.js',
  // Browsers ask for /favicon.ico whatever the page links; both get the one SVG icon.
  '/favicon.svg': 'favicon.svg',
  '/favicon.ico': 'favicon.svg',
};
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

export interface WorkbenchDeps extends PageSources {
  client: WorkbenchClient;
  now?: () => Date;
}

export class WorkbenchServer {
  private server: Server | undefined;

  constructor(private readonly deps: WorkbenchDeps) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}/`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => send(res, 500, 'text/plain', `workbench error: ${(err as Error).message}`));
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://workbench');
    const file = STATIC_FILES[url.pathname];
    if (req.method === 'GET' && file) {
      return send(res, 200, TYPES[file.split('.').pop() ?? ''] ?? 'text/plain', await readFile(join(STATIC_DIR, file)));
    }
    const { workspace, panel, slack } = this.deps;
    if (req.method === 'GET' && url.pathname === '/workspace') {
      return sendJson(res, {
        ...workspace,
        app: { name: slack.manifest.name, commands: slack.manifest.slashCommands, messagesTab: slack.manifest.messagesTab },
        panel: panel && { title: panel.title, actions: (panel.actions ?? []).map((a) => ({ label: a.label, showChannel: a.showChannel })) },
      });
    }
    if (req.method === 'GET' && url.pathname === '/state') {
      const viewer = url.searchParams.get('user') ?? '';
      const timeZone = validTimeZone(url.searchParams.get('tz'));
      return sendJson(res, pageState(this.deps, viewer, timeZone, (this.deps.now ?? (() => new Date()))()));
    }
    if (req.method !== 'POST') return send(res, 404, 'text/plain', 'not found');
    const body = await readJson(req);
    const user = stringOr(body.user);
    if (!workspace.people.some((p) => p.id === user)) return send(res, 400, 'text/plain', 'unknown person');
    switch (url.pathname) {
      case '/command':
        await this.deps.client.command(user, stringOr(body.channel, workspace.channels[0]?.id), stringOr(body.text));
        return sendJson(res, { ok: true });
      case '/click':
        await this.deps.client.click({ ...(body as unknown as Click), user });
        return sendJson(res, { ok: true });
      case '/submit': {
        const inputs = typeof body.inputs === 'object' && body.inputs !== null ? (body.inputs as ViewInputs) : {};
        await this.deps.client.submitView(user, stringOr(body.viewId), inputs);
        return sendJson(res, { ok: true });
      }
      case '/suggest': {
        const answer = await this.deps.client.suggest(user, stringOr(body.viewId), stringOr(body.blockId), stringOr(body.value));
        return sendJson(res, { ok: true, html: suggestionsToHtml(answer) });
      }
      case '/close':
        this.deps.client.closeView(user, stringOr(body.viewId));
        return sendJson(res, { ok: true });
      case '/home':
        await this.deps.client.openHome(user, body.tab === 'messages' ? 'messages' : 'home');
        return sendJson(res, { ok: true });
      case '/panel-action': {
        const action = panel?.actions?.[Number(body.index)];
        if (!action) return send(res, 404, 'text/plain', 'no such panel action');
        return sendJson(res, { ok: true, outcome: await action.run() });
      }
      default:
        return send(res, 404, 'text/plain', 'not found');
    }
  }
}

function validTimeZone(zone: string | null): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone ?? 'UTC' }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, body: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(body));
}
