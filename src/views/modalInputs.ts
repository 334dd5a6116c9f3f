import type { Checkboxes, ExternalSelect, InputBlock, ModalView, PlainTextOption, StaticSelect } from '@slack/types';
import { truncate } from './mrkdwn';
import type { KnownBlock } from '@slack/types';

/** Builders for modals and their inputs, enforcing Slack's lengths (title 24, submit/close 24). */

export const MODAL_TITLE_MAX = 24;

export function modal(spec: { callbackId: string; title: string; blocks: KnownBlock[]; submit?: string; close?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    title: { type: 'plain_text', text: truncate(spec.title, MODAL_TITLE_MAX) },
    ...(spec.submit ? { submit: { type: 'plain_text', text: truncate(spec.submit, MODAL_TITLE_MAX) } } : {}),
    close: { type: 'plain_text', text: truncate(spec.close ?? 'Cancel', MODAL_TITLE_MAX) },
    blocks: spec.blocks.slice(0, 100),
  };
}

export function emailInput(blockId: string, label: string, initial: string | undefined): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'email_text_input',
      action_id: blockId,
      placeholder: { type: 'plain_text', text: 'name@example.com' },
      ...(initial ? { initial_value: truncate(initial, 254) } : {}),
    },
  };
}

export function textInput(blockId: string, label: string, options: { maxLength: number; multiline?: boolean; hint?: string }): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    ...(options.hint ? { hint: { type: 'plain_text', text: options.hint } } : {}),
    element: { type: 'plain_text_input', action_id: blockId, multiline: options.multiline ?? false, max_length: options.maxLength },
  };
}

/** One optional checkbox, unticked. */
export function checkbox(blockId: string, label: string, optionText: string): InputBlock {
  const option: PlainTextOption = { text: { type: 'plain_text', text: optionText }, value: 'yes' };
  const element: Checkboxes = {
    type: 'checkboxes',
    action_id: blockId,
    options: [option],
  };
  return { type: 'input', block_id: blockId, optional: true, label: { type: 'plain_text', text: label }, element };
}

/** Slack's bounds on a select: options listed at once, and each option's text and value. */
export const SELECT_LIMITS = { options: 100, text: 75, value: 150 } as const;

export function selectOption(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(text, SELECT_LIMITS.text) }, value: value.slice(0, SELECT_LIMITS.value) };
}

/**
 * A single-choice input: a static select of `options` (at most 100), or, when there are more, an
 * external select whose options the app serves as the person types (block_suggestion).
 */
export function selectInput(
  blockId: string,
  label: string,
  spec: { options: PlainTextOption[]; external: boolean; initial?: PlainTextOption; hint?: string; optional?: boolean },
): InputBlock {
  const placeholder = { type: 'plain_text' as const, text: spec.external ? 'Type to search' : 'Choose…' };
  const element: StaticSelect | ExternalSelect = spec.external
    ? {
        type: 'external_select',
        action_id: blockId,
        placeholder,
        min_query_length: 0,
        ...(spec.initial ? { initial_option: spec.initial } : {}),
      }
    : {
        type: 'static_select',
        action_id: blockId,
        placeholder,
        options: spec.options.slice(0, SELECT_LIMITS.options),
        ...(spec.initial ? { initial_option: spec.initial } : {}),
      };
  return {
    type: 'input',
    block_id: blockId,
    optional: spec.optional ?? false,
    label: { type: 'plain_text', text: label },
    ...(spec.hint ? { hint: { type: 'plain_text', text: truncate(spec.hint, 150) } } : {}),
    element,
  };
}
