import { ACTION_APPROVE, CALLBACK_REQUEST } from '../../src/views/accessRequest';
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
      await a.slack.waitFor(() => [a, b].flatMap((h) => h.logs).filter((l) => l.event === 'decision' && l.email === email).length >= 2);
      expect(JSON.stringify(card.blocks)).toMatch(/Approved by <@U0ADMIN0[12]>/);
    }
    expect(a.vultr.requestsFor('create').map((r) => (r.body as { email_invited: string }).email_invited)).toEqual(emails);
    expect(a.slack.messages.filter((m) => m.text.startsWith('📨'))).toHaveLength(3);
    expect(a.slack.callsOf('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'))).toHaveLength(3);
    // Every decision freed its slot, on whichever replica it was made.
    expect(await request(b, 'four@example.com')).toContain('went to');
  });
});
