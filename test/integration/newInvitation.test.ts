import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { CALLBACK_INVITE } from '../../src/views/inviteModal';
import { ACTION_NEW_INVITATION } from '../../src/views/actionPayloads';
import { homeClickBody, type ModalState, postSigned } from '@vultr-invites/slack-emulator';
import { ADMIN, MEMBER, SECRETS, startHarness, type Harness } from '../support/harness';

const NOTIFY = 'C0NOTIFY01';

/** The modal `/invites new` opened (views.open with the command's trigger_id). */
async function openedModal(h: Harness, text: string, user = ADMIN): Promise<ModalState> {
  const before = h.slack.callsOf('views.open').length;
  const { ack } = await h.command(text, user);
  expect(ack.status).toBe(200);
  const call = await h.slack.waitFor(() => h.slack.callsOf('views.open')[before]);
  expect(call.args.trigger_id).toMatch(new RegExp(`^trigger:${user}:`));
  return [...h.slack.modals.values()].at(-1)!;
}

const modalText = (h: Harness, id: string) => JSON.stringify(h.slack.modals.get(id)?.view ?? {});

describe('/invites new: invite from a modal (real Bolt app over HTTP)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it('opens the modal with the trigger_id, prefilled, and a submission creates exactly one invitation and one channel post', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    const modal = await openedModal(h, 'new bob@example.com');
    expect(JSON.stringify(modal.view)).toContain('"initial_value":"bob@example.com"');
    expect(modal.view.callback_id).toBe(CALLBACK_INVITE);

    const acks = await Promise.all([1, 2, 3].map(() => h.submit(modal.id, CALLBACK_INVITE, { email: 'bob@example.com', api: [] })));
    for (const ack of acks) {
      expect(ack.status).toBe(200);
      expect(ack.elapsedMs).toBeLessThan(3000);
      expect(JSON.parse(ack.body).response_action).toBe('update');
    }
    await h.slack.waitFor(() => modalText(h, modal.id).includes('Invitation sent'));
    const creates = h.vultr.requestsFor('create');
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toEqual({ email_invited: 'bob@example.com', permissions: { api_enabled: false } });
    expect(h.vultr.outbox.map((m) => m.to)).toEqual(['bob@example.com']);
    expect(modalText(h, modal.id)).toMatch(/Expires <!date\^\d+/);

    // A retry arriving after the work is done creates nothing more and posts nothing more.
    await h.submit(modal.id, CALLBACK_INVITE, { email: 'bob@example.com', api: [] });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.vultr.requestsFor('create')).toHaveLength(1);
    const posts = h.slack.messages.filter((m) => m.channel === NOTIFY);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toMatch(new RegExp(`^📨 <@${ADMIN}> invited bob@example.com \\(API access: off\\) · expires <!date`));
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'invite' && l.action === 'submit' && l.outcome === 'created'));
  });

  it('a completed form submitted again with another address says it was already used and creates nothing', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    const modal = await openedModal(h, 'new bob@example.com');
    await h.submit(modal.id, CALLBACK_INVITE, { email: 'bob@example.com', api: [] });
    await h.slack.waitFor(() => modalText(h, modal.id).includes('Invitation sent'));

    const ack = await h.submit(modal.id, CALLBACK_INVITE, { email: 'mallory@example.com', api: [] });
    const answer = JSON.stringify(JSON.parse(ack.body));
    expect(answer).toContain('This form was already used');
    expect(answer).not.toContain('Creating the invitation');
    expect(modalText(h, modal.id)).toContain('This form was already used');
    expect(h.vultr.requestsFor('create')).toHaveLength(1);
  });

  it('sends api_enabled true when the box is ticked', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    const modal = await openedModal(h, 'new');
    await h.submit(modal.id, CALLBACK_INVITE, { email: 'api@example.com', api: ['yes'] });
    await h.slack.waitFor(() => h.slack.messages.find((m) => m.channel === NOTIFY));
    expect(h.vultr.requestsFor('create')[0]?.body).toEqual({ email_invited: 'api@example.com', permissions: { api_enabled: true } });
    expect(h.slack.messages.find((m) => m.channel === NOTIFY)?.text).toContain('(API access: on)');
  });

  it.each([
    ['not an address', 'not-an-address'],
    ['too long', `${'a'.repeat(250)}@example.com`],
    ['empty', null],
  ])('an invalid address (%s) gets a field error and no Vultr call', async (_name, email) => {
    h = await startHarness();
    const modal = await openedModal(h, 'new');
    const ack = await h.submit(modal.id, CALLBACK_INVITE, { email, api: [] });
    const body = JSON.parse(ack.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.email).toBeTruthy();
    // Only the groups the form offered when it opened.
    expect(h.vultr.requests.map((r) => r.route)).toEqual(['groups']);
  });

  it('refuses an address that already has a pending invitation, naming Resend, without creating', async () => {
    h = await startHarness();
    h.vultr.add(pendingInvitation(1, new Date(Date.now() + 3600_000), { email_invited: 'Carol@Example.com' }));
    const modal = await openedModal(h, 'new');
    const ack = await h.submit(modal.id, CALLBACK_INVITE, { email: 'carol@example.com', api: [] });
    const body = JSON.parse(ack.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.email).toContain('Resend');
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
  });

  it.each([
    // A 4xx is a refusal: nothing was created.
    [
      "a 4xx refusal with Vultr's message",
      () => h.vultr.members.add('member@example.com'),
      'member@example.com',
      /already a member of this organization/,
      'was not created',
    ],
    // After a 5xx or a timeout Vultr may have acted: the person is told to check before trying again.
    [
      'a 5xx',
      () => h.vultr.failNext('create', { status: 500 }),
      'five@example.com',
      /internal error \(HTTP 500\)/,
      'may or may not have been created',
    ],
    [
      'a timeout',
      () => h.vultr.failNext('create', 'hang'),
      'slow@example.com',
      /did not answer in time/,
      'may or may not have been created',
    ],
  ])('Vultr %s ends in a clear message in the modal and no channel post', async (_name, arrange, email, expected, verdict) => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY }, vultrTimeoutMs: 300 });
    arrange();
    const modal = await openedModal(h, 'new');
    const ack = await h.submit(modal.id, CALLBACK_INVITE, { email, api: [] });
    expect(ack.elapsedMs).toBeLessThan(3000);
    await h.slack.waitFor(() => modalText(h, modal.id).includes(verdict));
    expect(modalText(h, modal.id)).toMatch(expected);
    expect(h.slack.messages.filter((m) => m.channel === NOTIFY)).toHaveLength(0);
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'invite' && String(l.outcome).startsWith('vultr_')));
  });

  it('refuses a person who may not invite, at open and at submit, pointing to /invites request', async () => {
    h = await startHarness();
    const modal = await openedModal(h, 'new', MEMBER);
    expect(JSON.stringify(modal.view)).toContain('/invites request');
    expect(JSON.stringify(modal.view)).not.toContain('email_text_input');

    // A crafted submission of the real form by the same person.
    const ack = await h.submit('V0FORGED', CALLBACK_INVITE, { email: 'bob@example.com', api: [] }, MEMBER);
    const body = JSON.parse(ack.body) as { response_action: string; view: unknown };
    expect(body.response_action).toBe('update');
    expect(JSON.stringify(body.view)).toContain('/invites request');
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('refuses a crafted submission that does not fit the form', async () => {
    h = await startHarness();
    const ack = await h.submit('V0X', CALLBACK_INVITE, { email: 'x'.repeat(4000) });
    expect(JSON.parse(ack.body).response_action).toBe('errors');
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('the New invitation button under the /invites list opens the same modal', async () => {
    h = await startHarness();
    const { responseId } = await h.command('');
    const [post] = await h.slack.waitForPosts(responseId);
    expect(JSON.stringify(post?.body.blocks)).toContain(ACTION_NEW_INVITATION);
    await h.click(ACTION_NEW_INVITATION, 'new');
    await h.slack.waitFor(() => h.slack.callsOf('views.open')[0]);
    expect([...h.slack.modals.values()][0]?.view.callback_id).toBe(CALLBACK_INVITE);
  });

  it('the New invitation button in the App Home opens the same modal for the person who clicked', async () => {
    h = await startHarness();
    await postSigned(
      `${h.appUrl}/slack/events`,
      SECRETS.signingSecret,
      homeClickBody({ user_id: ADMIN, action_id: ACTION_NEW_INVITATION, value: 'new' }),
    );
    const call = await h.slack.waitFor(() => h.slack.callsOf('views.open')[0]);
    expect(call.args.trigger_id).toBe(`trigger:${ADMIN}:home`);
    expect([...h.slack.modals.values()][0]?.view.callback_id).toBe(CALLBACK_INVITE);
  });

  it('tells the person when Slack will not open the form, instead of leaving them with nothing', async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    h.slack.override('views.open', () => ({ body: { ok: false, error: 'expired_trigger_id' } }));
    const { responseId } = await h.command('new bob@example.com');
    const [reply] = await h.slack.waitForPosts(responseId);
    expect(reply?.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply?.body)).toContain('Slack did not open the form');
    expect(JSON.stringify(reply?.body)).toContain('/invites new');
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
  });

  it("answers a submission within Slack's 3 s even when the access check is slow, and creates nothing", async () => {
    h = await startHarness({ env: { INVITES_NOTIFY_CHANNEL: NOTIFY } });
    const modal = await openedModal(h, 'new bob@example.com');
    // MEMBER was never looked up (the form was opened by ADMIN): the check must ask a slow Slack.
    h.slack.slowMethods.set('users.info', 4000);
    const ack = await h.submit(modal.id, CALLBACK_INVITE, { email: 'carol@example.com', api: [] }, MEMBER);
    expect(ack.elapsedMs).toBeLessThan(3000);
    expect(JSON.parse(ack.body).response_action).toBe('update');
    expect(JSON.stringify(JSON.parse(ack.body).view)).toContain('Could not check');
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
  });
});
