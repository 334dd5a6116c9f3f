import { plural } from '../util/plural';
import type { SectionBlock } from '@slack/types';
import type { ListGaps } from '../domain/directory';
import { section } from './blocks';
import { escapeMrkdwn, truncate } from './mrkdwn';

/**
 * What a list lacks, said plainly above it (the `/invites` message, the Home tab, the digest):
 * invitations Vultr sent malformed, and a list that stopped before its end.
 */
export function gapsText(gaps: ListGaps | undefined): string | undefined {
  if (gaps === undefined) return undefined;
  const lines: string[] = [];
  if (gaps.incomplete) {
    lines.push(
      `:warning: *Incomplete list:* showing what the first ${gaps.incomplete.read} invitations Vultr listed hold, because ${escapeMrkdwn(
        truncate(gaps.incomplete.reason, 200),
      )}. Pending invitations past them are not shown.`,
    );
  }
  if (gaps.skipped > 0) {
    const rows = plural(gaps.skipped, 'invitation');
    lines.push(
      `:warning: ${rows} in Vultr's answer could not be read (malformed data) and ${gaps.skipped === 1 ? 'is' : 'are'} left out; the bot's logs name ${gaps.skipped === 1 ? 'it' : 'them'}.`,
    );
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The gaps as a block, or nothing when the list is whole. */
export function gapsBlocks(gaps: ListGaps | undefined): SectionBlock[] {
  const text = gapsText(gaps);
  return text === undefined ? [] : [section(text)];
}

/** "At least" when the list stopped early: its count is a floor, not a total. */
export function countPrefix(gaps: ListGaps | undefined): string {
  return gaps?.incomplete ? 'At least ' : '';
}
