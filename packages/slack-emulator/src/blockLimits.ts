import { stringOr } from './text';
/**
 * Block Kit's limits, checked the way Slack checks them before it accepts a message or view:
 * a violation refuses the whole payload with `invalid_blocks` and says what and where. The
 * local Slack runs every message and view through this, so a message that breaks a limit fails
 * in the tests and in the demo instead of in production.
 */

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  messageText: 40_000,
  /** A static select's options or option_groups, each group's options, an external select's suggestions. */
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  groupLabel: 75,
  placeholder: 150,
} as const;

export type Surface = 'message' | 'home' | 'modal';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const textOf = (value: unknown): string => stringOr(asObject(value).text);

/** Every violation, each as "what [at where]"; empty when Slack would accept the blocks. */
export function blockProblems(blocks: unknown, surface: Surface): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array [json-pointer:/blocks]'];
  const problems: string[] = [];
  const max = surface === 'message' ? BLOCK_LIMITS.messageBlocks : BLOCK_LIMITS.viewBlocks;
  if (blocks.length > max) problems.push(`no more than ${max} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((raw, index) => {
    const block = asObject(raw);
    const at = `/blocks/${index}`;
    const tooLong = (text: string, limit: number, where: string) => {
      if (text.length > limit) problems.push(`must be less than ${limit + 1} characters [json-pointer:${at}${where}]`);
    };
    if (typeof block.block_id === 'string') {
      tooLong(block.block_id, BLOCK_LIMITS.id, '/block_id');
      if (blockIds.has(block.block_id)) problems.push(`block_id must be unique: ${block.block_id} [json-pointer:${at}/block_id]`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        tooLong(textOf(block.text), BLOCK_LIMITS.headerText, '/text/text');
        break;
      case 'section': {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (block.text === undefined && fields.length === 0) problems.push(`section needs text or fields [json-pointer:${at}]`);
        tooLong(textOf(block.text), BLOCK_LIMITS.sectionText, '/text/text');
        if (fields.length > BLOCK_LIMITS.sectionFields)
          problems.push(`no more than ${BLOCK_LIMITS.sectionFields} items allowed [json-pointer:${at}/fields]`);
        fields.forEach((field, f) => tooLong(textOf(field), BLOCK_LIMITS.fieldText, `/fields/${f}/text`));
        if (block.accessory !== undefined) problems.push(...elementProblems(block.accessory, `${at}/accessory`));
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length > BLOCK_LIMITS.contextElements)
          problems.push(`no more than ${BLOCK_LIMITS.contextElements} items allowed [json-pointer:${at}/elements]`);
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length > BLOCK_LIMITS.actionsElements)
          problems.push(`no more than ${BLOCK_LIMITS.actionsElements} items allowed [json-pointer:${at}/elements]`);
        const actionIds = new Set<string>();
        elements.forEach((element, e) => {
          problems.push(...elementProblems(element, `${at}/elements/${e}`));
          const actionId = asObject(element).action_id;
          if (typeof actionId !== 'string') return;
          if (actionIds.has(actionId))
            problems.push(`action_id must be unique within a block: ${actionId} [json-pointer:${at}/elements/${e}/action_id]`);
          actionIds.add(actionId);
        });
        break;
      }
      case 'input':
        problems.push(...elementProblems(block.element, `${at}/element`));
        break;
      case 'divider':
        break;
      default:
        problems.push(`unsupported block type ${String(block.type)} [json-pointer:${at}/type]`);
    }
  });
  return problems;
}

const tooLongAt = (text: string, limit: number, pointer: string): string[] =>
  text.length > limit ? [`must be less than ${limit + 1} characters [json-pointer:${pointer}]`] : [];
const tooManyAt = (items: readonly unknown[], limit: number, pointer: string): string[] =>
  items.length > limit ? [`no more than ${limit} items allowed [json-pointer:${pointer}]`] : [];

function elementProblems(raw: unknown, at: string): string[] {
  const element = asObject(raw);
  switch (element.type) {
    case 'button':
      return buttonProblems(element, at);
    case 'static_select':
      return [
        ...((element.options === undefined) === (element.option_groups === undefined)
          ? [`must provide exactly one of options, option_groups [json-pointer:${at}]`]
          : []),
        ...optionListProblems(element, at),
        ...placeholderProblems(element, at),
      ];
    case 'external_select':
      return placeholderProblems(element, at);
    default:
      return [];
  }
}

const placeholderProblems = (element: Json, at: string): string[] =>
  tooLongAt(textOf(element.placeholder), BLOCK_LIMITS.placeholder, `${at}/placeholder/text`);

function buttonProblems(element: Json, at: string): string[] {
  const problems = [
    ...tooLongAt(textOf(element.text), BLOCK_LIMITS.buttonText, `${at}/text/text`),
    ...tooLongAt(stringOr(element.value), BLOCK_LIMITS.buttonValue, `${at}/value`),
    ...tooLongAt(stringOr(element.action_id), BLOCK_LIMITS.id, `${at}/action_id`),
  ];
  if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
    problems.push(`must be one of primary, danger [json-pointer:${at}/style]`);
  }
  if (element.confirm !== undefined) {
    const confirm = asObject(element.confirm);
    problems.push(
      ...tooLongAt(textOf(confirm.title), BLOCK_LIMITS.confirmTitle, `${at}/confirm/title/text`),
      ...tooLongAt(textOf(confirm.text), BLOCK_LIMITS.confirmText, `${at}/confirm/text/text`),
      ...tooLongAt(textOf(confirm.confirm), BLOCK_LIMITS.confirmButton, `${at}/confirm/confirm/text`),
      ...tooLongAt(textOf(confirm.deny), BLOCK_LIMITS.confirmButton, `${at}/confirm/deny/text`),
    );
  }
  return problems;
}

/**
 * The `options` or `option_groups` of a static select, or of an app's answer to a
 * block_suggestion (`at` ''): at most 100 of each, short texts, labels and values.
 */
export function optionListProblems(source: Json, at: string): string[] {
  const options = (list: unknown, pointer: string): string[] => {
    const items = Array.isArray(list) ? list.map(asObject) : [];
    return [
      ...tooManyAt(items, BLOCK_LIMITS.selectOptions, pointer),
      ...items.flatMap((option, o) => [
        ...tooLongAt(textOf(option.text), BLOCK_LIMITS.optionText, `${pointer}/${o}/text/text`),
        ...tooLongAt(stringOr(option.value), BLOCK_LIMITS.optionValue, `${pointer}/${o}/value`),
      ]),
    ];
  };
  const groups = Array.isArray(source.option_groups) ? source.option_groups.map(asObject) : [];
  return [
    ...options(source.options, `${at}/options`),
    ...tooManyAt(groups, BLOCK_LIMITS.selectOptions, `${at}/option_groups`),
    ...groups.flatMap((group, g) => [
      ...tooLongAt(textOf(group.label), BLOCK_LIMITS.groupLabel, `${at}/option_groups/${g}/label/text`),
      ...options(group.options, `${at}/option_groups/${g}/options`),
    ]),
  ];
}

/** A message: its blocks and its top-level text. */
export function messageProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems = blockProblems(message.blocks, 'message');
  if (typeof message.text === 'string' && message.text.length > BLOCK_LIMITS.messageText)
    problems.push('msg_too_long [json-pointer:/text]');
  return problems;
}
