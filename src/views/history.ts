import type { KnownBlock } from '@slack/types';
import type { AuditRecord } from '../coordination/auditLog';
import { BOT_ACTOR, VULTR_ACTOR, type HistoryPage } from '../domain/history';
import { ACTION_HISTORY_OLDER, encodeHistoryValue } from './actionPayloads';
import { actions, button, context, divider, section, sectionsOf } from './blocks';
import { slackDate } from './dates';
import type { SlackMessage } from './message';
import { escapeMrkdwn, userMention, vultrText } from './mrkdwn';
import { problemMessage, renderUnexpected, vultrFailureText } from './problems';
import { StoreUnavailableError } from '../coordination/coordination';

/** Slack user ids are mentioned; anything else (a stored value is data, not markup) is shown as text. */
const SLACK_USER = /^[UW][A-Z0-9]{2,20}$/;

function actorText(actor: string): string {
  if (actor === BOT_ACTOR) return 'The watcher';
  if (actor === VULTR_ACTOR) return 'Vultr';
  return SLACK_USER.test(actor) ? userMention(actor) : vultrText(actor, 40);
}

/** What the bot did, in words: the usual outcomes as sentences, anything else as action and outcome. */
function phrase(record: AuditRecord): string {
  const who = actorText(record.actor);
  const address = record.address === undefined ? '' : `*${vultrText(record.address, 254)}*`;
  switch (`${record.action}:${record.outcome}`) {
    case 'accepted:accepted':
      return `:white_check_mark: ${address} accepted the invitation${record.actor === VULTR_ACTOR ? ' (as Vultr lists it)' : ''}`;
    case 'expired:expired':
      return `:hourglass: The invitation to ${address} expired`;
    case 'resend:sent':
      return `:envelope_with_arrow: ${who} resent the invitation to ${address}`;
    case 'create:created':
      return `:incoming_envelope: ${who} invited ${address}`;
    case 'request:requested':
      return `:raising_hand: ${who} asked for an invitation for ${address}`;
    case 'approve:approved':
      return `:white_check_mark: ${who} approved the request for ${address}`;
    case 'grant:granted':
      return `:white_check_mark: ${address} was added to their group`;
    case 'grant:failed':
      return `:warning: ${address} could not be added to their group`;
    case 'grant:expired':
      return `:hourglass: ${address} was not added to their group within 7 days`;
    case 'deny:denied':
      return `:no_entry_sign: ${who} denied the request for ${address}`;
    default:
      return `:memo: ${who} · ${vultrText(record.action, 40)}${address ? ` ${address}` : ''} · \`${vultrText(record.outcome, 100)}\``;
  }
}

/** A record's detail as text, the Slack user ids in it (`requested by U…`) as mentions. */
function detailText(detail: string): string {
  return detail
    .split(/\b([UW][A-Z0-9]{8,20})\b/)
    .map((part, i) => (i % 2 === 1 ? userMention(part) : vultrText(part, 200)))
    .join('');
}

/** One history line (mrkdwn, escaped): when, and what happened. */
export function historyLine(record: AuditRecord): string {
  const detail = record.detail === undefined ? '' : ` _(${detailText(record.detail)})_`;
  return `${slackDate(new Date(record.at))} · ${phrase(record)}${detail}`;
}

export interface HistoryModel {
  page: HistoryPage;
  filter: string;
  historyDays: number;
}

const filterLabel = (filter: string) => (filter === '' ? '' : ` matching “${escapeMrkdwn(filter)}”`);

/**
 * `/invites history [TEXT]`: one page, newest first, with an **Older** button while there is
 * more. At most 20 records and 20 acceptances: 40 lines plus five blocks, under Slack's 50.
 */
export function renderHistory({ page, filter, historyDays }: HistoryModel): SlackMessage {
  const title = `*History${filterLabel(filter)}*`;
  const notes = [
    ...(page.vultrError
      ? [`:warning: Vultr’s list could not be read, so invitations accepted there are missing. ${vultrFailureText(page.vultrError)}`]
      : []),
    ...(page.acceptedHidden > 0
      ? [`…and ${page.acceptedHidden} more accepted in this period. Narrow it down with \`/invites history TEXT\`.`]
      : []),
  ];
  const blocks: KnownBlock[] = [section(title), context(`Newest first · kept ${historyDays} days`)];
  if (page.entries.length === 0) {
    blocks.push(section(filter === '' ? 'Nothing recorded yet.' : `Nothing in the history matches *${escapeMrkdwn(filter)}*.`));
  } else {
    blocks.push(divider(), ...sectionsOf(page.entries.map(historyLine)));
  }
  if (notes.length > 0) blocks.push(context(...notes));
  if (page.older) {
    const value = encodeHistoryValue({ s: page.older.seq, t: page.older.at, q: filter });
    blocks.push(actions('history_nav', [button({ actionId: ACTION_HISTORY_OLDER, text: 'Older ▶', value })]));
  }
  const text = page.entries.length === 0 ? 'Nothing in the history' : `History${filter === '' ? '' : ` matching “${filter}”`}`;
  return { text: escapeMrkdwn(text), blocks };
}

/** The App Home's "Recent activity": the newest records, or a short note when the store cannot answer. */
export function recentActivity(recent: readonly AuditRecord[] | null | undefined): KnownBlock[] {
  if (recent === undefined) return [];
  const lines =
    recent === null
      ? ['_The history cannot be read right now._']
      : recent.length > 0
        ? recent.map(historyLine)
        : ['_Nothing recorded yet._'];
  return [divider(), ...sectionsOf(['*Recent activity*', ...lines])];
}

/** The history could not be read: a store that is down says so (nothing else is affected); anything else is a bug in the logs. */
export function renderHistoryFailure(err: unknown): SlackMessage {
  if (!(err instanceof StoreUnavailableError)) return renderUnexpected(err);
  return problemMessage(
    ':warning: The history cannot be read right now: the bot’s shared store (Redis) is not answering. Nothing was changed; please try again in a minute.',
  );
}
