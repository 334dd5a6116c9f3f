import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Demo } from '../../demo/startDemo';
import { closeDemo, describeWithBrowser, openDemoInBrowser, send, type BrowserDemo } from './browserDemo';

/**
 * From invitation to access in a real browser: an admin invites with a group chosen, the invitee
 * accepts in the Vultr panel, and the demo's grant run (every 2 s) adds them to the group and says
 * so in #invites-log. Saves the announcement to the temp directory; with UPDATE_SCREENSHOT=1 to
 * docs/grant-announcement.png, the README's.
 */

const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? join(__dirname, '..', '..', 'docs', 'grant-announcement.png')
  : join(tmpdir(), 'grant-announcement.png');
const INVITEE = 'bob@example.com';

describeWithBrowser('from invitation to access in chromium', () => {
  let opened: BrowserDemo;
  let demo: Demo;
  let page: Page;

  beforeAll(async () => {
    opened = await openDemoInBrowser();
    ({ demo, page } = opened);
  });

  afterAll(async () => {
    await closeDemo(opened);
  });

  const pane = () => page.locator('#messages');
  const developers = () => page.locator('.side-panel .groups li').filter({ hasText: 'Developers' });

  test('an invitation with Developers chosen ends with the member in Developers and the announcement in the channel', async () => {
    await send(page, '/invites new');
    const form = page.locator('#modal form.bk-modal');
    await form.locator('input[name="email"]').fill(INVITEE);
    await form.locator('select[name="group"]').selectOption({ label: 'Developers' });
    await form.locator('button[type="submit"]').click();
    // The outcome, not the form's own hint (which says "When they accept, the bot adds them to this group").
    await form.getByText('Invitation sent to').waitFor();
    expect(await form.textContent()).toContain('When they accept, the bot adds them to Developers');
    await form.locator('button.modal-close').click();
    expect(await developers().textContent()).not.toContain(INVITEE);

    // The panel's button accepts the invitation created last: the one just sent.
    await page.getByRole('button', { name: 'Accept the newest invitation as the invitee' }).click();
    await page.locator('#panel-outcome').getByText(`${INVITEE} accepted the invitation`).waitFor();

    await page.getByRole('button', { name: '# invites-log' }).click();
    const announcement = pane().locator('.msg').filter({ hasText: 'accepted and joined' });
    await announcement.waitFor({ timeout: 15_000 });
    expect(await announcement.textContent()).toContain(`${INVITEE} accepted and joined Developers (chosen by @Dana Admin)`);
    await developers().getByText(INVITEE).waitFor();
    const bob = [...demo.vultr.users.values()].find((user) => user.email === INVITEE);
    expect(demo.vultr.groupsOf(bob!.id).map((id) => demo.vultr.groups.get(id)?.display_name)).toEqual(['Developers']);

    // The invitation's notice and the announcement, as the channel shows them.
    const invited = pane()
      .locator('.msg')
      .filter({ hasText: `invited ${INVITEE}` });
    const channel = (await pane().boundingBox())!;
    const top = (await invited.boundingBox())!;
    const bottom = (await announcement.boundingBox())!;
    const margin = 8;
    await page.screenshot({
      path: SCREENSHOT,
      clip: { x: channel.x, y: top.y - margin, width: Math.min(channel.width, 720), height: bottom.y + bottom.height - top.y + 2 * margin },
    });
    expect(opened.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
