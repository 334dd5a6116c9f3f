import { ACTION_APPROVE, CALLBACK_REQUEST } from '../../src/views/accessRequest';
import { CALLBACK_INVITE } from '../../src/views/inviteModal';
import type { StoredMessage } from '@vultr-invites/slack-emulator';
import { ADMIN, MEMBER, type Harness } from '../support/harness';
import { describeWithRedis, useRedisServer } from '../support/redisServer';
import { useReplicas } from '../support/replicas';

const NOTIFY = 'C0NOTIFY01';
const ADMIN2 = 'U0ADMIN02';

/** Access requests and their approval cards on two replicas sharing Redis. */
describeWithRedis('access requests on several replicas', () => {
  const redis = useRedisServer();
  const replicas = useReplicas(redis, { INVITES_NOTIFY_CHANNEL: NOTIFY });

  /** MEMBER asks replica `h` for access for `email`; resolves with the modal's final text. */
  async function request(h: Harness, email: string): Promise<string> {
    const opened = h.slack.callsOf('views.open').length;
    await h.command('request', MEMBER);
    await h.slack.waitFor(() => h.slack.callsOf('views.open').length > opened);
    const modal = [...h.slack.modals.values()].at(-1)!;
    await h.submit(modal.id, CALLBACK_REQUEST, { email, api: [], reason: 'staging cluster' }, MEMBER);
    return h.slack.waitFor(() => {
      const text = JSON.stringify(h.slack.modals.get(modal.id)?.view);
      return text.includes('went to') || text.includes('open requests') ? text : undefined;
    });
  }

  const cardFor = (h: Harness, email: string): StoredMessage | undefined =>
    h.slack.messages.find((m) => m.channel === NOTIFY && m.text.startsWith('Access request') && m.text.includes(email));

  function approveValue(card: StoredMessage): string {
    const actions = (card.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find(
      (b) => b.type === 'actions',
    );
    return actions!.elements!.find((e) => e.action_id === ACTION_APPROVE)!.value;
  }

  it('shares the open-request count, and two approvers clicking on two replicas at once create one invitation per card', async () => {
    const [a, b] = await replicas.start();
    a.slack.users.set(ADMIN2, { is_admin: true });
    a.vultr.latencyMs = 30;
    const emails = ['one@example.com', 'two@example.com', 'three@example.com'];
    for (const [i, email] of emails.entries()) expect(await request(i % 2 === 0 ? a : b, email)).toContain('went to');
    // The fourth open request is refused, whichever replica it reaches.
    expect(await request(b, 'four@example.com')).toContain('You already have 3 open requests');

    for (const email of emails) {
      const card = await a.slack.waitFor(() => cardFor(a, email));
      const value = approveValue(card);
      const clicks = await Promise.all([
        a.click(ACTION_APPROVE, value, ADMIN, { channelId: NOTIFY, messageTs: card.ts }),
        b.click(ACTION_APPROVE, value, ADMIN2, { channelId: NOTIFY, messageTs: card.ts }),
      ]);
      for (const { ack } of clicks) expect(ack.status).toBe(200);
      await a.slack.waitFor(() => [a, b].flatMap((h) => h.logs).filter((l) => l.event === 'decision' && l.card === value).length >= 2);
      expect(JSON.stringify(card.blocks)).toMatch(/Approved by <@U0ADMIN0[12]>/);
    }
    expect(a.vultr.requestsFor('create').map((r) => (r.body as { email_invited: string }).email_invited)).toEqual(emails);
    expect(a.slack.messages.filter((m) => m.text.startsWith('📨'))).toHaveLength(3);
    expect(a.slack.callsOf('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'))).toHaveLength(3);
    // Every decision freed its slot, on whichever replica it was made.
    expect(await request(b, 'four@example.com')).toContain('went to');
  });

  it('one invitation per address across replicas: an Approve on one and an invite form on the other, at once', async () => {
    const [a, b] = await replicas.start();
    a.slack.users.set(ADMIN2, { is_admin: true });
    a.vultr.latencyMs = 200;
    expect(await request(a, 'Race@Example.com')).toContain('went to');
    const card = await a.slack.waitFor(() => cardFor(a, 'Race@Example.com'));
    const [, formAck] = await Promise.all([
      a.click(ACTION_APPROVE, approveValue(card), ADMIN, { channelId: NOTIFY, messageTs: card.ts }),
      b.submit('V0FORMB', CALLBACK_INVITE, { email: 'race@example.COM', api: [] }, ADMIN2),
    ]);
    await a.slack.waitFor(() => JSON.stringify(card.blocks).includes('Approved by'));
    // Whichever came first created it; the other learned it is pending (at once, or after waiting for the creation).
    const form = await b.slack.waitFor(() => b.logs.find((l) => l.event === 'invite' && l.action === 'submit'));
    expect(['created', 'pending_exists']).toContain(form.outcome);
    expect(JSON.parse(formAck.body).response_action).toMatch(/^(errors|update)$/);
    expect(a.vultr.requestsFor('create')).toHaveLength(1);
  });

  it('refuses to decide while Redis is down; a Redis that comes back empty has forgotten the card, which then decides nothing', async () => {
    const [a, b] = await replicas.start();
    a.slack.users.set(ADMIN2, { is_admin: true });
    expect(await request(a, 'outage@example.com')).toContain('went to');
    const card = await a.slack.waitFor(() => cardFor(a, 'outage@example.com'));
    await redis().stop();
    const clicks = await Promise.all([
      a.click(ACTION_APPROVE, approveValue(card), ADMIN, { channelId: NOTIFY, messageTs: card.ts }),
      b.click(ACTION_APPROVE, approveValue(card), ADMIN2, { channelId: NOTIFY, messageTs: card.ts }),
    ]);
    for (const [i, h] of [a, b].entries()) {
      const [answer] = await h.slack.waitForPosts(clicks[i]!.responseId);
      expect(answer?.body.text).toContain('Nothing was sent: the bot’s shared store (Redis) is not answering');
    }
    expect(a.vultr.requestsFor('create')).toHaveLength(0);
    // This redis-server keeps nothing on disk (the replica example's has appendonly): it restarts empty.
    await redis().resume();
    await a.slack.waitFor(() => a.logs.filter((l) => l.event === 'redis' && l.outcome === 'connected').length >= 2, 10_000);
    const late = await b.click(ACTION_APPROVE, approveValue(card), ADMIN2, { channelId: NOTIFY, messageTs: card.ts });
    const [answer] = await b.slack.waitForPosts(late.responseId);
    expect(answer?.body.text).toContain('not one the bot knows');
    expect(a.vultr.requestsFor('create')).toHaveLength(0);
    expect(card.edited).toBeFalsy();
  });
});
