import { createHmac } from 'node:crypto';
import { request } from 'undici';

/** Requests signed the way Slack signs them, sent to the app's real HTTP receiver. */

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedResponse {
  status: number;
  body: string;
  elapsedMs: number;
}

export async function postSigned(
  url: string,
  secret: string,
  body: string,
  options: { timestamp?: number; signature?: string } = {},
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = Date.now();
  const response = await request(url, {
    method: 'POST',
    headers: {
      // Exactly this: Bolt parses JSON for anything else.
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(secret, timestamp, body),
    },
    body,
  });
  return { status: response.statusCode, body: await response.body.text(), elapsedMs: Date.now() - started };
}

export function commandBody(fields: { text?: string; user_id: string; response_url: string; team_id: string; channel_id?: string; api_app_id?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id,
    team_domain: 'test',
    channel_id: fields.channel_id ?? 'C0CMDCHAN',
    channel_name: 'ops',
    user_id: fields.user_id,
    user_name: 'someone',
    command: '/invites',
    text: fields.text ?? '',
    api_app_id: fields.api_app_id ?? 'A0TESTAPP',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: '123.456.abc',
  }).toString();
}

/** A block_actions payload as Slack sends it for a click on an ephemeral message: no `message`. */
export function buttonClickBody(fields: {
  user_id: string;
  team_id: string;
  action_id: string;
  value: string;
  response_url: string;
  channel_id?: string;
  /** Set for a click on a channel message (the digest): Slack then includes the message. */
  message_ts?: string;
}): string {
  const channel = fields.channel_id ?? 'C0CMDCHAN';
  const inChannel = fields.message_ts !== undefined;
  const payload = {
    type: 'block_actions',
    user: { id: fields.user_id, username: 'someone', team_id: fields.team_id },
    api_app_id: 'A0TESTAPP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: fields.message_ts ?? '1700000000.000100', channel_id: channel, is_ephemeral: !inChannel },
    ...(inChannel ? { message: { type: 'message', ts: fields.message_ts, text: 'digest', blocks: [] } } : {}),
    trigger_id: '123.456.abc',
    team: { id: fields.team_id, domain: 'test' },
    channel: { id: channel, name: 'ops' },
    response_url: fields.response_url,
    actions: [clickedButton(fields.action_id, fields.value, 'inv:test')],
    state: { values: {} },
  };
  return interactionBody(payload);
}

/** The one button of a block_actions payload, as Slack describes the click. */
export function clickedButton(actionId: string, value: string, blockId: string): Record<string, unknown> {
  return { type: 'button', action_id: actionId, block_id: blockId, text: { type: 'plain_text', text: 'Resend' }, value, action_ts: String(Date.now() / 1000) };
}

/** Interactivity payloads arrive as one form field, `payload`, holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
