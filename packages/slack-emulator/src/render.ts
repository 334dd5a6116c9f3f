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

/**
 * A modal's input as a form field named by its block_id (a submission reports it under its
 * element's action_id), with the error Slack would show under it. `typed` is what the person last
 * submitted, shown instead of the initial value, as Slack keeps a form's values when it shows errors.
 */
function inputToHtml(block: Json, blockId: string, error: string | undefined, typed: ViewInputs[string] | undefined): string {
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
  } else if (element.multiline === true) {
    field = `<textarea name="${name}" rows="4"${max}>${initial}</textarea>`;
  } else {
    field = `<input type="${element.type === 'email_text_input' ? 'email' : 'text'}" name="${name}" value="${initial}"${max}>`;
  }
  const hint = block.hint === undefined ? '' : `<div class="muted small">${escapeHtml(plainText(block.hint))}</div>`;
  const problem = error ? `<div class="bk-input-error">${escapeHtml(error)}</div>` : '';
  return `<div class="bk-input" data-block-id="${name}"><label class="bk-label">${escapeHtml(plainText(block.label))}${block.optional === true ? ' <span class="muted">(optional)</span>' : ''}</label>${field}${hint}${problem}</div>`;
}

/** A modal: title, blocks with their field errors and what was typed, and its buttons; `data-view-id` ties a submit to the view. */
export function modalToHtml(id: string, view: Json, context: RenderContext, typed: ViewInputs = {}): string {
  const errors = asObject(view.errors);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  const body = blocks
    .map((raw, index) => {
      const block = asObject(raw);
      const blockId = typeof block.block_id === 'string' ? block.block_id : `b${index}`;
      return block.type === 'input'
        ? inputToHtml(block, blockId, typeof errors[blockId] === 'string' ? errors[blockId] : undefined, typed[blockId])
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
