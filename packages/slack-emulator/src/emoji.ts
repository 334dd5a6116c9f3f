/**
 * Slack's short-codes for the emoji apps commonly put in messages, as Slack shows them. Not all
 * of Slack's; an app's tests can check that every short-code it uses is here (see plainToHtml).
 */
const EMOJI: Record<string, string> = {
  '+1': '👍',
  alarm_clock: '⏰',
  bell: '🔔',
  bulb: '💡',
  calendar: '📆',
  clipboard: '📋',
  email: '📧',
  envelope_with_arrow: '📩',
  eyes: '👀',
  gear: '⚙️',
  heavy_check_mark: '✔️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  incoming_envelope: '📨',
  information_source: 'ℹ️',
  key: '🔑',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  lock: '🔒',
  mag: '🔍',
  memo: '📝',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  raising_hand: '🙋',
  red_circle: '🔴',
  rocket: '🚀',
  sparkles: '✨',
  tada: '🎉',
  thumbsup: '👍',
  warning: '⚠️',
  wave: '👋',
  white_check_mark: '✅',
  white_circle: '⚪',
  x: '❌',
};

/** Replaces known :shortcodes: with their emoji; unknown ones stay as typed, like Slack. */
export function replaceEmoji(text: string): string {
  // Own keys only: `:constructor:` is not an emoji.
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => (Object.hasOwn(EMOJI, name) ? (EMOJI[name] as string) : whole));
}
