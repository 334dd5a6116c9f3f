import type { GroupRef } from '../domain/groupGrants';
import type { RequestCard } from '../domain/requestCards';
import type { InvitesDeps } from '../deps';
import type { ActionSpec } from '../platform/pipeline/pipeline';
import type { ChannelScreen } from '../platform/surfaces/channelMessage';
import { decodeCardGroup, renderApprovalCard } from '../views/accessRequest';
import { problemMessage } from '../views/problems';

type CardGroupChoice = { cardId: string; groupId: string | null };

/** What choosing a group on an open card came to. */
export type CardGroupOutcome =
  | { kind: 'changed'; card: RequestCard; groups: readonly GroupRef[] }
  /** No such card, another message's, or no longer open (being decided, or decided). */
  | { kind: 'unknown_card' | 'card_mismatch' | 'not_open' }
  /** The option names none of the organization's groups (forged, or the group was deleted). */
  | { kind: 'bad_group' }
  | { kind: 'self_decision' }
  | { kind: 'groups_unreadable' };

/**
 * The group select on an open approval card: an approver changes the group the request asks for
 * before approving (the requester may not). The group must be one of the organization's; the
 * card's record changes only while it is open (compare-and-set), and the card is redrawn for everyone.
 */
export const chooseCardGroup: ActionSpec<InvitesDeps, CardGroupChoice, CardGroupOutcome> = {
  name: 'request_group',
  notAllowed: 'not_an_approver',
  decode: decodeCardGroup,
  async run(deps, click) {
    const { cardId, groupId } = click.value;
    const seen = await deps.cards.get(cardId);
    if (seen?.request.requester === click.user) return { kind: 'self_decision' };
    const groups = await deps.groups.list().catch(() => null);
    if (groups === null) return { kind: 'groups_unreadable' };
    const group = groupId === null ? undefined : groups.find((g) => g.id === groupId);
    if (groupId !== null && group === undefined) return { kind: 'bad_group' };
    const changed = await deps.cards.setGroup(cardId, { channel: click.channel, ts: click.messageTs }, group);
    return changed.kind === 'changed' ? { ...changed, groups } : changed;
  },
  audit(outcome, { value }) {
    const fields = { card: value.cardId, group_id: value.groupId };
    return { outcome: outcome.kind, routine: outcome.kind === 'changed', fields };
  },
};

const REFUSED: Record<Exclude<CardGroupOutcome['kind'], 'changed'>, string> = {
  unknown_card: ':warning: This request card is not one the bot knows (any more). Nothing was changed.',
  card_mismatch: ':warning: This request card is not one the bot knows (any more). Nothing was changed.',
  not_open: ':information_source: This request is being decided or is decided already, so its group stays as it is.',
  bad_group: ':warning: That is not one of your organization’s Vultr groups (any more). Nothing was changed.',
  self_decision: ':no_entry: You cannot change the group of your own request; the approver does.',
  groups_unreadable: ':warning: Vultr’s groups could not be read to check this choice. Nothing was changed; try again in a minute.',
};

/** The card redrawn with its new group for everyone; a refusal only to the person who chose. */
export const cardGroupChosen: ChannelScreen<InvitesDeps, CardGroupChoice, CardGroupOutcome> = (_deps, _request, outcome) => {
  if (outcome.kind !== 'changed') return Promise.resolve({ tell: problemMessage(REFUSED[outcome.kind]) });
  const update = renderApprovalCard(outcome.card, undefined, outcome.groups);
  return Promise.resolve({
    update,
    otherwise: (slackError: string) =>
      problemMessage(`The group was changed, but the card could not be redrawn (Slack said \`${slackError}\`).`),
  });
};
