/** The emoji shortcodes the bot's messages use (and a few common ones), as Slack shows them. */
const EMOJI: Record<string, string> = {
  alarm_clock: '⏰',
  envelope_with_arrow: '📩',
  information_source: 'ℹ️',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  red_circle: '🔴',
  white_circle: '⚪',
  no_entry: '⛔',
  tada: '🎉',
  warning: '⚠️',
  white_check_mark: '✅',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  x: '❌',
  email: '📧',
  wave: '👋',
};

/** Replaces known :shortcodes: with their emoji; unknown ones stay as typed, like Slack. */
export function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}
