import { escapeHtml } from './html';
import { BOT_USER_ID, type LocalSlack, type StoredMessage } from './localSlack';
import type { RenderContext } from './mrkdwn';
import { blocksToHtml, messageToHtml, modalToHtml } from './render';
import type { PagePanel, Workspace } from './workspace';

/** What the page shows for one person, as HTML fragments rendered here (the page only places them). */
export interface PageState {
  channels: Array<{ id: string; name: string; purpose: string; html: string }>;
  home: string;
  /** The app's Messages tab: the bot's direct messages with the viewer, and how many there are (for the unread badge). */
  dm: { channel: string; html: string; count: number };
  /** The side panel's HTML ('' when there is none). */
  panel: string;
  refusals: string;
  /** The viewer's open modal ('' when none). */
  modal: string;
}

/** What the page is made of: the local Slack, the workspace around the app, and the optional side panel. */
export interface PageSources {
  slack: LocalSlack;
  workspace: Workspace;
  panel?: PagePanel;
}

export function renderContext({ slack, workspace }: PageSources, timeZone: string, now: Date): RenderContext {
  return {
    userName: (id) =>
      id === BOT_USER_ID ? slack.manifest.name : (slack.users.get(id)?.real_name ?? workspace.people.find((p) => p.id === id)?.name ?? id),
    channelName: (id) => workspace.channels.find((c) => c.id === id)?.name ?? id,
    timeZone,
    now,
  };
}

function timeOfTs(ts: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(Number(ts) * 1000));
}

function messageHtml(message: StoredMessage, replies: StoredMessage[], context: RenderContext): string {
  const fromBot = message.author === BOT_USER_ID;
  const name = fromBot ? context.userName(BOT_USER_ID) : message.author === 'slackbot' ? 'Slackbot' : context.userName(message.author);
  const ephemeral = message.visibleTo !== undefined;
  const thread = replies.length === 0 ? '' : `<div class="thread">${replies.map((r) => messageHtml(r, [], context)).join('')}</div>`;
  return `<div class="msg${ephemeral ? ' ephemeral' : ''}" data-channel="${escapeHtml(message.channel)}" data-ts="${escapeHtml(message.ts)}">
<div class="avatar${fromBot ? ' bot' : ''}">${escapeHtml(name.slice(0, 1))}</div>
<div class="msg-body"><div class="msg-meta"><b>${escapeHtml(name)}</b>${fromBot ? '<span class="app-tag">APP</span>' : ''}<span class="msg-time">${timeOfTs(message.ts, context.timeZone)}</span>${message.edited ? '<span class="edited">(edited)</span>' : ''}</div>
${messageToHtml(message, context)}${ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : ''}${thread}</div></div>`;
}

function visibleIn(slack: LocalSlack, channel: string, viewer: string): StoredMessage[] {
  return slack.messages.filter((m) => m.channel === channel && (m.visibleTo === undefined || m.visibleTo === viewer));
}

function channelHtml(slack: LocalSlack, channel: string, viewer: string, context: RenderContext): string {
  const visible = visibleIn(slack, channel, viewer);
  const isReply = (m: StoredMessage) => m.threadTs !== undefined && m.threadTs !== m.ts;
  const html = visible
    .filter((m) => !isReply(m))
    .map((m) =>
      messageHtml(
        m,
        visible.filter((r) => isReply(r) && r.threadTs === m.ts),
        context,
      ),
    )
    .join('');
  return html || '<div class="empty">No messages yet.</div>';
}

function refusalsHtml(slack: LocalSlack): string {
  return slack.refusals
    .slice(-5)
    .map(
      (r) =>
        `<div class="refusal"><b>Slack refused ${escapeHtml(r.where)}: ${escapeHtml(r.error)}</b>${r.problems.map((p) => `<div>${escapeHtml(p)}</div>`).join('')}</div>`,
    )
    .join('');
}

function modalFor(slack: LocalSlack, viewer: string, context: RenderContext): string {
  const open = [...slack.modals.values()].filter((m) => m.user === viewer).at(-1);
  return open ? modalToHtml(open.id, open.view, context, open.typed, open.suggested) : '';
}

export function pageState(sources: PageSources, viewer: string, timeZone: string, now: Date): PageState {
  const { slack, workspace, panel } = sources;
  const context = renderContext(sources, timeZone, now);
  const home = slack.homeViews.get(viewer);
  const dm = slack.dmChannelOf(viewer);
  return {
    channels: workspace.channels.map((c) => ({ ...c, html: channelHtml(slack, c.id, viewer, context) })),
    dm: { channel: dm, html: channelHtml(slack, dm, viewer, context), count: visibleIn(slack, dm, viewer).length },
    home: home ? blocksToHtml(Array.isArray(home.blocks) ? home.blocks : [], context) : '<div class="empty">Opening App Home…</div>',
    panel: panel?.html({ timeZone, now }) ?? '',
    refusals: refusalsHtml(slack),
    modal: modalFor(slack, viewer, context),
  };
}
