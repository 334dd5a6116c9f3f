import type { KnownBlock } from '@slack/types';

/** A message as every surface sends it: the notification text and its blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
