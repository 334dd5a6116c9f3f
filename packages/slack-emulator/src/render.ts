import { escapeHtml } from './html';
import { mrkdwnToHtml, plainToHtml, type RenderContext } from './mrkdwn';
import type { ViewInputs } from './signedRequests';
import { stringOr } from './text';

/**
 * Block Kit to HTML, for the blocks the limit checker knows: header, section (text, fields, button
 * accessory), context, divider, actions, buttons with styles and confirm dialogs. A button
 * carries what a click needs in data- attributes; the page turns a click into block_actions.
 */

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});

/** A text object: mrkdwn or plain_text. */
export function textObjectToHtml(value: unknown, context: RenderContext): string {
  const text = asObject(value);
  const raw = stringOr(text.text);
  return text.type === 'mrkdwn' ? mrkdwnToHtml(raw, context) : plainToHtml(raw, text.emoji !== false);
}

function plainText(value: unknown): string {
  return stringOr(asObject(value).text);
}

function buttonToHtml(value: unknown, blockId: string, context: RenderContext): string {
  const button = asObject(value);
  if (button.type !== 'button') return `<span class="bk-unsupported">[${escapeHtml(String(button.type))}]</span>`;
  const style = button.style === 'primary' || button.style === 'danger' ? ` bk-${button.style}` : '';
  const confirm = button.confirm === undefined ? undefined : asObject(button.confirm);
  const confirmData = confirm
    ? JSON.stringify({
        title: plainText(confirm.title),
        text: plainText(confirm.text),
        confirm: plainText(confirm.confirm) || 'Yes',
        deny: plainText(confirm.deny) || 'Cancel',
        danger: confirm.style === 'danger',
      })
    : undefined;
  const data = [
    ['action-id', stringOr(button.action_id)],
    ['block-id', blockId],
    ['value', stringOr(button.value)],
    ['text', plainText(button.text)],
    ...(confirmData ? [['confirm', confirmData]] : []),
  ]
    .map(([name, v]) => ` data-${name}="${escapeHtml(v ?? '')}"`)
    .join('');
  return `<button type="button" class="bk-button${style}"${data}>${textObjectToHtml(button.text, context)}</button>`;
}

function blockToHtml(value: unknown, index: number, context: RenderContext): string {
  const block = asObject(value);
  // Slack gives blocks without a block_id a generated one; the click payload needs one.
  const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
  switch (block.type) {
    case 'header':
      return `<div class="bk-header">${textObjectToHtml(block.text, context)}</div>`;
    case 'section': {
      const text = block.text === undefined ? '' : `<div class="bk-text">${textObjectToHtml(block.text, context)}</div>`;
      const fields = Array.isArray(block.fields)
        ? `<div class="bk-fields">${block.fields.map((f) => `<div class="bk-field">${textObjectToHtml(f, context)}</div>`).join('')}</div>`
        : '';
      const accessory =
        block.accessory === undefined ? '' : `<div class="bk-accessory">${buttonToHtml(block.accessory, blockId, context)}</div>`;
      return `<div class="bk-section"><div class="bk-section-body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return `<div class="bk-context">${elements.map((e) => `<span>${textObjectToHtml(e, context)}</span>`).join('')}</div>`;
    }
    case 'divider':
      return '<hr class="bk-divider">';
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      return `<div class="bk-actions">${elements.map((e) => buttonToHtml(e, blockId, context)).join('')}</div>`;
    }
    case 'input':
      return inputToHtml(block, blockId, undefined, undefined);
    default:
      return `<div class="bk-unsupported">Unsupported block: ${escapeHtml(String(block.type))}</div>`;
  }
}

/** What a select shows before a choice, unless its element names a placeholder. */
const CHOOSE = 'Choose…';

function optionsToHtml(options: unknown, chosen: string | null): string {
  return (Array.isArray(options) ? options.map(asObject) : [])
    .map((o) => {
      const value = stringOr(o.value);
      return `<option value="${escapeHtml(value)}"${value === chosen ? ' selected' : ''}>${escapeHtml(plainText(o.text))}</option>`;
    })
    .join('');
}

/**
 * A select's choices: an empty first one showing `placeholder` (none when undefined), then the
 * `options` or `option_groups` of `source` (an element, or an app's block_suggestion answer), `chosen` selected.
 */
function choicesToHtml(source: Json, chosen: string | null, placeholder: string | undefined): string {
  const empty = placeholder === undefined ? '' : `<option value="">${escapeHtml(placeholder)}</option>`;
  const groups = Array.isArray(source.option_groups) ? source.option_groups.map(asObject) : [];
  const grouped = groups
    .map((g) => `<optgroup label="${escapeHtml(plainText(g.label))}">${optionsToHtml(g.options, chosen)}</optgroup>`)
    .join('');
  return `${empty}${optionsToHtml(source.options, chosen)}${grouped}`;
}

/** The options an app answered a block_suggestion with, for the page to put into the external select's list. */
export function suggestionsToHtml(answer: Json): string {
  return choicesToHtml(answer, null, CHOOSE);
}

/**
 * A static select as a <select>; an external select as a search box (the page asks the app for
 * options as the person types, after `min_query_length` characters, 3 unless set, as Slack does)
 * over a <select> holding only the chosen option until then. `suggested`: what the app last
 * offered for it, where the text of a chosen external option comes from.
 */
function selectToHtml(element: Json, name: string, typed: ViewInputs[string] | undefined, suggested: readonly Json[]): string {
  const initial = asObject(element.initial_option);
  const chosen = typed === undefined ? (typeof initial.value === 'string' ? initial.value : null) : selectedIn(typed);
  const placeholder = plainText(element.placeholder) || CHOOSE;
  if (element.type === 'static_select') {
    const choices = choicesToHtml(element, chosen, element.initial_option === undefined ? placeholder : undefined);
    return `<select name="${name}">${choices}</select>`;
  }
  const known = [initial, ...suggested].find((o) => chosen !== null && o.value === chosen);
  const minLength = typeof element.min_query_length === 'number' ? element.min_query_length : 3;
  return `<input type="search" class="bk-suggest" placeholder="${escapeHtml(placeholder)}" data-min-query-length="${minLength}"><select name="${name}">${choicesToHtml({ options: known ? [known] : [] }, chosen, placeholder)}</select>`;
}

/** The chosen value in what the person submitted for a select (nothing, if the input was of another kind). */
function selectedIn(typed: ViewInputs[string]): string | null {
  return typeof typed === 'object' && typed !== null && !Array.isArray(typed) ? typed.selected : null;
}

/**
 * A modal's input as a form field named by its block_id (a submission reports it under its
 * element's action_id), with the error Slack would show under it. `typed` is what the person last
 * submitted, shown instead of the initial value, as Slack keeps a form's values when it shows errors.
 */
function inputToHtml(
  block: Json,
  blockId: string,
  error: string | undefined,
  typed: ViewInputs[string] | undefined,
  suggested: readonly Json[] = [],
): string {
  const element = asObject(block.element);
  const name = escapeHtml(blockId);
  const initial = escapeHtml(typed === undefined ? stringOr(element.initial_value) : typeof typed === 'string' ? typed : '');
  const max = typeof element.max_length === 'number' ? ` maxlength="${element.max_length}"` : '';
  let field: string;
  if (element.type === 'checkboxes') {
    const options = Array.isArray(element.options) ? element.options.map(asObject) : [];
    const initialOptions = Array.isArray(element.initial_options) ? element.initial_options.map((o) => stringOr(asObject(o).value)) : [];
    const ticked = Array.isArray(typed) ? typed : initialOptions;
    field = options
      .map((o) => {
        const value = stringOr(o.value);
        return `<label class="bk-check"><input type="checkbox" name="${name}" value="${escapeHtml(value)}"${ticked.includes(value) ? ' checked' : ''}> ${escapeHtml(plainText(o.text))}</label>`;
      })
      .join('');
  } else if (element.type === 'static_select' || element.type === 'external_select') {
    field = selectToHtml(element, name, typed, suggested);
  } else if (element.multiline === true) {
    field = `<textarea name="${name}" rows="4"${max}>${initial}</textarea>`;
  } else {
    field = `<input type="${element.type === 'email_text_input' ? 'email' : 'text'}" name="${name}" value="${initial}"${max}>`;
  }
  const hint = block.hint === undefined ? '' : `<div class="muted small">${escapeHtml(plainText(block.hint))}</div>`;
  const problem = error ? `<div class="bk-input-error">${escapeHtml(error)}</div>` : '';
  return `<div class="bk-input" data-block-id="${name}"><label class="bk-label">${escapeHtml(plainText(block.label))}${block.optional === true ? ' <span class="muted">(optional)</span>' : ''}</label>${field}${hint}${problem}</div>`;
}

/**
 * A modal: title, blocks with their field errors and what was typed, and its buttons; `data-view-id`
 * ties a submit to the view. `suggested`: the options the app last offered each external select, by block_id.
 */
export function modalToHtml(
  id: string,
  view: Json,
  context: RenderContext,
  typed: ViewInputs = {},
  suggested: Record<string, readonly Json[]> = {},
): string {
  const errors = asObject(view.errors);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const body = blocks
    .map((raw, index) => {
      const block = asObject(raw);
      const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
      return block.type === 'input'
        ? inputToHtml(block, blockId, typeof errors[blockId] === 'string' ? errors[blockId] : undefined, typed[blockId], suggested[blockId])
        : blockToHtml(block, index, context);
    })
    .join('');
  const submit =
    view.submit === undefined ? '' : `<button type="submit" class="bk-button bk-primary">${escapeHtml(plainText(view.submit))}</button>`;
  return `<form class="bk-modal" data-view-id="${escapeHtml(id)}"><h2>${escapeHtml(plainText(view.title))}</h2>${body}<div class="confirm-buttons"><button type="button" class="bk-button modal-close">${escapeHtml(plainText(view.close) || 'Close')}</button>${submit}</div></form>`;
}

export function blocksToHtml(blocks: readonly unknown[], context: RenderContext): string {
  return blocks.map((block, index) => blockToHtml(block, index, context)).join('');
}

/** A message: its blocks, or its text when it has none (as Slack shows it). */
export function messageToHtml(message: { text: string; blocks: readonly unknown[] }, context: RenderContext): string {
  return message.blocks.length > 0
    ? blocksToHtml(message.blocks, context)
    : `<div class="bk-text">${mrkdwnToHtml(message.text, context)}</div>`;
}
