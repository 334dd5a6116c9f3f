/**
 * Slack sends &, < and > escaped inside text (a slash command's text, mrkdwn) and decodes only
 * these three entities; both directions live here so the request builders and the renderer agree.
 */

export function encodeSlackEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function decodeSlackEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
