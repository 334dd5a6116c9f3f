import { stringOr } from './text';

/**
 * A modal's input elements and the options its selects offer, shared by the submission payload
 * (which reports an option's text), the page (which lists the options) and the limit checker.
 */

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null ? (value as Json) : {});
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asObject) : []);

/** Each input block's element, by block_id, from a modal's blocks. */
export function inputElementsOf(blocks: unknown): Map<string, Json> {
  const elements = new Map<string, Json>();
  for (const block of objects(blocks)) {
    if (block.type === 'input' && typeof block.block_id === 'string') elements.set(block.block_id, asObject(block.element));
  }
  return elements;
}

/** Every option a select (or an app's answer to a block_suggestion) lists: its `options`, else those of its `option_groups`. */
export function listedOptions(source: Json): Json[] {
  return [...objects(source.options), ...objects(source.option_groups).flatMap((group) => objects(group.options))];
}

/** The text of the option carrying `value`; the value itself when no option is known (a caller that passed no view). */
export function optionText(options: readonly Json[], value: string): string {
  const option = options.find((o) => o.value === value);
  return option ? stringOr(asObject(option.text).text) : value;
}
