import { ACTION_APPROVE, ACTION_DENY, CALLBACK_REQUEST } from '../../src/views/accessRequest';
import { CALLBACK_INVITE } from '../../src/views/inviteModal';
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
    // The buttons carry the card's id only; what it asks for is in the bot's store.
    expect(cardValue(card)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const actions = JSON.stringify((card.blocks as Array<{ type: string }>).filter((b) => b.type === 'actions'));
    expect(actions).not.toContain(MEMBER);
    expect(actions.replace(/"text":"[^"]*Vultr will e-mail[^"]*"/, '')).not.toContain('member@example.com');
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

  it("refuses forged clicks: an old-style value, another card's id, another channel or a made-up ts; nothing is created", async () => {
    await start();
    const card = await requestAccess(h);
    const other = await h.submit('V0OTHER', CALLBACK_REQUEST, { ...REQUEST, email: 'other@example.com' }, 'U0PEER001');
    expect(JSON.parse(other.body).response_action).toBe('update');
    const otherCard = await h.slack.waitFor(() =>
      h.slack.messages.find((m) => m.channel === NOTIFY && m.text.includes('other@example.com')),
    );
    // The card's record is saved after it is posted (until then a click on it finds no card at all).
    await h.slack.waitFor(() => h.logs.filter((l) => l.event === 'request' && l.outcome === 'requested').length >= 2);
    const forged = [
      // A value as the bot used to carry it, with the requester and address edited and a huge time.
      {
        value: JSON.stringify({ r: 'U0PEER001', e: 'attacker@example.com', a: true, w: 'r', t: 9007199254740 }),
        where: card.ts,
        channel: NOTIFY,
      },
      // Card X's id clicked on card Y.
      { value: cardValue(otherCard), where: card.ts, channel: NOTIFY },
      // The right id, named as if in another channel, or at a made-up ts.
      { value: cardValue(card), where: card.ts, channel: 'C0ELSEWHERE' },
      { value: cardValue(card), where: '1700000000.999999', channel: NOTIFY },
    ];
    for (const { value, where, channel } of forged) {
      const click = await h.click(ACTION_APPROVE, value, ADMIN, { channelId: channel, messageTs: where });
      const [reply] = await h.slack.waitForPosts(click.responseId);
      expect(reply?.body.response_type).toBe('ephemeral');
      expect(reply?.body.text).toMatch(/not one this bot understands|not one the bot knows/);
    }
    expect(h.vultr.requestsFor('create')).toHaveLength(0);
    expect(card.edited).toBeFalsy();
    expect(otherCard.edited).toBeFalsy();
    // Each refusal is logged once its reply is delivered, a moment after the local Slack has it.
    const decisions = () => h.logs.filter((l) => l.event === 'decision');
    await h.slack.waitFor(() => decisions().length >= forged.length);
    expect(decisions().map((l) => l.outcome)).toEqual(['bad_request', 'card_mismatch', 'card_mismatch', 'card_mismatch']);
  });

  it('a card Slack will not update is still approved: the approver is told the truth, a later Deny changes nothing', async () => {
    await start();
    const card = await requestAccess(h);
    h.slack.override('chat.update', () => ({ status: 429, headers: { 'retry-after': '60' }, body: { ok: false, error: 'ratelimited' } }));
    const approval = await clickCard(h, card, ACTION_APPROVE, ADMIN);
    const [told] = await h.slack.waitForPosts(approval.responseId);
    expect(told?.body.text).toContain('Approved: the invitation for *member@example.com* went out');
    expect(told?.body.text).toContain('The card could not be updated (Slack said `slack_webapi_rate_limited_error`)');
    expect(told?.body.text).not.toMatch(/Something went wrong|try again/i);
    expect(card.edited).toBeFalsy();
    await h.slack.waitFor(() => h.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('was approved by')));

    const late = await clickCard(h, card, ACTION_DENY, ADMIN2);
    const [reply] = await h.slack.waitForPosts(late.responseId);
    expect(reply?.body.text).toContain(`Approved by <@${ADMIN}>`);
    expect(reply?.body.text).toContain('already decided');
    expect(h.slack.callsOf('chat.postMessage').filter((c) => String(c.args.text).includes('was denied'))).toHaveLength(0);
    expect(h.vultr.requestsFor('create')).toHaveLength(1);
    // The requester's slot was released: three more requests are taken.
    for (let i = 0; i < 3; i++) await h.submit(`V0MORE${i}`, CALLBACK_REQUEST, { ...REQUEST, email: `more${i}@example.com` }, MEMBER);
    await h.slack.waitFor(() => h.slack.messages.filter((m) => m.channel === NOTIFY && m.text.startsWith('Access request')).length === 4);
    const decided = h.logs.find((l) => l.event === 'decision' && l.outcome === 'approved');
    expect(decided).toMatchObject({ problems: [{ kind: 'card_not_updated', error: 'slack_webapi_rate_limited_error' }] });
  });

  it('one invitation per address: two cards for it approved at once, and an invite form at the same moment', async () => {
    await start();
    const first = await requestAccess(h, { ...REQUEST, email: 'Case.Race@example.com' });
    await h.submit('V0SECOND', CALLBACK_REQUEST, { ...REQUEST, email: 'case.race@EXAMPLE.com' }, 'U0PEER001');
    const second = await h.slack.waitFor(() =>
      h.slack.messages.find((m) => m.channel === NOTIFY && m.text.includes('case.race@EXAMPLE.com')),
    );
    h.vultr.latencyMs = 300;
    await h.command('new', ADMIN2);
    await h.slack.waitFor(() => h.slack.callsOf('views.open').find((c) => JSON.stringify(c.args.view).includes(CALLBACK_INVITE)));
    const form = [...h.slack.modals.values()].at(-1)!;
    const [, , formAck] = await Promise.all([
      clickCard(h, first, ACTION_APPROVE, ADMIN),
      clickCard(h, second, ACTION_APPROVE, ADMIN2),
      h.submit(form.id, CALLBACK_INVITE, { email: ' CASE.RACE@example.com ', api: [] }, ADMIN2),
    ]);
    await h.slack.waitFor(() => [first, second].every((c) => JSON.stringify(c.blocks).includes('Approved by')));
    // The form either learned at once that an invitation is pending, or waited for the creation and says who made it.
    if (JSON.parse(formAck.body).response_action === 'errors') expect(formAck.body).toContain('already has a pending invitation');
    else
      await h.slack.waitFor(() =>
        /already has a pending invitation|Invitation sent/.exec(JSON.stringify(h.slack.modals.get(form.id)?.view)),
      );
    expect(h.vultr.requestsFor('create')).toHaveLength(1);
    expect(h.vultr.outbox).toHaveLength(1);
  });

  it('refuses over-long or missing reasons without a Vultr call (beyond the groups the form offered)', async () => {
    await start();
    await h.command('request', MEMBER);
    await h.slack.waitFor(() => h.slack.callsOf('views.open')[0]);
    const modal = [...h.slack.modals.values()].at(-1)!;
    for (const reason of [null, 'x'.repeat(501)]) {
      const ack = await h.submit(modal.id, CALLBACK_REQUEST, { ...REQUEST, reason }, MEMBER);
      expect(JSON.parse(ack.body)).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    }
    expect(cardIn(h)).toBeUndefined();
    expect(h.vultr.requests.map((r) => r.route)).toEqual(['groups']);
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
    // The first two cards may still be on their way when the third is refused.
    await h.slack.waitFor(() => h.slack.messages.filter((m) => m.channel === NOTIFY).length === 2 || undefined);
    await new Promise((r) => setTimeout(r, 200));
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
