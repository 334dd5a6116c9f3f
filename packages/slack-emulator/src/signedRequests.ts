import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { encodeSlackEntities } from './slackEntities';

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
  options: { timestamp?: number; signature?: string; contentType?: string } = {},
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = Date.now();
  const response = await request(url, {
    method: 'POST',
    headers: {
      // Commands and clicks exactly this (Bolt parses JSON for anything else); events are JSON.
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? sign(secret, timestamp, body),
    },
    body,
  });
  return { status: response.statusCode, body: await response.body.text(), elapsedMs: Date.now() - started };
}

/** A slash command as Slack POSTs it; `text` is what the person typed after the command (Slack sends `&`, `<` and `>` escaped). */
export function commandBody(fields: {
  /** The manifest's slash command, e.g. `/hello`. */
  command: string;
  text?: string;
  user_id: string;
  response_url: string;
  team_id: string;
  channel_id?: string;
  api_app_id?: string;
  trigger_id?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id,
    team_domain: 'test',
    channel_id: fields.channel_id ?? 'C0CMDCHAN',
    channel_name: 'ops',
    user_id: fields.user_id,
    user_name: 'someone',
    command: fields.command,
    text: encodeSlackEntities(fields.text ?? ''),
    api_app_id: fields.api_app_id ?? 'A0TESTAPP',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? '123.456.abc',
  }).toString();
}

/** The message a click came from, as the local Slack holds it. */
export interface ClickSource {
  ts: string;
  ephemeral: boolean;
  text: string;
  blocks: unknown[];
}

/**
 * A block_actions payload as Slack sends it. A click on an ephemeral message carries no
 * `message`; a click on a channel message (the digest) carries it.
 */
export function buttonClickBody(fields: {
  user_id: string;
  team_id: string;
  action_id: string;
  value: string;
  response_url: string;
  channel_id?: string;
  /** Set for a click on a channel message (the digest) known only by its ts. */
  message_ts?: string;
  /** The clicked message itself, when the caller has it (the workbench does). */
  source?: ClickSource;
  block_id?: string;
  button_text?: string;
}): string {
  const channel = fields.channel_id ?? 'C0CMDCHAN';
  const source: ClickSource = fields.source ?? {
    ts: fields.message_ts ?? '1700000000.000100',
    ephemeral: fields.message_ts === undefined,
    text: 'digest',
    blocks: [],
  };
  const payload = {
    type: 'block_actions',
    user: { id: fields.user_id, username: 'someone', team_id: fields.team_id },
    api_app_id: 'A0TESTAPP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: source.ts, channel_id: channel, is_ephemeral: source.ephemeral },
    ...(source.ephemeral ? {} : { message: { type: 'message', ts: source.ts, text: source.text, blocks: source.blocks } }),
    // The local Slack reads whose modal a trigger opens from this form.
    trigger_id: `trigger:${fields.user_id}:click`,
    team: { id: fields.team_id, domain: 'test' },
    channel: { id: channel, name: 'ops' },
    response_url: fields.response_url,
    actions: [clickedButton(fields.action_id, fields.value, fields.block_id ?? 'inv:test', fields.button_text)],
    state: { values: {} },
  };
  return interactionBody(payload);
}

/** The one button of a block_actions payload, as Slack describes the click. */
export function clickedButton(actionId: string, value: string, blockId: string, text = 'Resend'): Record<string, unknown> {
  return {
    type: 'button',
    action_id: actionId,
    block_id: blockId,
    text: { type: 'plain_text', text },
    value,
    action_ts: String(Date.now() / 1000),
  };
}

/** Interactivity payloads arrive as one form field, `payload`, holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** What a person typed into a modal: per input block_id, a text value or the ticked checkbox values. */
export type ViewInputs = Record<string, string | null | string[]>;

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

/** Each input block's element action_id, by block_id, from the modal's blocks. */
function actionIdsOf(blocks: unknown): Map<string, string> {
  const ids = new Map<string, string>();
  for (const block of Array.isArray(blocks) ? blocks.map(asObject) : []) {
    const actionId = asObject(block.element).action_id;
    if (block.type === 'input' && typeof block.block_id === 'string' && typeof actionId === 'string') ids.set(block.block_id, actionId);
  }
  return ids;
}

/**
 * A view_submission payload as Slack sends it when a person submits a modal: the view's id,
 * callback_id, hash, private_metadata and blocks, and `state.values[block_id][action_id]` holding
 * `{ value }` for text and e-mail inputs or `{ selected_options }` for checkboxes. Given the
 * modal (`view`, as the local Slack holds it), action_ids come from its input elements; without
 * it, each input's action_id is taken to equal its block_id.
 */
export function viewSubmissionBody(fields: {
  user_id: string;
  team_id: string;
  view_id: string;
  callback_id: string;
  inputs: ViewInputs;
  hash?: string;
  view?: Json;
}): string {
  const actionIds = actionIdsOf(fields.view?.blocks);
  const values: Record<string, Record<string, unknown>> = {};
  for (const [blockId, input] of Object.entries(fields.inputs)) {
    values[blockId] = {
      [actionIds.get(blockId) ?? blockId]: Array.isArray(input)
        ? { type: 'checkboxes', selected_options: input.map((value) => ({ value, text: { type: 'plain_text', text: value } })) }
        : { type: 'plain_text_input', value: input },
    };
  }
  return interactionBody({
    type: 'view_submission',
    team: { id: fields.team_id, domain: 'test' },
    user: { id: fields.user_id, username: 'someone', name: 'someone', team_id: fields.team_id },
    api_app_id: 'A0TESTAPP',
    token: 'deprecated-verification-token',
    trigger_id: `trigger:${fields.user_id}:submit`,
    view: {
      id: fields.view_id,
      team_id: fields.team_id,
      type: 'modal',
      callback_id: fields.callback_id,
      private_metadata: typeof fields.view?.private_metadata === 'string' ? fields.view.private_metadata : '',
      hash: fields.hash ?? 'hash0',
      state: { values },
      blocks: Array.isArray(fields.view?.blocks) ? fields.view.blocks : [],
    },
    response_urls: [],
    is_enterprise_install: false,
  });
}
