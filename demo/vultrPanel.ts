import { plural } from '../src/util/plural';
import { escapeHtml, type PagePanel, type PanelAction } from '@vultr-invites/slack-emulator';
import type { SandboxInvitation, VultrSandbox } from '@vultr-invites/vultr-sandbox';

/**
 * The workbench's side panel for the demo: what the Vultr sandbox holds (invitations, IAM groups and
 * their members) and the e-mails it would have sent, so a resend's effect is seen next to the
 * conversation. It lives here, not in either
 * package, because it is the one place that knows both: the sandbox knows no page, the page no Vultr.
 */

type View = Parameters<PagePanel['html']>[0];

function expiryCell(expires: Date, { timeZone, now }: View): string {
  const hours = (expires.getTime() - now.getTime()) / 3_600_000;
  const urgency = hours <= 0 ? ' class="text-bad"' : hours < 24 ? ' class="text-warn"' : '';
  const when = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(
    expires,
  );
  return `<span${urgency}>${escapeHtml(when)}</span>`;
}

const STATUS_TAGS: Record<string, string> = { pending: 'tag-info', accepted: 'tag-good' };

const statusOf = (inv: SandboxInvitation) => String(inv.invite_status ?? inv.status ?? '');

function expiryOf(inv: SandboxInvitation): Date | null {
  const expires = inv.expiration_date ? new Date(inv.expiration_date) : null;
  return expires && !Number.isNaN(expires.getTime()) ? expires : null;
}

/** What needs attention first: pending invitations, soonest expiry first (unknown last), then the rest as the sandbox holds them. */
export function panelOrder(invitations: Iterable<SandboxInvitation>): SandboxInvitation[] {
  const pendingRank = (inv: SandboxInvitation) => (statusOf(inv).toLowerCase() === 'pending' ? 0 : 1);
  const expiryRank = (inv: SandboxInvitation) => (pendingRank(inv) === 0 ? (expiryOf(inv)?.getTime() ?? Number.MAX_SAFE_INTEGER) : 0);
  return [...invitations].sort((a, b) => pendingRank(a) - pendingRank(b) || expiryRank(a) - expiryRank(b));
}

/**
 * The invitation a person would accept next: the pending one expiring soonest that has not expired
 * (one with an unknown expiry last). Panel buttons are fixed when the page loads, so the button
 * cannot name an invitation; the outcome names the one it accepted.
 */
export function nextToAccept(invitations: Iterable<SandboxInvitation>, now: Date): SandboxInvitation | undefined {
  return panelOrder(invitations).find((inv) => statusOf(inv).toLowerCase() === 'pending' && (expiryOf(inv) ?? now) >= now);
}

/**
 * The pending invitation created last that has not expired: the one someone trying the demo just
 * sent with `/invites new`. Ties (the same second) go to the one the sandbox added last.
 */
export function newestPending(invitations: Iterable<SandboxInvitation>, now: Date): SandboxInvitation | undefined {
  let newest: SandboxInvitation | undefined;
  let newestAt = Number.NEGATIVE_INFINITY;
  for (const inv of invitations) {
    if (statusOf(inv).toLowerCase() !== 'pending' || (expiryOf(inv) ?? now) < now) continue;
    const created = inv.date_created ? Date.parse(inv.date_created) : Number.NaN;
    const at = Number.isNaN(created) ? Number.MIN_SAFE_INTEGER : created;
    if (at >= newestAt) [newest, newestAt] = [inv, at];
  }
  return newest;
}

/** Which invitation the accept button takes, and what it says it does. */
export interface AcceptChoice {
  label: string;
  pick(invitations: Iterable<SandboxInvitation>, now: Date): SandboxInvitation | undefined;
}

export const ACCEPT_SOONEST_EXPIRING: AcceptChoice = { label: '✅ Accept an invitation as the invitee', pick: nextToAccept };
/** The demo's: what was just invited, so the group chosen in the form is seen granted. */
export const ACCEPT_NEWEST: AcceptChoice = { label: '✅ Accept the newest invitation as the invitee', pick: newestPending };

/** The invitee's side of an invitation, which no Slack conversation can play: accepting it in Vultr. */
export function acceptAction(
  vultr: VultrSandbox,
  now: () => Date = () => new Date(),
  choice: AcceptChoice = ACCEPT_SOONEST_EXPIRING,
): PanelAction {
  return {
    label: choice.label,
    run() {
      const invitation = choice.pick(vultr.invitations.values(), now());
      if (!invitation) return Promise.resolve('No pending invitation is left to accept.');
      vultr.accept(invitation.id);
      return Promise.resolve(`${invitation.email_invited} accepted the invitation and is now a user of the organization, in no group yet.`);
    },
  };
}

function groupsHtml(vultr: VultrSandbox): string {
  const items = [...vultr.groups.values()]
    .map((group) => {
      const members = group.members.map((id) => vultr.users.get(id)?.email ?? id);
      const who = members.length > 0 ? members.map(escapeHtml).join(', ') : 'no members';
      return `<li><b>${escapeHtml(group.display_name)}</b> <span class="muted">(${plural(members.length, 'member')})</span><br><span class="muted">${who}</span></li>`;
    })
    .join('');
  return `<h3>Groups <span class="muted">(${vultr.groups.size})</span></h3>
<ul class="panel-cards groups">${items || '<li class="muted">None.</li>'}</ul>`;
}

function sandboxHtml(vultr: VultrSandbox, view: View): string {
  const rows = panelOrder(vultr.invitations.values())
    .map((inv) => {
      const expires = expiryOf(inv);
      const expiry = expires ? expiryCell(expires, view) : '<span class="muted">unknown</span>';
      const status = statusOf(inv);
      const tag = STATUS_TAGS[status.toLowerCase()] ?? '';
      const resends = vultr.resendCount.get(inv.id) ?? 0;
      return `<tr><td>${escapeHtml(inv.email_invited)}</td><td><span class="tag ${tag}">${escapeHtml(status)}</span></td><td>${expiry}</td><td>${resends || ''}</td></tr>`;
    })
    .join('');
  const outbox = vultr.outbox
    .map(
      (mail) =>
        `<li><b>To:</b> ${escapeHtml(mail.to)}<br><span class="muted">${escapeHtml(mail.subject)} · ${escapeHtml(new Date(mail.at).toLocaleString('en-US', { timeZone: view.timeZone }))}</span></li>`,
    )
    .join('');
  return `<h3>Outbox <span class="muted">(${plural(vultr.outbox.length, 'e-mail')} Vultr would have sent)</span></h3>
<ul class="panel-cards outbox">${outbox || '<li class="muted">Empty: nothing resent yet.</li>'}</ul>
<h3>Invitations <span class="muted">(${vultr.invitations.size})</span></h3>
<table class="panel-table"><thead><tr><th>E-mail</th><th>Status</th><th>Expires</th><th>Resends</th></tr></thead><tbody>${rows}</tbody></table>
${groupsHtml(vultr)}`;
}

export function vultrPanel(vultr: VultrSandbox, actions: readonly PanelAction[]): PagePanel {
  return { title: 'Vultr sandbox', html: (view) => sandboxHtml(vultr, view), actions };
}
