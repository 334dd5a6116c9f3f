import type { VultrSandbox } from '../sandbox/vultrSandbox';
import { escapeHtml } from './html';
import { BOT_USER_ID, type LocalSlack, type StoredMessage } from './localSlack';
import type { RenderContext } from './mrkdwn';
import { CHANNELS } from './people';
import { blocksToHtml, messageToHtml, modalToHtml } from './render';

/** What the page shows for one person, as HTML fragments rendered here (the page only places them). */
export interface PageState {
  channels: Array<{ id: string; name: string; purpose: string; html: string }>;
  home: string;
  vultr: string;
  refusals: string;
  /** The viewer's open modal ('' when none). */
  modal: string;
}

export function renderContext(slack: LocalSlack, timeZone: string, now: Date): RenderContext {
  return {
    userName: (id) => (id === BOT_USER_ID ? 'Invites' : (slack.users.get(id)?.real_name ?? id)),
    channelName: (id) => CHANNELS.find((c) => c.id === id)?.name ?? id,
    timeZone,
    now,
  };
}

function timeOfTs(ts: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(Number(ts) * 1000));
}

function messageHtml(message: StoredMessage, replies: StoredMessage[], context: RenderContext): string {
  const fromBot = message.author === BOT_USER_ID;
  const name = fromBot ? 'Invites' : message.author === 'slackbot' ? 'Slackbot' : context.userName(message.author);
  const ephemeral = message.visibleTo !== undefined;
  const thread = replies.length === 0 ? '' : `<div class="thread">${replies.map((r) => messageHtml(r, [], context)).join('')}</div>`;
  return `<div class="msg${ephemeral ? ' ephemeral' : ''}" data-channel="${escapeHtml(message.channel)}" data-ts="${escapeHtml(message.ts)}">
<div class="avatar${fromBot ? ' bot' : ''}">${fromBot ? '✉️' : escapeHtml(name.slice(0, 1))}</div>
<div class="msg-body"><div class="msg-meta"><b>${escapeHtml(name)}</b>${fromBot ? '<span class="app-tag">APP</span>' : ''}<span class="msg-time">${timeOfTs(message.ts, context.timeZone)}</span>${message.edited ? '<span class="edited">(edited)</span>' : ''}</div>
${messageToHtml(message, context)}${ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : ''}${thread}</div></div>`;
}

function channelHtml(slack: LocalSlack, channel: string, viewer: string, context: RenderContext): string {
  const visible = slack.messages.filter((m) => m.channel === channel && (m.visibleTo === undefined || m.visibleTo === viewer));
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

function vultrHtml(vultr: VultrSandbox, context: RenderContext): string {
  const rows = [...vultr.invitations.values()]
    .map((inv) => {
      const expires = inv.expiration_date ? new Date(inv.expiration_date) : null;
      const expiry = expires && !Number.isNaN(expires.getTime()) ? expiryCell(expires, context) : '<span class="muted">unknown</span>';
      const status = String(inv.invite_status ?? inv.status ?? '');
      const resends = vultr.resendCount.get(inv.id) ?? 0;
      return `<tr><td>${escapeHtml(inv.email_invited)}</td><td><span class="status status-${escapeHtml(status.toLowerCase())}">${escapeHtml(status)}</span></td><td>${expiry}</td><td>${resends || ''}</td></tr>`;
    })
    .join('');
  const outbox = vultr.outbox
    .map(
      (mail) =>
        `<li><b>To:</b> ${escapeHtml(mail.to)}<br><span class="muted">${escapeHtml(mail.subject)} · ${escapeHtml(new Date(mail.at).toLocaleString('en-US', { timeZone: context.timeZone }))}</span></li>`,
    )
    .join('');
  return `<h3>Outbox <span class="muted">(${vultr.outbox.length} e-mail${vultr.outbox.length === 1 ? '' : 's'} Vultr would have sent)</span></h3>
<ul class="outbox">${outbox || '<li class="muted">Empty: nothing resent yet.</li>'}</ul>
<h3>Invitations <span class="muted">(${vultr.invitations.size})</span></h3>
<table class="invitations"><thead><tr><th>E-mail</th><th>Status</th><th>Expires</th><th>Resends</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function expiryCell(expires: Date, context: RenderContext): string {
  const hours = (expires.getTime() - context.now.getTime()) / 3_600_000;
  const urgency = hours <= 0 ? 'expired' : hours < 24 ? 'soon' : 'fine';
  const when = new Intl.DateTimeFormat('en-US', {
    timeZone: context.timeZone,
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(expires);
  return `<span class="expiry-${urgency}">${escapeHtml(when)}</span>`;
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
  return open ? modalToHtml(open.id, open.view, context) : '';
}

export function pageState(slack: LocalSlack, vultr: VultrSandbox, viewer: string, timeZone: string, now: Date): PageState {
  const context = renderContext(slack, timeZone, now);
  const home = slack.homeViews.get(viewer);
  return {
    channels: CHANNELS.map((c) => ({ ...c, html: channelHtml(slack, c.id, viewer, context) })),
    home: home ? blocksToHtml(Array.isArray(home.blocks) ? home.blocks : [], context) : '<div class="empty">Opening App Home…</div>',
    vultr: vultrHtml(vultr, context),
    refusals: refusalsHtml(slack),
    modal: modalFor(slack, viewer, context),
  };
}
