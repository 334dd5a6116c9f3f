import type { SlackMessage } from '../../src/views/message';

/** Loose views of Block Kit JSON for assertions (not a test file itself). */

export interface Txt {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  verbatim?: boolean;
  emoji?: boolean;
}

export interface Btn {
  type: 'button';
  action_id: string;
  value: string;
  text: Txt;
  style?: 'primary' | 'danger';
  confirm?: { title: Txt; text: Txt; confirm: Txt; deny: Txt };
}

export interface LooseBlock {
  type: string;
  block_id?: string;
  text?: Txt;
  accessory?: Btn;
  elements?: Array<Btn | Txt>;
}

export const blocksOf = (message: SlackMessage): LooseBlock[] => message.blocks as unknown as LooseBlock[];

export const sectionsOf = (message: SlackMessage): LooseBlock[] => blocksOf(message).filter((b) => b.type === 'section');

/** Sections that show one invitation row (their block_id starts with inv:). */
export const rowsOf = (message: SlackMessage): LooseBlock[] => sectionsOf(message).filter((b) => b.block_id?.startsWith('inv:'));

export const rowFor = (message: SlackMessage, id: string): LooseBlock => {
  const row = rowsOf(message).find((b) => b.block_id?.startsWith(`inv:${id}:`));
  if (!row) throw new Error(`no row for ${id}`);
  return row;
};

/** Every button anywhere in the message (section accessories and actions elements). */
export function buttonsOf(message: SlackMessage): Btn[] {
  const out: Btn[] = [];
  for (const block of blocksOf(message)) {
    if (block.accessory?.type === 'button') out.push(block.accessory);
    for (const el of block.elements ?? []) if (el.type === 'button') out.push(el);
  }
  return out;
}

/** The paging row's buttons (the New invitation row is a block of its own). */
export const navButtons = (message: SlackMessage): Btn[] =>
  blocksOf(message)
    .filter((b) => b.type === 'actions' && b.block_id !== 'invites_create')
    .flatMap((b) => (b.elements ?? []) as Btn[]);

/** Every text object (mrkdwn or plain_text) anywhere in the message, found by walking the JSON. */
export function textObjectsOf(message: SlackMessage): Txt[] {
  const out: Txt[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if ((record.type === 'mrkdwn' || record.type === 'plain_text') && typeof record.text === 'string') {
      out.push(record as unknown as Txt);
    }
    Object.values(record).forEach(walk);
  };
  walk(message.blocks);
  return out;
}

export const mrkdwnOf = (message: SlackMessage): string[] =>
  textObjectsOf(message)
    .filter((t) => t.type === 'mrkdwn')
    .map((t) => t.text);

export const allMrkdwn = (message: SlackMessage): string => [message.text, ...mrkdwnOf(message)].join('\n');

/** The localized date token the views use, with its UTC fallback. */
export const DATE_TOKEN = /<!date\^\d+\^\{date_short\} at \{time\}\|\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC>/;
