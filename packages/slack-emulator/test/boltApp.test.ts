import { join } from 'node:path';
import { request } from 'undici';
import { LocalSlack } from '../src/localSlack';
import type { PageState } from '../src/pageState';
import { readManifest } from '../src/manifest';
import { WorkbenchServer } from '../src/server';
import { WorkbenchClient } from '../src/slackClient';
import type { Workspace } from '../src/workspace';
import { startHelloApp, type HelloApp } from './helloApp';

/**
 * Any Bolt HTTP app in the emulator: the Hello app (its own manifest, its own command) over real
 * signed HTTP on 127.0.0.1, driven through the workbench page's HTTP endpoints as the page drives them.
 */

const SIGNING_SECRET = 'hello-signing-secret-0123456789ab';
const ALICE = 'U0ALICE001';
const GENERAL = 'C0GENERAL1';
const WORKSPACE: Workspace = {
  name: 'Hello Corp',
  people: [{ id: ALICE, name: 'Alice', role: 'tries the Hello app' }],
  channels: [{ id: GENERAL, name: 'general', purpose: 'Type /hello here' }],
};

describe('a second Bolt app (Hello) in the emulator', () => {
  const slack = new LocalSlack(readManifest(join(__dirname, 'fixtures', 'manifest.yml')));
  let hello: HelloApp;
  let page: WorkbenchServer;

  beforeAll(async () => {
    await slack.start();
    hello = await startHelloApp({ slackApiUrl: slack.apiUrl, signingSecret: SIGNING_SECRET });
    page = new WorkbenchServer({ slack, workspace: WORKSPACE, client: new WorkbenchClient(slack, hello.eventsUrl, SIGNING_SECRET) });
    await page.start();
  });
  afterAll(async () => {
    await page.stop();
    await hello.stop();
    await slack.stop();
  });

  /** What the page sends: a person's action as JSON to the workbench server. */
  const act = async (path: string, body: Record<string, unknown>) => {
    const res = await request(new URL(path, page.url), { method: 'POST', body: JSON.stringify({ user: ALICE, ...body }) });
    expect(res.statusCode).toBe(200);
    return (await res.body.json()) as Record<string, unknown>;
  };
  const state = async () => (await (await request(new URL(`/state?user=${ALICE}&tz=UTC`, page.url))).body.json()) as PageState;
  const messagesIn = (channel: string) => slack.messages.filter((m) => m.channel === channel);

  it('takes the app, its command and its granted scopes from the manifest', async () => {
    const workspace = (await (await request(new URL('/workspace', page.url))).body.json()) as Record<string, unknown>;
    expect(workspace).toMatchObject({ name: 'Hello Corp', app: { name: 'Hello App', commands: ['/hello'] } });
    expect(workspace.panel).toBeUndefined();
    const auth = await request(`${slack.apiUrl}auth.test`, { method: 'POST' });
    expect(auth.headers['x-oauth-scopes']).toBe('commands,chat:write');
    expect(await auth.body.json()).toMatchObject({ ok: true, user: 'hello-bot' });
  });

  it('a command the manifest does not declare gets Slack’s answer and never reaches the app', async () => {
    await act('/command', { channel: GENERAL, text: '/invites' });
    expect(messagesIn(GENERAL).at(-1)).toMatchObject({
      author: 'slackbot',
      text: expect.stringContaining('`/invites` is not a valid command.'),
      visibleTo: ALICE,
    });
  });

  it('a plain message gets Slackbot’s explanation naming the app’s commands, only for the person', async () => {
    await act('/command', { channel: GENERAL, text: 'hi there' });
    expect(messagesIn(GENERAL).at(-1)).toMatchObject({
      author: 'slackbot',
      text: expect.stringContaining('Try `/hello`.'),
      visibleTo: ALICE,
    });
  });

  it('/hello answers through its response_url; the button replaces the message and posts in the channel', async () => {
    await act('/command', { channel: GENERAL, text: '/hello there' });
    const reply = await slack.waitFor(() => messagesIn(GENERAL).find((m) => m.text === 'Hello, there!'));
    expect(reply.visibleTo).toBe(ALICE);
    expect((await state()).channels[0]?.html).toContain('<b>Hello, there!</b>');

    await act('/click', { channel: GENERAL, ts: reply.ts, actionId: 'wave', blockId: 'hello_actions', value: GENERAL, text: 'Wave' });
    await slack.waitFor(() => messagesIn(GENERAL).find((m) => m.text === `<@${ALICE}> waved`));
    expect(slack.findMessage(GENERAL, reply.ts)?.text).toBe('You waved :wave:');
    expect((await state()).channels[0]?.html).toContain('You waved 👋');
  });

  it('a form opened with views.open (text, static and external selects) is checked, then submitted under its elements’ action_ids', async () => {
    await act('/command', { channel: GENERAL, text: '/hello' });
    const reply = await slack.waitFor(() => messagesIn(GENERAL).find((m) => m.text === 'Hello, world!'));
    await act('/click', {
      channel: GENERAL,
      ts: reply.ts,
      actionId: 'open_form',
      blockId: 'hello_actions',
      value: GENERAL,
      text: 'Introduce yourself',
    });
    const modal = await slack.waitFor(() => [...slack.modals.values()].find((m) => m.user === ALICE));
    expect((await state()).modal).toContain('<input type="text" name="name" value="">');

    const form = (await state()).modal;
    expect(form).toContain('<input type="text" name="name" value="">');
    expect(form).toContain('<select name="team"><option value="">Choose…</option><optgroup label="Engineering">');
    expect(form).toContain('<div class="muted small">Where you work</div>');

    await act('/submit', { viewId: modal.id, inputs: { name: null, team: { selected: null }, city: { selected: null } } });
    expect(slack.modals.get(modal.id)?.view.errors).toEqual({ name: 'Tell us your name', team: 'Pick your team' });

    // The page's search box for the city: the app's options listener answers the block_suggestion.
    const { html } = await act('/suggest', { viewId: modal.id, blockId: 'city', value: 'par' });
    expect(html).toBe('<option value="">Choose…</option><option value="paris">Paris</option><option value="parma">Parma</option>');

    await act('/submit', { viewId: modal.id, inputs: { name: 'Bob', team: { selected: null }, city: { selected: 'parma' } } });
    // Shown again with the errors, the form keeps the chosen city by the text the app gave it.
    expect((await state()).modal).toContain(
      '<select name="city"><option value="">Choose…</option><option value="parma" selected>Parma</option></select>',
    );

    await act('/submit', { viewId: modal.id, inputs: { name: 'Bob', team: { selected: 'sales' }, city: { selected: 'parma' } } });
    expect(JSON.stringify(slack.modals.get(modal.id)?.view)).toContain('Thanks, Bob!');
    await slack.waitFor(() => messagesIn(GENERAL).find((m) => m.text === 'Please welcome Bob (Sales) from Parma!'));
  });

  it('opening the App Home tab sends app_home_opened; the published view is the page’s Home', async () => {
    await act('/home', {});
    await slack.waitFor(() => slack.homeViews.get(ALICE));
    const { home } = await state();
    expect(home).toContain('<div class="bk-header">Hello home</div>');
    expect(home).toContain('Welcome, <span class="mention">@Alice</span>');
    expect(slack.refusals).toEqual([]);
  });

  it('an app’s over-limit answer to a block_suggestion lists nothing and is shown as a refusal', async () => {
    await act('/command', { channel: GENERAL, text: '/hello' });
    const reply = await slack.waitFor(() =>
      messagesIn(GENERAL)
        .filter((m) => m.text === 'Hello, world!')
        .at(-1),
    );
    await act('/click', { channel: GENERAL, ts: reply.ts, actionId: 'open_form', blockId: 'hello_actions', value: GENERAL, text: 'Form' });
    const modal = await slack.waitFor(() => [...slack.modals.values()].find((m) => m.user === ALICE && m.view.callback_id === 'introduce'));
    const { html } = await act('/suggest', { viewId: modal.id, blockId: 'city', value: 'o'.repeat(80) });
    expect(html).toBe('<option value="">Choose…</option>');
    expect(slack.refusals.at(-1)).toMatchObject({
      where: 'block_suggestion acknowledgement',
      error: 'invalid_blocks',
      problems: ['must be less than 76 characters [json-pointer:/options/0/text/text]'],
    });
  });
});
