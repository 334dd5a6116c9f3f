import { join } from 'node:path';
import { request } from 'undici';
import { BOT_USER_ID, LocalSlack, RESPONSE_URL_USES } from '../src/localSlack';
import { parseManifest, readManifest } from '../src/manifest';
import { pageState } from '../src/pageState';

describe('local Slack conversation', () => {
  const slack = new LocalSlack(readManifest(join(__dirname, 'fixtures', 'manifest.yml')));
  beforeAll(() => slack.start());
  afterAll(() => slack.stop());

  const api = async (method: string, args: Record<string, unknown>) => {
    const res = await request(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    return (await res.body.json()) as Record<string, unknown>;
  };
  const respond = async (url: string, body: Record<string, unknown>) => {
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.statusCode, text: await res.body.text() };
  };

  test('chat.postMessage stores the message with a ts, threads and chat.update edit it in place', async () => {
    const posted = await api('chat.postMessage', { channel: 'C1', text: 'digest', blocks: [{ type: 'divider' }] });
    const reply = await api('chat.postMessage', { channel: 'C1', text: 'reply', thread_ts: posted.ts });
    expect(reply.ok).toBe(true);
    expect(slack.findMessage('C1', String(reply.ts))?.threadTs).toBe(posted.ts);
    await api('chat.update', { channel: 'C1', ts: posted.ts, text: 'updated', blocks: [] });
    expect(slack.findMessage('C1', String(posted.ts))).toMatchObject({ text: 'updated', edited: true, author: BOT_USER_ID });
  });

  test('invalid blocks are refused with invalid_blocks and kept for the page', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const before = slack.messages.length;
    expect(await api('chat.postMessage', { channel: 'C1', text: 't', blocks: tooMany })).toEqual({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
    });
    expect(
      await api('views.publish', {
        user_id: 'U1',
        view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] },
      }),
    ).toMatchObject({
      error: 'invalid_blocks',
    });
    expect(slack.messages.length).toBe(before);
    expect(slack.refusals.at(-1)).toMatchObject({ where: 'views.publish', error: 'invalid_blocks' });
  });

  test('response_url: new ephemeral, replace_original in place, delete_original, 5 uses', async () => {
    const source = slack.addMessage({ channel: 'C2', author: BOT_USER_ID, text: 'list', blocks: [], visibleTo: 'U1' });
    const { url } = slack.responseUrl([], { channel: 'C2', user: 'U1', sourceTs: source.ts });
    await respond(url, { text: 'replaced', replace_original: true });
    expect(slack.messages.filter((m) => m.channel === 'C2')).toEqual([
      expect.objectContaining({ ts: source.ts, text: 'replaced', visibleTo: 'U1' }),
    ]);
    await respond(url, { text: 'another', replace_original: false });
    expect(slack.messages.filter((m) => m.channel === 'C2').map((m) => m.text)).toEqual(['replaced', 'another']);
    await respond(url, { delete_original: true });
    expect(slack.messages.filter((m) => m.channel === 'C2').map((m) => m.text)).toEqual(['another']);
    for (let used = 3; used < RESPONSE_URL_USES; used++) expect((await respond(url, { text: 'ok' })).status).toBe(200);
    expect(await respond(url, { text: 'sixth' })).toEqual({ status: 404, text: 'used_url' });
  });

  test('a response_url post with invalid blocks gets 400 invalid_blocks', async () => {
    const { url } = slack.responseUrl();
    const bad = await respond(url, {
      blocks: [
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ],
    });
    expect(bad).toEqual({ status: 400, text: 'invalid_blocks' });
  });

  test("the bot's direct messages (to the DM conversations.open returns, or to the user id) are the viewer's Messages tab", async () => {
    const opened = await api('conversations.open', { users: 'U7' });
    const dm = slack.dmChannelOf('U7');
    expect(opened).toMatchObject({ channel: { id: dm } });
    await api('chat.postMessage', { channel: dm, text: 'Your request was *approved*' });
    await api('chat.postMessage', { channel: 'U7', text: 'And a second one' });
    const page = (viewer: string) => pageState({ slack, workspace: { name: 'W', people: [], channels: [] } }, viewer, 'UTC', new Date());
    expect(page('U7').dm).toMatchObject({ channel: dm, count: 2 });
    expect(page('U7').dm.html).toContain('Your request was <b>approved</b>');
    expect(page('U8').dm).toMatchObject({ count: 0, html: expect.stringContaining('No messages yet') });
  });

  test('a form answered with field errors keeps what was submitted; a new view starts from its own values', () => {
    slack.modals.set('V9', { id: 'V9', user: 'U1', hash: 'h', view: { type: 'modal', blocks: [] } });
    slack.applyViewResponse('V9', { response_action: 'errors', errors: { email: 'Taken' } }, { email: 'me@x.com' });
    expect(slack.modals.get('V9')).toMatchObject({ view: { errors: { email: 'Taken' } }, typed: { email: 'me@x.com' } });
    slack.applyViewResponse('V9', { response_action: 'update', view: { type: 'modal', blocks: [] } }, { email: 'me@x.com' });
    expect(slack.modals.get('V9')?.typed).toBeUndefined();
  });

  test("the manifest's Messages tab: off, read-only or writable", () => {
    const tab = (appHome: string) => parseManifest(`display_information: { name: A }\nfeatures: { app_home: { ${appHome} } }`).messagesTab;
    expect(tab('home_tab_enabled: true')).toBe('off');
    expect(tab('messages_tab_enabled: true, messages_tab_read_only_enabled: true')).toBe('read_only');
    expect(tab('messages_tab_enabled: true')).toBe('writable');
  });
});
