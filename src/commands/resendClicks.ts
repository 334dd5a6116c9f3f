import type { ResendRequest } from '../invites/resend';
import type { BatchResult } from '../invites/service';
import { decodeBulkValue, decodeResendValue } from '../views/actionPayloads';
import type { AcceptedClick } from './clickGuard';
import { auditLine, type AuditEvent, type InvitesDeps } from './deps';

/** What a Resend or Resend all button asks for, whichever surface it sits on. */
export interface ResendClickValue {
  requests: ResendRequest[];
  listState: { q: string; p: number };
}

export const decodeOneResend = (raw: unknown): ResendClickValue | null => {
  const v = decodeResendValue(raw);
  return v && { requests: [{ invitationId: v.i, shownExpiry: v.e }], listState: { q: v.q, p: v.p } };
};

/** A bulk value naming an invitation twice is resent once (and counted once). */
export const decodeBulkResend = (raw: unknown): ResendClickValue | null => {
  const v = decodeBulkValue(raw);
  if (!v) return null;
  const unique = new Map(v.b.map(([invitationId, shownExpiry]) => [invitationId, { invitationId, shownExpiry }]));
  return { requests: [...unique.values()], listState: { q: v.q, p: v.p } };
};

/** "resent" for one, "resent:6,failed:1" for a batch: one field to grep in the audit log. */
export function summarize(kinds: readonly string[]): string {
  if (kinds.length === 1) return kinds[0] as string;
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${kind}:${n}`).join(',');
}

/** The audit line of a resend click: who, which invitations, what happened, which e-mails went out. */
export function auditResend(
  deps: InvitesDeps,
  action: string,
  click: AcceptedClick<ResendClickValue>,
  result: BatchResult,
  event: AuditEvent = 'action',
): void {
  auditLine(deps, event, {
    user: click.user,
    action,
    source: result.context.source,
    invitation_ids: click.value.requests.map((r) => r.invitationId),
    outcome: summarize(result.items.map((i) => i.outcome.kind)),
    joined: result.items.some((i) => i.joined),
    notified: result.notification?.ok ?? null,
    resent_emails: result.items.flatMap((i) => (i.outcome.kind === 'resent' && !i.joined ? [i.outcome.invitation.emailInvited] : [])),
    started: click.started,
  });
}
