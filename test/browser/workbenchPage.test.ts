import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeDemo, describeWithBrowser, openDemoInBrowser, send as sendOn, type BrowserDemo } from './browserDemo';

/**
 * The page as a person meets it: replies scrolled into view, no message box on Home, Slackbot
 * answering what is not a command, forms keeping what was typed, the approval card's emoji and
 * quote, and the bot's DMs in the app's Messages tab. Screenshots of Home and the DM go to the
 * temp directory.
 */

describeWithBrowser('the workbench page in chromium', () => {
  let opened: BrowserDemo;
  let page: Page;
  /** Every response the page got with a 4xx or 5xx status, e.g. a missing favicon. */
  const failedResponses: string[] = [];

  beforeAll(async () => {
    opened = await openDemoInBrowser();
    page = opened.page;
    page.on('response', (response) => {
      if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
    });
    await page.reload();
  });

  afterAll(async () => {
    await closeDemo(opened);
  });

  const pane = () => page.locator('#messages');
  const send = (text: string) => sendOn(page, text);
  const signInAs = (name: string) => page.selectOption('#person', { label: name });
  const openChannel = (name: string) => page.getByRole('button', { name: `# ${name}` }).click();

  test('a new reply is scrolled into view, as in Slack', async () => {
    await send('/invites');
    await pane().locator('.msg').getByText('pending invitations').waitFor();
    await send('/invites ken');
    await pane().locator('.msg').nth(1).getByText('ken.thompson@example.com').first().waitFor();
    const box = await pane().boundingBox();
    const reply = await pane().locator(':scope > .msg').last().boundingBox();
    // Its top is on screen, with room for its first lines.
    expect(reply!.y).toBeGreaterThanOrEqual(box!.y);
    expect(reply!.y).toBeLessThan(box!.y + box!.height - 100);
  });

  test('Slackbot answers a plain message and an unknown command, visibly and only to the person', async () => {
    await send('hello bot');
    await pane().locator('.msg.ephemeral').getByText('Only slash commands reach apps').waitFor();
    await send('/nope');
    await pane().locator('.msg.ephemeral').getByText('is not a valid command').waitFor();
    expect(await pane().locator('.msg.ephemeral').last().locator('.msg-meta b').textContent()).toBe('Slackbot');
  });

  test('App Home has no message box; the channel has it back', async () => {
    await page.click('#open-home');
    await page.locator('#home .bk-header').first().waitFor();
    expect(await page.locator('#composer').isVisible()).toBe(false);
    await page.screenshot({ path: join(tmpdir(), 'workbench-home.png') });
    await openChannel('ops');
    expect(await page.locator('#composer').isVisible()).toBe(true);
  });

  test('a form shown again with field errors keeps what was typed', async () => {
    await signInAs('Sam Member');
    await send('/invites request');
    const form = page.locator('#modal form.bk-modal');
    // An address the browser's own check lets through (no dot), so the bot's field error answers.
    await form.locator('input[name="email"]').fill('sam@example');
    await form.locator('input[name="api"]').check();
    await form.locator('textarea[name="reason"]').fill('I run the staging servers\nand need the API');
    await form.locator('button[type="submit"]').click();
    await form.locator('.bk-input-error').getByText('not a valid e-mail').waitFor();
    expect(await form.locator('input[name="email"]').inputValue()).toBe('sam@example');
    expect(await form.locator('input[name="api"]').isChecked()).toBe(true);
    expect(await form.locator('textarea[name="reason"]').inputValue()).toBe('I run the staging servers\nand need the API');

    await form.locator('input[name="email"]').fill('sam@example.com');
    await form.locator('button[type="submit"]').click();
    await form.getByText('went to').waitFor();
    await form.locator('button.modal-close').click();
  });

  test('the approval card shows its emoji and the quoted reason; the requester gets the decision in the Messages tab', async () => {
    await signInAs('Dana Admin');
    await openChannel('invites-log');
    const card = pane().locator('.msg').filter({ hasText: 'asks for a Vultr invitation' }).last();
    await card.waitFor();
    expect(await card.textContent()).toContain('🙋');
    expect(await card.locator('blockquote').innerHTML()).toBe('I run the staging servers<br>and need the API');
    await card.getByRole('button', { name: 'Approve' }).click();
    await page.click('#confirm-ok');
    await card.getByText('Approved by').waitFor();

    await signInAs('Sam Member');
    await page.locator('#dm-badge').getByText('1').waitFor();
    await page.click('#open-home');
    await page.click('#tab-messages');
    await pane().getByText('was approved by @Dana Admin').waitFor();
    expect(await page.locator('#dm-badge').isVisible()).toBe(false);
    // The manifest makes the Messages tab read-only: no message box, Slack's note instead.
    expect(await page.locator('#composer').isVisible()).toBe(false);
    expect(await page.locator('#composer-off').isVisible()).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'workbench-dm.png') });
  });

  test('the page has a favicon and no request of the page failed', async () => {
    const favicon = await page.request.get(new URL('/favicon.ico', page.url()).toString());
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toBe('image/svg+xml');
    expect(failedResponses).toEqual([]);
    expect(opened.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
