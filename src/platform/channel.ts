import type { WebClient } from '@slack/web-api';

/** What a channel is, for deciding whether the bot can post there (conversations.info, nothing posted). */
export interface ChannelFacts {
  name: string | undefined;
  isDirectMessage: boolean;
  isPrivate: boolean;
  isArchived: boolean;
  botIsMember: boolean;
}

/** conversations.info reduced to what deciding "can the bot post here?" needs; Slack's refusal is thrown as it came. */
export async function readChannel(client: WebClient, id: string): Promise<ChannelFacts> {
  const { channel } = await client.conversations.info({ channel: id });
  return {
    name: channel?.name,
    isDirectMessage: channel?.is_im === true || channel?.is_mpim === true,
    isPrivate: channel?.is_private === true,
    isArchived: channel?.is_archived === true,
    botIsMember: channel?.is_member === true,
  };
}
