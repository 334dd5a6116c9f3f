import { seedGroups } from '@vultr-invites/vultr-sandbox';
import { CALLBACK_INVITE, INVITE_GROUP_BLOCK } from '../../src/views/inviteModal';
import { describeWithRedis, useRedisServer } from '../support/redisServer';
import { useReplicas } from '../support/replicas';

const NOTIFY = 'C0NOTIFY01';

/** Group grants on two replicas sharing a real redis-server: one add, one message. */
describeWithRedis('group grants on several replicas', () => {
  const redis = useRedisServer();
  const replicas = useReplicas(redis, { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_WATCH_INTERVAL: '2s' });

  it('the invitation made on one replica is granted once, whichever replica sees the acceptance', async () => {
    const [a, b] = await replicas.start({}, { grantIntervalMs: 50, watchIntervalMs: 50 });
    const [developers] = seedGroups(new Date());
    a.vultr.addGroups(...seedGroups(new Date()));
    a.vultr.latencyMs = 20;
    await a.command('new bob@example.com');
    const modal = await a.slack.waitFor(() => [...a.slack.modals.values()][0]);
    await a.submit(modal.id, CALLBACK_INVITE, { email: 'bob@example.com', api: [], [INVITE_GROUP_BLOCK]: { selected: developers!.id } });
    await a.slack.waitFor(() => a.logs.some((l) => l.event === 'invite' && l.outcome === 'created') || undefined);
    const id = [...a.vultr.invitations.values()].find((i) => i.email_invited === 'bob@example.com')!.id;
    const user = a.vultr.accept(id);
    const joined = () => a.slack.messages.filter((m) => m.channel === NOTIFY && m.text.includes('accepted'));
    await a.slack.waitFor(() => joined()[0], 5_000);
    // The grant is logged after its post and its history record.
    const granted = () => [a, b].flatMap((h) => h.logs).filter((l) => l.event === 'grants' && l.outcome === 'granted');
    await a.slack.waitFor(() => granted().length > 0);
    const lists = a.vultr.requestsFor('list').length;
    await a.slack.waitFor(() => a.vultr.requestsFor('list').length >= lists + 6 || undefined, 5_000);
    expect(a.vultr.requestsFor('add_member')).toHaveLength(1);
    expect(joined().map((m) => m.text)).toEqual([expect.stringContaining('accepted and joined *Developers*')]);
    expect(a.vultr.groupsOf(user.id)).toEqual([developers!.id]);
    expect(granted()).toHaveLength(1);
  });
});
