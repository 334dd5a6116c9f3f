/**
 * Cutting text without cutting a character in half. `String.prototype.slice` counts UTF-16 code
 * units, so it can split an emoji's surrogate pair (Slack then gets a lone surrogate) or a
 * flag, skin tone or ZWJ sequence. Lengths stay in code units: that is what `.length` and
 * every limit check in this project measure, and never less than what Slack counts.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of `text`, in order. */
export function charactersOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/** The longest start of `text` made of whole characters and at most `max` code units long. */
export function sliceWhole(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return text.slice(0, end);
}
