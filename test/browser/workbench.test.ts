import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Demo } from '../../demo/startDemo';
import { closeDemo, describeWithBrowser, openDemoInBrowser, send as sendOn, type BrowserDemo } from './browserDemo';

/**
 * The workbench in a real browser (Debian's chromium): the demo's own code in-process, driven
 * the way a person uses it. Saves a screenshot to the temp directory; with UPDATE_SCREENSHOT=1
 * to docs/workbench.png, the README's (so a plain test run leaves the work tree clean).
 */

const SCREENSHOT = process.env.UPDATE_SCREENSHOT ? join(__dirname, '..', '..', 'docs', 'workbench.png') : join(tmpdir(), 'workbench.png');

describeWithBrowser('workbench in chromium', () => {
  let opened: BrowserDemo;
  let demo: Demo;
  let page: Page;
  let logs: string[];

  beforeAll(async () => {
    opened = await openDemoInBrowser();
    ({ demo, page, logs } = opened);
  });

  afterAll(async () => {
    await closeDemo(opened);
  });

  const ops = () => page.locator('#messages');
  const send = (text: string) => sendOn(page, text);

  test('an admin lists, resends with confirmation, and sees the notice, the notification and one e-mail', async () => {
    await send('/invites');
    const list = ops().locator('.msg.ephemeral');
    await list.getByText('pending invitations').waitFor();
    expect(await list.locator('button[data-action-id="invites_resend"]').count()).toBeGreaterThan(5);
    await expect(list.locator('.only-you').first().textContent()).resolves.toContain('Only visible to you');

    await list.locator('button[data-action-id="invites_resend"]').first().click();
    await page.locator('#confirm').getByText('Resend invitation?').waitFor();
    await page.click('#confirm-ok');

    await ops().getByText('Resent by @Dana Admin').first().waitFor();
    // The notice replaced the list (replace_original): still one ephemeral message, no second list.
    expect(await ops().locator('.msg.ephemeral').count()).toBe(1);

    await page.locator('.side-panel .outbox li').getByText('ada.lovelace@example.com').waitFor();
    expect(await page.locator('.side-panel .outbox li').count()).toBe(1);
    expect(demo.vultr.outbox).toHaveLength(1);
    expect(demo.vultr.outbox[0]?.to).toBe('ada.lovelace@example.com');
    // The sandbox panel lists what needs attention first: every pending invitation before the accepted ones.
    const statuses = await page.locator('.side-panel .panel-table tbody td:nth-child(2)').allTextContents();
    expect(statuses.indexOf('Accepted')).toBeGreaterThan(statuses.lastIndexOf('Pending'));
    await page.screenshot({ path: SCREENSHOT });

    await page.getByRole('button', { name: '# invites-log' }).click();
    await ops().getByText('ada.lovelace@example.com').waitFor();
    expect(await ops().locator('.msg').first().textContent()).toContain('@Dana Admin resent');
    expect(logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  test('a plain member is refused', async () => {
    await page.selectOption('#person', { label: 'Sam Member' });
    await page.getByRole('button', { name: '# ops' }).click();
    await send('/invites');
    await ops().locator('.msg.ephemeral').getByText('not allowed', { exact: false }).waitFor();
    expect(await ops().locator('.msg.ephemeral button[data-action-id="invites_resend"]').count()).toBe(0);
  });

  test('the App Home tab shows the list for a member of the allowed group', async () => {
    await page.selectOption('#person', { label: 'Olivia Ops' });
    await page.click('#open-home');
    await page.locator('#home .bk-header').first().waitFor();
    expect(await page.locator('#home button[data-action-id]').count()).toBeGreaterThan(0);
    expect(demo.slack.refusals).toEqual([]);
  });
});
