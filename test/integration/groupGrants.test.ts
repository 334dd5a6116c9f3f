import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appHomeOpened, blockSuggestionBody, postSigned, postSignedEvent, TEAM_ID } from '@vultr-invites/slack-emulator';
import { pendingInvitation, seedGroups } from '@vultr-invites/vultr-sandbox';
import { runReminderOnce } from '../../src/jobs/digest/runOnce';
import { Logger } from '../../src/util/log';
import { ACTION_APPROVE, ACTION_REQUEST_GROUP, CALLBACK_REQUEST, REQUEST_GROUP_BLOCK } from '../../src/views/accessRequest';
import { decodeResendValue } from '../../src/views/actionPayloads';
import { CALLBACK_GRANT_GROUP, GRANT_GROUP_BLOCK } from '../../src/views/grantGroupModal';
import { ACTION_GRANT_CHOOSE, ACTION_GRANT_RETRY } from '../../src/views/grantNews';
import { CALLBACK_INVITE, INVITE_GROUP_BLOCK } from '../../src/views/inviteModal';
import { ADMIN, MEMBER, SECRETS, messageText, resendButtons, startHarness, type Harness } from '../support/harness';

const NOTIFY = 'C0NOTIFY01';
const [DEVELOPERS, BILLING] = seedGroups(new Date());

/**
 * From invitation to access: a group chosen in the invite form is granted when the invitation
 * is accepted, once, and said in one message (real Bolt app over HTTP, the Vultr sandbox).
 */
describe('group grants on acceptance', () => {
  let h: Harness | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}, first?: Harness): Promise<Harness> {
    h = await startHarness({
      env: { INVITES_NOTIFY_CHANNEL: NOTIFY, ...env },
      app: { grantIntervalMs: 100, watchIntervalMs: 100 },
      ...(first ? { replicaOf: first } : {}),
    });
    if (!first) h.vultr.addGroups(...seedGroups(new Date()));
    return h;
  }

  /** ADMIN invites `email` through the form with `group` chosen; resolves with the new invitation's id. */
  async function invite(harness: Harness, email: string, group: string | null): Promise<string> {
    await harness.command(`new ${email}`);
    const modal = await harness.slack.waitFor(() =>
      [...harness.slack.modals.values()].find((m) => JSON.stringify(m.view).includes(CALLBACK_INVITE)),
    );
    const ack = await harness.submit(modal.id, CALLBACK_INVITE, { email, api: [], [INVITE_GROUP_BLOCK]: { selected: group } });
    expect(JSON.parse(ack.body).response_action).toBe('update');
    // The chosen group is recorded after Vultr answers and the team is told; the audit line comes after it.
    await harness.slack.waitFor(() =>
      harness.logs.some((l) => l.event === 'invite' && l.action === 'submit' && l.outcome === 'created' && l.email === email),
    );
    const created = [...harness.vultr.invitations.values()].find((i) => i.email_invited === email);
    return created!.id;
  }

  const grantMessages = (harness: Harness) =>
    harness.slack.messages.filter((m) => m.channel === NOTIFY && /accepted and joined|could not be added/.test(m.text));

  it('offers the groups in the form, then adds the member once on acceptance, in one message (the watcher does not repeat it)', async () => {
    await start({ INVITES_WATCH_INTERVAL: '2s' });
    const id = await invite(h!, 'bob@example.com', DEVELOPERS!.id);
    const form = JSON.stringify(h!.slack.callsOf('views.open')[0]?.args.view);
    for (const name of ['Developers', 'Billing', 'Read-only', 'No group']) expect(form).toContain(name);
    const outcome = await h!.slack.waitFor(() =>
      h!.slack
        .callsOf('views.update')
        .map((c) => JSON.stringify(c.args.view))
        .find((v) => v.includes('Invitation sent')),
    );
    expect(outcome).toContain('When they accept, the bot adds them to *Developers*.');

    const user = h!.vultr.accept(id);
    const [message] = await h!.slack.waitFor(() => (grantMessages(h!).length > 0 ? grantMessages(h!) : undefined), 5_000);
    expect(message?.text).toBe(`:white_check_mark: *bob@example.com* accepted and joined *Developers* (chosen by <@${ADMIN}>)`);
    expect(h!.vultr.groupsOf(user.id)).toEqual([DEVELOPERS!.id]);
    // More runs of both jobs: no second add, no second message, no separate "accepted" announcement.
    const lists = h!.vultr.requestsFor('list').length;
    await h!.slack.waitFor(() => h!.vultr.requestsFor('list').length >= lists + 4 || undefined, 5_000);
    expect(h!.vultr.requestsFor('add_member')).toHaveLength(1);
    expect(h!.vultr.requestsFor('add_member')[0]?.body).toMatchObject({ user_id: user.id });
    expect(
      h!.slack.messages.filter((m) => m.channel === NOTIFY && m.text.includes('bob@example.com') && m.text.includes('accepted')),
    ).toHaveLength(1);
    await h!.slack.waitFor(() => h!.logs.find((l) => l.event === 'grants' && l.outcome === 'granted'));
  });

  it('calls Vultr for nothing while no invitation carries a group', async () => {
    await start();
    await invite(h!, 'plain@example.com', null);
    const outcome = await h!.slack.waitFor(() =>
      h!.slack
        .callsOf('views.update')
        .map((c) => JSON.stringify(c.args.view))
        .find((v) => v.includes('Invitation sent')),
    );
    expect(outcome).toContain('No group was chosen: they will see “No Active Organization” until someone grants access.');
    const lists = h!.vultr.requestsFor('list').length;
    await new Promise((r) => setTimeout(r, 500));
    expect(h!.vultr.requestsFor('list').length).toBe(lists);
    expect(h!.vultr.requestsFor('add_member')).toHaveLength(0);
  });

  it('waits for a member Vultr lists late, then adds them once', async () => {
    await start();
    const id = await invite(h!, 'late@example.com', BILLING!.id);
    h!.vultr.accept(id, { userVisibleAfterMs: 600 });
    await h!.slack.waitFor(() => grantMessages(h!)[0], 5_000);
    expect(h!.vultr.requestsFor('add_member')).toHaveLength(1);
    expect(h!.vultr.requestsFor('users').length).toBeGreaterThan(1);
  });

  it('a refused add says why and offers Retry, which adds the member once the fault is fixed', async () => {
    await start();
    const id = await invite(h!, 'denied@example.com', DEVELOPERS!.id);
    h!.vultr.failNext('add_member', {
      status: 403,
      body: JSON.stringify({ error: 'Missing permission iam.group.AddMember', status: 403 }),
    });
    h!.vultr.accept(id);
    const failure = await h!.slack.waitFor(() => grantMessages(h!)[0], 5_000);
    expect(failure.text).toContain('could not be added to *Developers*');
    expect(failure.text).toContain('iam.group.AddMember');
    const retry = JSON.stringify(failure.blocks);
    expect(retry).toContain(ACTION_GRANT_RETRY);
    await new Promise((r) => setTimeout(r, 300));
    expect(h!.vultr.requestsFor('add_member')).toHaveLength(1); // a refusal waits for Retry

    await h!.click(ACTION_GRANT_RETRY, id, ADMIN, { channelId: NOTIFY, messageTs: failure.ts });
    await h!.slack.waitFor(() => (failure.text.includes('accepted and joined') ? true : undefined), 5_000);
    expect(h!.vultr.requestsFor('add_member')).toHaveLength(2);
    const forged = await h!.click(ACTION_GRANT_RETRY, 'not-an-intent', ADMIN, { channelId: NOTIFY, messageTs: failure.ts });
    const [reply] = await h!.slack.waitForPosts(forged.responseId);
    expect(reply?.body.text).toContain('not one the bot knows');
    expect(h!.vultr.requestsFor('add_member')).toHaveLength(2);
  });

  it('the group deleted meanwhile: Choose another group opens the groups, and the one chosen is granted at once', async () => {
    await start();
    const id = await invite(h!, 'moved@example.com', DEVELOPERS!.id);
    h!.vultr.groups.delete(DEVELOPERS!.id);
    h!.vultr.accept(id);
    const failure = await h!.slack.waitFor(() => grantMessages(h!)[0], 5_000);
    expect(failure.text).toContain('the group no longer exists');
    const opened = h!.slack.callsOf('views.open').length;
    await h!.click(ACTION_GRANT_CHOOSE, id, ADMIN, { channelId: NOTIFY, messageTs: failure.ts });
    await h!.slack.waitFor(() => h!.slack.callsOf('views.open').length > opened || undefined);
    const modal = [...h!.slack.modals.values()].find((m) => JSON.stringify(m.view).includes(CALLBACK_GRANT_GROUP))!;
    expect(JSON.stringify(modal.view)).toContain('Billing');
    const noGroup = await h!.submit(modal.id, CALLBACK_GRANT_GROUP, { [GRANT_GROUP_BLOCK]: { selected: 'none' } });
    expect(JSON.parse(noGroup.body)).toMatchObject({ response_action: 'errors' });
    const ack = await h!.submit(modal.id, CALLBACK_GRANT_GROUP, { [GRANT_GROUP_BLOCK]: { selected: BILLING!.id } });
    expect(JSON.parse(ack.body).response_action).toBe('update');
    await h!.slack.waitFor(() => (failure.text.includes('accepted and joined *Billing*') ? true : undefined), 5_000);
    expect(h!.vultr.requestsFor('add_member').map((r) => r.path)).toEqual([
      `/v2/groups/${DEVELOPERS!.id}/members`,
      `/v2/groups/${BILLING!.id}/members`,
    ]);
  });

  it("refuses a group value that names none of the organization's groups; nothing is created", async () => {
    await start();
    await h!.command('new x@example.com');
    const modal = await h!.slack.waitFor(() => [...h!.slack.modals.values()][0]);
    for (const forged of ['3b1f6c2e-0000-4000-8000-999999999999', '<script>']) {
      const ack = await h!.submit(modal.id, CALLBACK_INVITE, {
        email: 'x@example.com',
        api: [],
        [INVITE_GROUP_BLOCK]: { selected: forged },
      });
      expect(JSON.parse(ack.body)).toMatchObject({
        response_action: 'errors',
        errors: { [INVITE_GROUP_BLOCK]: expect.stringContaining('not one of your organization') },
      });
    }
    expect(h!.vultr.requestsFor('create')).toHaveLength(0);
  });

  it('with more than 100 groups the form searches them as the person types (only for people who may invite)', async () => {
    await start();
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...DEVELOPERS!,
      id: `3b1f6c2e-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`,
      display_name: `Team ${String(i).padStart(3, '0')}`,
      members: [],
    }));
    h!.vultr.addGroups(...many);
    await h!.command('new');
    const modal = await h!.slack.waitFor(() => [...h!.slack.modals.values()][0]);
    expect(JSON.stringify(modal.view)).toContain('"type":"external_select"');
    const search = (user: string, value: string) =>
      postSigned(
        `${h!.appUrl}/slack/events`,
        SECRETS.signingSecret,
        blockSuggestionBody({
          user_id: user,
          team_id: TEAM_ID,
          action_id: INVITE_GROUP_BLOCK,
          block_id: INVITE_GROUP_BLOCK,
          value,
          view_id: modal.id,
        }),
      ).then((r) => (JSON.parse(r.body) as { options: Array<{ value: string; text: { text: string } }> }).options);
    expect((await search(ADMIN, 'team 11')).map((o) => o.text.text)).toEqual(Array.from({ length: 10 }, (_, i) => `Team 11${i}`));
    expect((await search(ADMIN, '')).length).toBe(100);
    expect(await search(MEMBER, 'team')).toEqual([]);
  });

  it('a request names a group, the approver changes it on the card, and the approved group is granted on acceptance', async () => {
    await start();
    h!.slack.users.set('U0ADMIN02', { is_admin: true });
    const ack = await h!.submit(
      'V0REQ1',
      CALLBACK_REQUEST,
      { email: 'carol@example.com', api: [], reason: 'billing work', [REQUEST_GROUP_BLOCK]: { selected: BILLING!.id } },
      MEMBER,
    );
    expect(JSON.parse(ack.body).response_action).toBe('update');
    const card = await h!.slack.waitFor(() => h!.slack.messages.find((m) => m.channel === NOTIFY && m.text.startsWith('Access request')));
    expect(JSON.stringify(card.blocks)).toContain('Group: *Billing* (added when they accept)');
    const cardId = /"value":"([0-9a-f-]{36})"/.exec(JSON.stringify(card.blocks))![1]!;
    const where = { channelId: NOTIFY, messageTs: card.ts };

    // Forged choices change nothing: a group the organization lacks, the requester, another card's id.
    for (const [value, user] of [
      [`${cardId}:3b1f6c2e-0000-4000-8000-999999999999`, ADMIN],
      [`${cardId}:${DEVELOPERS!.id}`, MEMBER],
      [`00000000-0000-4000-8000-000000000000:${DEVELOPERS!.id}`, ADMIN],
    ] as const) {
      const click = await h!.click(ACTION_REQUEST_GROUP, value, user, where);
      await h!.slack.waitForPosts(click.responseId);
    }
    expect(card.edited).toBeFalsy();
    // Each refusal's audit line is written after its answer is delivered.
    await h!.slack.waitFor(() => h!.logs.filter((l) => l.action === 'request_group').length >= 3);
    expect(h!.logs.filter((l) => l.action === 'request_group').map((l) => l.outcome)).toEqual([
      'bad_group',
      'not_an_approver',
      'unknown_card',
    ]);

    await h!.click(ACTION_REQUEST_GROUP, `${cardId}:${DEVELOPERS!.id}`, ADMIN, where);
    await h!.slack.waitFor(() => (JSON.stringify(card.blocks).includes('Group: *Developers*') ? true : undefined));
    await h!.click(ACTION_APPROVE, cardId, 'U0ADMIN02', where);
    await h!.slack.waitFor(() => (JSON.stringify(card.blocks).includes('Approved by') ? true : undefined));
    expect(JSON.stringify(card.blocks)).toContain('Group: *Developers*');

    const id = [...h!.vultr.invitations.values()].find((i) => i.email_invited === 'carol@example.com')!.id;
    const user = h!.vultr.accept(id);
    const [message] = await h!.slack.waitFor(() => (grantMessages(h!).length > 0 ? grantMessages(h!) : undefined), 5_000);
    expect(message?.text).toBe(':white_check_mark: *carol@example.com* accepted and joined *Developers* (chosen by <@U0ADMIN02>)');
    expect(h!.vultr.groupsOf(user.id)).toEqual([DEVELOPERS!.id]);
    // The requester's message follows the card update; nothing orders it before the grant's post.
    const dm = await h!.slack.waitFor(() =>
      h!.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('was approved by')),
    );
    expect(String(dm.args.text)).toContain('When you accept, the bot adds you to *Developers*.');
  });

  it('a restart between invitation and acceptance (SQLite store) still grants once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'grants-restart-'));
    dirs.push(dataDir);
    const first = await start({ INVITES_DATA_DIR: dataDir });
    const id = await invite(first, 'restart@example.com', DEVELOPERS!.id);
    // The second bot takes over the first's sandbox and Slack; the first stops without owning them.
    const second = await startHarness({
      env: { INVITES_NOTIFY_CHANNEL: NOTIFY, INVITES_DATA_DIR: dataDir },
      app: { grantIntervalMs: 100 },
      replicaOf: first,
    });
    await first.bot.stop();
    h = second;
    second.vultr.accept(id);
    await second.slack.waitFor(() => grantMessages(second)[0], 5_000);
    await new Promise((r) => setTimeout(r, 400));
    expect(second.vultr.requestsFor('add_member')).toHaveLength(1);
    expect(grantMessages(second)).toHaveLength(1);
    await first.stop();
  });
  describe('the pending rows show the group they will join', () => {
    /** The section text of the row of `email` in a message's or view's blocks. */
    const rowOf = (blocks: unknown, email: string) =>
      (blocks as Array<{ block_id?: string; text?: { text: string } }>).find(
        (b) => b.block_id?.startsWith('inv:') && b.text?.text.includes(`*${email}*`),
      )?.text?.text;

    it('/invites shows it on the row (nothing on a row without a group), also after a Resend', async () => {
      await start();
      const id = await invite(h!, 'bob@example.com', DEVELOPERS!.id);
      h!.vultr.add(pendingInvitation(1, new Date(Date.now() + 50 * 3600_000), { email_invited: 'carol@example.com' }));
      const listed = await h!.command('');
      const [post] = await h!.slack.waitForPosts(listed.responseId);
      expect(rowOf(post!.body.blocks, 'bob@example.com')).toContain('· joins *Developers*');
      expect(rowOf(post!.body.blocks, 'carol@example.com')).not.toContain('joins');

      const bob = resendButtons(post!.body).find((b) => decodeResendValue(b.value)?.i === id)!;
      const click = await h!.click('invites_resend', bob.value);
      const [report] = await h!.slack.waitForPosts(click.responseId);
      expect(messageText(report!.body)).toContain(`Resent by <@${ADMIN}>`);
      expect(rowOf(report!.body.blocks, 'bob@example.com')).toContain('· joins *Developers*');
    });

    it('the Home tab and the digest show it too', async () => {
      await start();
      await invite(h!, 'bob@example.com', BILLING!.id);
      const opened = await postSignedEvent(`${h!.appUrl}/slack/events`, SECRETS.signingSecret, appHomeOpened(ADMIN, { tab: 'home' }));
      expect(opened.status).toBe(200);
      const view = await h!.slack.waitFor(() =>
        h!.slack
          .callsOf('views.publish')
          .map((c) => c.args.view as { blocks: unknown[] })
          .find((v) => rowOf(v.blocks, 'bob@example.com') !== undefined),
      );
      expect(rowOf(view.blocks, 'bob@example.com')).toContain('· joins *Billing*');

      // A month on the invitation has expired, so the digest lists it; the intent still waits.
      const later = new Date(Date.now() + 30 * 24 * 3600_000);
      expect(await runReminderOnce(h!.config, { logger: new Logger('error', []), now: () => later })).toMatchObject({ kind: 'posted' });
      const digest = await h!.slack.waitFor(() =>
        h!.slack.callsOf('chat.postMessage').find((c) => String(c.args.text).includes('attention')),
      );
      expect(rowOf(digest.args.blocks, 'bob@example.com')).toContain('· joins *Billing*');
    });
  });
});
