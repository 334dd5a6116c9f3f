import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  SectionBlock,
  StaticSelect,
} from '@slack/types';
import { truncate, truncateMrkdwn } from './mrkdwn';

/** Tiny typed builders that enforce Block Kit's length limits where they apply. */

export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerHomeTab: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  blockId: 255,
  messageText: 4000,
} as const;

export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true } };
}

export function section(mrkdwn: string, options: { blockId?: string; accessory?: Button } = {}): SectionBlock {
  return {
    type: 'section',
    ...(options.blockId ? { block_id: truncate(options.blockId, LIMITS.blockId) } : {}),
    text: { type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, LIMITS.sectionText), verbatim: true },
    ...(options.accessory ? { accessory: options.accessory } : {}),
  };
}

/**
 * Lines packed into as few sections as fit Slack's 3000 characters each, never splitting a
 * line (a cut line could end inside a date token or a mention).
 */
export function sectionsOf(lines: readonly string[]): SectionBlock[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncateMrkdwn(raw, LIMITS.sectionText);
    if (current !== '' && current.length + 1 + line.length > LIMITS.sectionText) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') chunks.push(current);
  return chunks.map((text) => section(text));
}

export function context(...mrkdwn: string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: truncateMrkdwn(text, LIMITS.sectionText), verbatim: true })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function actions(blockId: string, elements: Array<Button | StaticSelect>): ActionsBlock {
  return { type: 'actions', block_id: truncate(blockId, LIMITS.blockId), elements: elements.slice(0, 25) };
}

export interface ButtonSpec {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmationDialog;
}

export function button(spec: ButtonSpec): Button {
  if (spec.value.length > LIMITS.buttonValue) throw new Error(`button value for ${spec.actionId} is too long`);
  return {
    type: 'button',
    action_id: spec.actionId,
    text: { type: 'plain_text', text: truncate(spec.text, LIMITS.buttonText), emoji: true },
    value: spec.value,
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm ? { confirm: spec.confirm } : {}),
  };
}

export function confirmDialog(spec: { title: string; text: string; confirm: string; deny?: string }): ConfirmationDialog {
  return {
    title: { type: 'plain_text', text: truncate(spec.title, LIMITS.confirmTitle) },
    text: { type: 'plain_text', text: truncate(spec.text, LIMITS.confirmText) },
    confirm: { type: 'plain_text', text: truncate(spec.confirm, LIMITS.confirmButton) },
    deny: { type: 'plain_text', text: truncate(spec.deny ?? 'Cancel', LIMITS.confirmButton) },
  };
}
