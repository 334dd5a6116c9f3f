import { decodeRequestValue } from '../../src/domain/approval';
import { ACTION_APPROVE, ACTION_DENY, CALLBACK_REQUEST } from '../../src/views/accessRequest';
import type { StoredMessage } from '@vultr-invites/slack-emulator';
import { pendingInvitation } from '@vultr-invites/vultr-sandbox';
import { ADMIN, MEMBER, SECRETS, startHarness, type Harness } from '../support/harness';

const NOTIFY = 'C0NOTIFY01';
const ADMIN2 = 'U0ADMIN02';
const REQUEST = { email: 'member@example.com', api: ['yes'], reason: 'I run the <staging> cluster & need the console' };

const cardIn = (h: Harness) => h.slack.messages.find((m) => m.channel === NOTIFY && m.text.startsWith('Access request'));

/** MEMBER asks for access through the modal; resolves with the posted approval card. */
async function requestAccess(h: Harness, inputs: Record<string, string | string[] | null> = REQUEST): Promise<StoredMessage> {
  await h.command('request', MEMBER);
  await h.slack.waitFor(() => h.slack.callsOf('views.open')[0]);
  const modal = [...h.slack.modals.values()].at(-1)!;
  const ack = await h.submit(modal.id, CALLBACK_REQUEST, inputs, MEMBER);
  expect(JSON.parse(ack.body).response_action).toBe('update');
  await h.slack.waitFor(() => JSON.stringify(h.slack.modals.get(modal.id)?.view).includes('went to'));
  return h.slack.waitFor(() => cardIn(h));
}

function cardValue(card: StoredMessage): string {
  const actions = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find(
    (b) => b.type === 'actions',
  );
  return actions!.elements!.find((e) => e.action_id === ACTION_APPROVE)!.value;
}

const clickCard = (h: Harness, card: StoredMessage, action: string, user: string) =>
  h.click(action, cardValue(card), user, { channelId: NOTIFY, messageTs: card.ts });

describe('/invites request: ask for access, approved in the channel (real Bolt app over HTTP)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  async function start(env: Record<string, string> = { INVITES_NOTIFY_CHANNEL: NOTIFY }): Promise<Harness> {
    h = await startHarness({ env });
    h.slack.users.set(ADMIN2, { is_admin: true });
    h.slack.users.set(MEMBER, { is_admin: false, profile: { email: 'member@example.com' } });
    return h;
  }

  it('prefills the profile e-mail, posts an escaped card with Approve (confirm) and Deny', async () => {
    await start();
    const card = await requestAccess(h);
    expect(JSON.stringify(h.slack.callsOf('views.open')[0]?.args.view)).toContain('"initial_value":"member@example.com"');
    const text = JSON.stringify(card.blocks);
    expect(text).toContain(`<@${MEMBER}> asks for a Vultr invitation for *member@example.com* (API access: on)`);
    expect(text).toContain('&lt;staging&gt; cluster &amp; need');
    expect(text).toContain('"confirm"');
    expect(decodeRequestValue(cardValue(card))).toMatchObject({ r: MEMBER, e: 'member@example.com', a: true });
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
  });

  it.each([2, 10])('%i simultaneous approvals create one invitation, one post, one DM; the card says who approved', async (n) => {
    await start();
    const card = await requestAccess(h);
    const approvers = Array.from({ length: n }, (_, i) => `U0APPR${String(i).padStart(3, '0')}`);
    for (const a of approvers) h.slack.users.set(a, { is_admin: true });
    const acks = await Promise.all(approvers.map((a) => clickCard(h, card, ACTION_APPROVE, a)));
    for (const { ack } of acks) expect(ack.elapsedMs).toBeLessThan(3000);
    await h.slack.waitFor(() => card.edited && card.blocks.every((b) => (b as { type: string }).type !== 'actions'));
    await h.slack.waitFor(() => h.logs.filter((l) => l.event === 'decision').length >= n);

    expect(h.vultr.requestsFor('create')).toHaveLength(1);
    expect(h.vultr.requestsFor('create')[0]?.body).toEqual({ email_invited: 'member@example.com', permissions: { api_enabled: true } });
    expect(JSON.stringify(card.blocks)).toMatch(/Approved by <@U0APPR\d{3}> · invitation sent · expires <!date/);
    expect(h.slack.messages.filter((m) => m.text.startsWith('📨'))).toHaveLength(1);
    const dms = h.slack.callsOf('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
    expect(dms).toHaveLength(1);
    expect(String(dms[0]?.args.text)).toContain('was approved by');
    expect(h.slack.callsOf('conversations.open')[0]?.args.users).toBe(MEMBER);
  });

  it('refuses self-approval and a person who may not decide; nothing changes', async () => {
    await start({ INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_ALLOWED_USERS: `${ADMIN},${MEMBER}` });
    const card = await requestAccess(h);
    const self = await clickCard(h, card, ACTION_APPROVE, MEMBER);
    const [selfReply] = await h.slack.waitForPosts(self.responseId);
    expect(selfReply?.body.text).toContain('cannot decide your own request');

    const other = await clickCard(h, card, ACTION_APPROVE, 'U0STRANGER');
    const [otherReply] = await h.slack.waitForPosts(other.responseId);
    expect(otherReply?.body.text).toContain('not allowed to decide access requests');
    expect(otherReply?.body.text).not.toContain('list or resend');
    expect(otherReply?.body.response_type).toBe('ephemeral');
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
    expect(card.edited).toBeFalsy();
  });

  it('deny updates the card, DMs the requester; a click on the decided card says who decided and does nothing', async () => {
    await start();
    const card = await requestAccess(h);
    const staleValue = cardValue(card); // what a client that has not refreshed still shows
    await clickCard(h, card, ACTION_DENY, ADMIN);
    await h.slack.waitFor(() => card.edited);
    expect(JSON.stringify(card.blocks)).toContain(`Denied by <@${ADMIN}>`);
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('was denied by')));

    const late = await h.click(ACTION_APPROVE, staleValue, ADMIN2, { channelId: NOTIFY, messageTs: card.ts });
    const [reply] = await h.slack.waitForPosts(late.responseId);
    expect(reply?.body.text).toContain(`Denied by <@${ADMIN}>`);
    expect(reply?.body.text).toContain('already decided');
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'decision' && l.outcome === 'already_decided'));
  });

  it("Vultr's refusal keeps the card open with the reason and Try again, which then works", async () => {
    await start();
    const card = await requestAccess(h);
    h.vultr.failNext('create', { status: 400, body: JSON.stringify({ error: 'Too many invitations', status: 400 }) });
    await clickCard(h, card, ACTION_APPROVE, ADMIN);
    await h.slack.waitFor(() => card.edited && JSON.stringify(card.blocks).includes('Too many invitations'));
    expect(JSON.stringify(card.blocks)).toContain('Try again');
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'decision' && l.outcome === 'vultr_refused'));

    await clickCard(h, card, ACTION_APPROVE, ADMIN);
    await h.slack.waitFor(() => JSON.stringify(card.blocks).includes('Approved by'));
    expect(h.vultr.requestsFor('create')).toHaveLength(2);
    expect(h.vultr.outbox).toHaveLength(1);
  });

  it('approving an address that already has a pending invitation decides the card (nothing new is sent) and tells the requester', async () => {
    await start();
    const card = await requestAccess(h);
    // Invited meanwhile (or an earlier create that timed out went through).
    h.vultr.add(pendingInvitation(77, new Date(Date.now() + 48 * 3600_000), { email_invited: 'member@example.com' }));
    await clickCard(h, card, ACTION_APPROVE, ADMIN);
    await h.slack.waitFor(() => JSON.stringify(card.blocks).includes('Approved by'));
    expect(JSON.stringify(card.blocks)).not.toContain('Try again');
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
    expect(h.vultr.outbox).toHaveLength(0);
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('approved')));
  });

  it('refuses a crafted card value and over-long or missing reasons without a Vultr call', async () => {
    await start();
    const crafted = await h.click(ACTION_APPROVE, JSON.stringify({ r: MEMBER, e: 'x', a: true, w: 'r', t: 1 }), ADMIN, {
      channelId: NOTIFY,
      messageTs: '1.000001',
    });
    const [reply] = await h.slack.waitForPosts(crafted.responseId);
    expect(reply?.body.text).toContain('not one this bot understands');

    await h.command('request', MEMBER);
    await h.slack.waitFor(() => h.slack.callsOf('views.open')[0]);
    const modal = [...h.slack.modals.values()].at(-1)!;
    for (const reason of [null, 'x'.repeat(501)]) {
      const ack = await h.submit(modal.id, CALLBACK_REQUEST, { ...REQUEST, reason }, MEMBER);
      expect(JSON.parse(ack.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    }
    expect(cardIn(h)).toBeUndefined();
    expect(h.vultr.requests).toHaveLength(0);
  });

  it('bounds open requests per person at 3', async () => {
    await start();
    for (let i = 0; i < 3; i++) {
      const ack = await h.submit(`V0REQ${i}`, CALLBACK_REQUEST, REQUEST, MEMBER);
      expect(JSON.parse(ack.body).response_action).toBe('update');
    }
    await h.submit('V0REQ9', CALLBACK_REQUEST, REQUEST, MEMBER);
    const refusal = await h.slack.waitFor(() => h.slack.callsOf('views.update').find((c) => c.args.view_id === 'V0REQ9'));
    expect(JSON.stringify(refusal.args.view)).toContain('already have 3 open requests');
    await h.slack.waitFor(() => h.slack.messages.filter((m) => m.channel === NOTIFY).length === 3);
  });

  it('bounds requests per hour for everyone together (INVITES_REQUESTS_PER_HOUR), telling the requester', async () => {
    await start({ INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_REQUESTS_PER_HOUR: '2' });
    const people = ['U0PEER001', 'U0PEER002', 'U0PEER003'];
    for (const [i, person] of people.entries()) await h.submit(`V0RATE${i}`, CALLBACK_REQUEST, REQUEST, person);
    const refusal = await h.slack.waitFor(() =>
      h.slack.callsOf('views.update').find((c) => c.args.view_id === 'V0RATE2' && JSON.stringify(c.args.view).includes('this hour')),
    );
    expect(JSON.stringify(refusal.args.view)).toContain('Nothing was sent; please try again in an hour');
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'request' && l.outcome === 'hourly_limit'));
    expect(h.slack.messages.filter((m) => m.channel === NOTIFY)).toHaveLength(2);
  });

  it('posts no card for an address with a pending invitation in another case, and says so', async () => {
    await start();
    h.vultr.add(pendingInvitation(5, new Date(Date.now() + 50 * 3600_000), { email_invited: 'dave.p@example.com' }));
    await h.submit('V0DAVE', CALLBACK_REQUEST, { ...REQUEST, email: 'DAVE.P@example.com' }, MEMBER);
    const answer = await h.slack.waitFor(() =>
      h.slack.callsOf('views.update').find((c) => c.args.view_id === 'V0DAVE' && !JSON.stringify(c.args.view).includes('Sending')),
    );
    expect(JSON.stringify(answer.args.view)).toContain('An invitation for *dave.p@example.com* is already pending (expires in 2 days)');
    expect(cardIn(h)).toBeUndefined();
    await h.slack.waitFor(() => h.logs.find((l) => l.event === 'request' && l.outcome === 'pending_exists'));
  });

  it('shows the reason as typed, even when it holds a secret of the bot: redaction must not confirm a guess', async () => {
    await start();
    const guess = `is the key ${SECRETS.vultrKey}? or ${SECRETS.signingSecret}`;
    const card = await requestAccess(h, { ...REQUEST, reason: guess });
    expect(JSON.stringify(card.blocks)).toContain(guess);
    expect(JSON.stringify(card.blocks)).not.toContain('[REDACTED]');
  });

  it('without INVITES_NOTIFY_CHANNEL the request is refused with advice', async () => {
    await start({});
    await h.command('request', MEMBER);
    const call = await h.slack.waitFor(() => h.slack.callsOf('views.open')[0]);
    expect(JSON.stringify(call.args.view)).toContain('INVITES_NOTIFY_CHANNEL');
  });
});
