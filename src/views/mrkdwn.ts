/**
 * Slack treats only &, < and > as control characters in mrkdwn. Every
 * string that comes from a user or from Vultr passes through here before it is shown, so an
 * invited address cannot smuggle in a mention, a link or <!channel>.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function userMention(userId: string): string {
  return `<@${userId}>`;
}

export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}
