import { postSigned, TEAM_ID } from '@vultr-invites/slack-emulator';
import { registerAction, type ActionSpec, type PipelineDeps } from '../../src/platform/pipeline/pipeline';
import { AccessPolicy } from '../../src/platform/accessPolicy';
import { ephemeralSurface } from '../../src/platform/surfaces/ephemeral';
import { Logger } from '../../src/util/log';
import { SerialQueue } from '../../src/util/serialQueue';
import { PostAckQueue } from '../../src/platform/postAck';
import { problemMessage } from '../../src/views/problems';
import { ADMIN, MEMBER, messageText, SECRETS, startHarness, type Harness } from '../support/harness';

/**
 * A test-only action ("pick a group"), written the way a new feature would be: one spec, one
 * view, one registration line per element. It sits on a static select and on an overflow menu
 * and runs through the same pipeline as Resend: acknowledged, decoded from the chosen option,
 * authorized, delivered through the response_url, audited.
 */
const pickGroup: ActionSpec<PipelineDeps, string, { group: string }> = {
  name: 'pick_group',
  decode: (raw) => (raw !== undefined && /^group-[a-z]+$/.test(raw) ? raw : null),
  run: (_deps, { value }) => Promise.resolve({ group: value }),
  audit: ({ group }) => ({ outcome: 'picked', routine: true, fields: { group } }),
};
const onList = ephemeralSurface<PipelineDeps, string, { group: string }>('action', 'slash command', ({ now }, _request, { group }) =>
  Promise.resolve({ message: problemMessage(`Picked *${group}* at ${now().toISOString()}`), replace: true }),
);

describe('a menu action on the one action pipeline (test-only action)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    // The audit line is the app's own (its request context); the spec's deps log nothing here.
    const logger = new Logger('info', [], () => undefined);
    const deps: PipelineDeps = {
      access: new AccessPolicy(h.bot.app.client, h.config.access, TEAM_ID, logger),
      logger,
      now: () => new Date('2030-01-01T00:00:00Z'),
      notifyChannel: undefined,
      messageUpdates: new SerialQueue(),
      postAck: new PostAckQueue(),
    };
    registerAction(h.bot.app, deps, 'test_pick_group', pickGroup, onList);
    registerAction(h.bot.app, deps, 'test_row_menu', pickGroup, onList);
  });
  afterAll(() => h.stop());

  /** A block_actions payload for one select or overflow element, as Slack sends it. */
  async function choose(type: 'static_select' | 'overflow', actionId: string, value: string, user = ADMIN) {
    const { url, id } = h.slack.responseUrl();
    const payload = {
      type: 'block_actions',
      user: { id: user, team_id: TEAM_ID },
      api_app_id: 'A0TESTAPP',
      team: { id: TEAM_ID, domain: 'test' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0CMDCHAN', is_ephemeral: true },
      channel: { id: 'C0CMDCHAN', name: 'ops' },
      trigger_id: `trigger:${user}:menu`,
      response_url: url,
      actions: [
        {
          type,
          action_id: actionId,
          block_id: 'menu',
          selected_option: { text: { type: 'plain_text', text: value }, value },
          action_ts: '1',
        },
      ],
      state: { values: {} },
    };
    const ack = await postSigned(
      h.appUrl + '/slack/events',
      SECRETS.signingSecret,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    );
    return { ack, id };
  }

  it.each([
    ['static_select', 'test_pick_group'],
    ['overflow', 'test_row_menu'],
  ] as const)('a %s option reaches the spec and its answer replaces the message', async (type, actionId) => {
    const from = h.logs.length;
    const { ack, id } = await choose(type, actionId, 'group-developers');
    expect(ack.status).toBe(200);
    const [post] = await h.slack.waitForPosts(id);
    expect(messageText(post!.body)).toContain('Picked *group-developers* at 2030-01-01');
    expect(post!.body).toMatchObject({ replace_original: true });
    // The audit line is written after the answer is delivered.
    // The harness is shared by the file: only this click's lines count.
    const lines = () => h.logs.slice(from);
    await h.slack.waitFor(() => lines().some((l) => l.action === 'pick_group' && l.outcome === 'picked'));
    expect(lines()).toContainEqual(
      expect.objectContaining({ event: 'action', action: 'pick_group', outcome: 'picked', group: 'group-developers', user: ADMIN }),
    );
  });

  it('refuses a value the spec cannot decode, and a user the access rules refuse, without running it', async () => {
    const bad = await choose('static_select', 'test_pick_group', '../etc');
    expect(messageText((await h.slack.waitForPosts(bad.id))[0]!.body)).not.toContain('Picked');
    const refused = await choose('overflow', 'test_row_menu', 'group-billing', MEMBER);
    expect(messageText((await h.slack.waitForPosts(refused.id))[0]!.body)).not.toContain('Picked');
    // Each refusal's audit line is written after its answer is delivered.
    const outcomes = () => h.logs.filter((l) => l.action === 'pick_group').map((l) => l.outcome);
    await h.slack.waitFor(() => ['bad_request', 'not_allowed'].every((o) => outcomes().includes(o)));
    expect(outcomes()).toEqual(expect.arrayContaining(['bad_request', 'not_allowed']));
  });
});
