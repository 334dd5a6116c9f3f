import { createHmac } from 'node:crypto';
import { request } from 'undici';
import { inputElementsOf, listedOptions, optionText } from './inputs';
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

/** A select's chosen option, by its value; null when nothing is chosen. */
export interface SelectInput {
  selected: string | null;
}

/** What a person typed into a modal: per input block_id, a text value, the ticked checkbox values or a select's choice. */
export type ViewInputs = Record<string, string | null | string[] | SelectInput>;

type Json = Record<string, unknown>;

/** A plain_text option object, as Slack reports a chosen one. */
const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

/** One input's `state.values[block_id][action_id]`, its option texts taken from what the element (or the app, for an external select) offered. */
function stateValue(input: ViewInputs[string], element: Json, suggested: readonly Json[]): Json {
  const known = [
    ...listedOptions(element),
    ...(typeof element.initial_option === 'object' ? [element.initial_option as Json] : []),
    ...suggested,
  ];
  if (Array.isArray(input)) return { type: 'checkboxes', selected_options: input.map((value) => option(optionText(known, value), value)) };
  if (input === null || typeof input === 'string') return { type: 'plain_text_input', value: input };
  return {
    type: element.type === 'external_select' ? 'external_select' : 'static_select',
    selected_option: input.selected === null ? null : option(optionText(known, input.selected), input.selected),
  };
}

/** The modal as Slack describes it in interaction payloads (the local Slack's copy gives its callback_id, private_metadata and blocks). */
function viewPayload(fields: { team_id: string; view_id: string; view?: Json }, values: Json, hash: string): Json {
  return {
    id: fields.view_id,
    team_id: fields.team_id,
    type: 'modal',
    callback_id: typeof fields.view?.callback_id === 'string' ? fields.view.callback_id : '',
    private_metadata: typeof fields.view?.private_metadata === 'string' ? fields.view.private_metadata : '',
    hash,
    state: { values },
    blocks: Array.isArray(fields.view?.blocks) ? fields.view.blocks : [],
  };
}

/** Who the person is and where, as every interaction payload says it. */
function interactionParty(userId: string, teamId: string): Json {
  return {
    team: { id: teamId, domain: 'test' },
    user: { id: userId, username: 'someone', name: 'someone', team_id: teamId },
    api_app_id: 'A0TESTAPP',
    token: 'deprecated-verification-token',
  };
}

/**
 * A view_submission payload as Slack sends it when a person submits a modal: the view's id,
 * callback_id, hash, private_metadata and blocks, and `state.values[block_id][action_id]` holding
 * `{ value }` for text and e-mail inputs, `{ selected_options }` for checkboxes or
 * `{ selected_option }` for a static or external select. Given the modal (`view`, as the local
 * Slack holds it), action_ids, select types and option texts come from its input elements (and,
 * for external selects, from `suggested`: the options the app last offered, by block_id); without
 * it, each input's action_id is taken to equal its block_id and an option's text its value.
 */
export function viewSubmissionBody(fields: {
  user_id: string;
  team_id: string;
  view_id: string;
  callback_id: string;
  inputs: ViewInputs;
  hash?: string;
  view?: Json;
  suggested?: Record<string, readonly Json[]>;
}): string {
  const elements = inputElementsOf(fields.view?.blocks);
  const values: Record<string, Json> = {};
  for (const [blockId, input] of Object.entries(fields.inputs)) {
    const element = elements.get(blockId) ?? {};
    const actionId = typeof element.action_id === 'string' ? element.action_id : blockId;
    values[blockId] = { [actionId]: stateValue(input, element, fields.suggested?.[blockId] ?? []) };
  }
  return interactionBody({
    type: 'view_submission',
    ...interactionParty(fields.user_id, fields.team_id),
    trigger_id: `trigger:${fields.user_id}:submit`,
    view: { ...viewPayload(fields, values, fields.hash ?? 'hash0'), callback_id: fields.callback_id },
    response_urls: [],
    is_enterprise_install: false,
  });
}

/**
 * A block_suggestion payload as Slack sends it while a person types `value` into a modal's
 * external select: the app answers in its ack with `{ options }` or `{ option_groups }`.
 */
export function blockSuggestionBody(fields: {
  user_id: string;
  team_id: string;
  action_id: string;
  block_id: string;
  value: string;
  view_id: string;
  view?: Json;
}): string {
  return interactionBody({
    type: 'block_suggestion',
    ...interactionParty(fields.user_id, fields.team_id),
    action_id: fields.action_id,
    block_id: fields.block_id,
    value: fields.value,
    container: { type: 'view', view_id: fields.view_id },
    view: viewPayload(fields, {}, 'hash0'),
  });
}
