import { TEAM_ID, BOT_USER_ID } from './localSlack';
import { clickedButton, interactionBody, postSigned, type SignedResponse } from './signedRequests';

/**
 * Events API deliveries and App Home clicks, signed the way Slack signs them. Events arrive as
 * JSON (an `event_callback` envelope), not form-encoded like commands and clicks.
 */

/** `channel`: the app's DM with the person, where its Messages tab is. */
export function appHomeOpened(user: string, options: { tab?: 'home' | 'messages'; channel?: string } = {}): Record<string, unknown> {
  const event_ts = String(Date.now() / 1000);
  return { type: 'app_home_opened', user, channel: options.channel ?? 'D0HOMECHAN', tab: options.tab ?? 'home', event_ts };
}

let eventCounter = 0;

export async function postSignedEvent(
  url: string,
  secret: string,
  event: Record<string, unknown>,
  options: { teamId?: string } = {},
): Promise<SignedResponse> {
  const teamId = options.teamId ?? TEAM_ID;
  const body = JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0TESTAPP',
    event,
    type: 'event_callback',
    event_id: `Ev0TEST${String(++eventCounter).padStart(5, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
  return postSigned(url, secret, body, { contentType: 'application/json' });
}

/** A block_actions payload for a click in the Home tab: container type "view", no response_url, no channel. */
export function homeClickBody(fields: { user_id: string; action_id: string; value: string; team_id?: string }): string {
  const teamId = fields.team_id ?? TEAM_ID;
  const payload = {
    type: 'block_actions',
    user: { id: fields.user_id, username: 'someone', team_id: teamId },
    api_app_id: 'A0TESTAPP',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: 'V0HOMEVIEW' },
    trigger_id: `trigger:${fields.user_id}:home`,
    team: { id: teamId, domain: 'test' },
    is_enterprise_install: false,
    view: {
      id: 'V0HOMEVIEW',
      team_id: teamId,
      type: 'home',
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash: '1700000000.abcdef12',
      app_id: 'A0TESTAPP',
      bot_id: 'B0BOT',
    },
    actions: [clickedButton(fields.action_id, fields.value, 'home:test')],
    state: { values: {} },
  };
  return interactionBody(payload);
}
