import type { KnownBlock, PlainTextOption } from '@slack/types';
import type { GroupRef } from '../domain/groupGrants';
import { section } from './blocks';
import { SELECT_LIMITS, selectInput, selectOption } from './modalInputs';
import { oneLine, truncate, vultrText } from './mrkdwn';

/**
 * The Vultr group a form offers (the invite form, an access request, another group after a
 * failed grant): what joining grants, since an invitation alone grants nothing.
 */

/** The select's value for "no group". Group ids are Vultr's UUIDs, so it can never name one. */
export const NO_GROUP = 'none';

const NO_ACCESS = 'Without a group they join with no access and see “No Active Organization” until someone grants it.';

export type GroupChoices =
  { kind: 'listed'; groups: readonly GroupRef[]; preselected?: GroupRef } | { kind: 'unavailable'; problem: string };

/** A group's name as a select shows it: one line, cut to Slack's option length. */
export const groupOption = (group: GroupRef): PlainTextOption => selectOption(truncate(oneLine(group.name), SELECT_LIMITS.text), group.id);
export const noGroupOption = (): PlainTextOption => selectOption('No group (no access until granted)', NO_GROUP);

/** The group input of a form, or a line saying why there is none. `purpose` says what the group is for. */
export function groupInput(blockId: string, choices: GroupChoices, purpose: string): KnownBlock {
  if (choices.kind === 'unavailable')
    return section(
      `:warning: Vultr’s groups could not be read (${vultrText(choices.problem, 200)}), so no group can be chosen now. ${NO_ACCESS}`,
    );
  if (choices.groups.length === 0)
    return section(`:information_source: This Vultr organization has no groups, so none can be chosen. ${NO_ACCESS}`);
  const options = [noGroupOption(), ...choices.groups.map(groupOption)];
  return selectInput(blockId, 'Group', {
    options,
    external: options.length > SELECT_LIMITS.options,
    ...(choices.preselected ? { initial: groupOption(choices.preselected) } : {}),
    optional: true,
    hint: `${purpose} ${NO_ACCESS}`,
  });
}

/** The options an external select shows for what the person typed (more than 100 groups): matches by name, at most 100. */
export function groupSuggestions(groups: readonly GroupRef[], typed: string): PlainTextOption[] {
  const wanted = typed.trim().toLowerCase();
  const matches = groups.filter((g) => g.name.toLowerCase().includes(wanted));
  return [...(wanted === '' || 'no group'.includes(wanted) ? [noGroupOption()] : []), ...matches.map(groupOption)].slice(
    0,
    SELECT_LIMITS.options,
  );
}

/** The sentence of an outcome that says what happens on acceptance, about the invitee (`them`) or to them (`you`). */
export function groupSentence(group: GroupRef | undefined, person: 'them' | 'you' = 'them'): string {
  const [they, them] = person === 'you' ? ['you', 'you'] : ['they', 'them'];
  return group
    ? `When ${they} accept, the bot adds ${them} to *${vultrText(group.name, 100)}*.`
    : `No group was chosen: ${they} will see “No Active Organization” until someone grants access.`;
}
