import { modalToHtml, pageState, type RenderContext, WorkbenchClient } from '@vultr-invites/slack-emulator';
import { renderRequestModal } from '../../src/views/accessRequest';
import { renderInviteModal } from '../../src/views/inviteModal';
import { ADMIN, SECRETS, startHarness, type Harness } from '../support/harness';

const ctx: RenderContext = { userName: (id) => id, channelName: (id) => id, timeZone: 'UTC', now: new Date('2026-11-26T12:00:00Z') };

/** The bot's forms in the emulator's workbench: rendered as fields, and submitted the way the page submits them. */
it("renders the bot's forms as fields named by block, with initial values escaped and field errors", () => {
  const view = {
    ...renderInviteModal({ email: '"><script>@x.com', notifyChannel: 'C1', groups: { kind: 'listed', groups: [] } }),
    errors: { email: 'Not <valid>' },
  };
  const html = modalToHtml('V1', view, ctx);
  expect(html).toContain('data-view-id="V1"');
  expect(html).toContain('<input type="email" name="email" value="&quot;&gt;&lt;script&gt;@x.com">');
  expect(html).toContain('<input type="checkbox" name="api" value="yes">');
  expect(html).toContain('<div class="bk-input-error">Not &lt;valid&gt;</div>');
  expect(html).toContain('>Invite</button>');
  const request = modalToHtml(
    'V2',
    renderRequestModal({ notifyChannel: 'C1', groups: { kind: 'listed', groups: [] } }) as unknown as Record<string, unknown>,
    ctx,
  );
  expect(request).toContain('<textarea name="reason" rows="4" maxlength="500"></textarea>');
});

describe('the invite form through the workbench client (what the page does)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it('opens the person’s modal from /invites new, submits it, and shows the outcome', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: 'C0NOTIFY01' } });
    const client = new WorkbenchClient(h.slack, `${h.appUrl}/slack/events`, SECRETS.signingSecret);
    const page = { slack: h.slack, workspace: { name: 'Test', people: [], channels: [] } };
    await client.command(ADMIN, 'C0OPS', '/invites new');
    const modal = await h.slack.waitFor(() => [...h.slack.modals.values()].find((m) => m.user === ADMIN));
    expect(pageState(page, ADMIN, 'UTC', new Date()).modal).toContain('name="email"');
    expect(pageState(page, 'U0SOMEONE', 'UTC', new Date()).modal).toBe('');

    await client.submitView(ADMIN, modal.id, { email: 'nope', api: [] });
    expect(JSON.stringify(h.slack.modals.get(modal.id)?.view.errors)).toContain('not a valid e-mail');

    await client.submitView(ADMIN, modal.id, { email: 'new@example.com', api: [] });
    await h.slack.waitFor(() => JSON.stringify(h.slack.modals.get(modal.id)?.view).includes('Invitation sent'));
    expect(h.vultr.outbox.map((m) => m.to)).toEqual(['new@example.com']);
    client.closeView(ADMIN, modal.id);
    expect(h.slack.modals.has(modal.id)).toBe(false);
  });
});
