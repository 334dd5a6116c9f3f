import type { AuditRecord } from '../coordination/auditLog';

/**
 * An audit line as requestContext.ts writes it (its AuditEvent and AuditFields, restated here so
 * the two files do not import each other).
 */
type AuditLine = Readonly<Record<string, unknown>> & { user: string; action: string; outcome: string };

/** Outcomes that are noise, not history: a payload nobody could have sent, a field error, Slack sending a submission again. */
const NOISE = new Set(['bad_request', 'bad_input', 'duplicate_submission']);

/** Every resend action, on every surface (`resend`, `resend_all`, `digest_resend`, `watch_resend_all`, …). */
const RESEND = /^(?:digest_|watch_)?resend(?:_all)?$/;
/** A click that only resent: its addresses say it all. */
const ONLY_RESENT = /^resent(?::\d+)?$/;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * What an audit line leaves in the history: nothing for views, opens, paging and noise; one
 * record for a creation, a request or a decision; for a resend click, one `sent` record per
 * address resent, plus one for whatever else the click ended in (a resend that was refused or
 * did not happen names its invitations by id: the audit line carries no address for them).
 */
export function historyRecordsOf(event: string, fields: AuditLine, at: number): AuditRecord[] {
  const { user: actor, action, outcome } = fields;
  if (NOISE.has(outcome)) return [];
  const address = text(fields.email);
  const one = (what: string, detail?: string): AuditRecord[] => [
    { at, actor, action: what, outcome, ...(address ? { address } : {}), ...(detail ? { detail } : {}) },
  ];
  if (RESEND.test(action)) return resendRecords(at, actor, outcome, texts(fields.resent_emails), texts(fields.invitation_ids));
  if (event === 'decision')
    return one(
      action,
      text(fields.requester) ? `requested by ${text(fields.requester)}` : text(fields.card) && `card ${text(fields.card)}`,
    );
  if (event === 'invite' && action === 'submit') return one('create', invitationDetail(fields.invitation_id));
  if (event === 'request' && action === 'submit') return one('request', invitationDetail(fields.invitation_id));
  return [];
}

function invitationDetail(id: unknown): string | undefined {
  return text(id) && `invitation ${text(id)}`;
}

function resendRecords(at: number, actor: string, outcome: string, resent: string[], ids: string[]): AuditRecord[] {
  const sent = resent.map((address): AuditRecord => ({ at, actor, action: 'resend', address, outcome: 'sent' }));
  if (ONLY_RESENT.test(outcome) && sent.length > 0) return sent;
  const detail = ids.length === 0 ? undefined : ids.length === 1 ? `invitation ${ids[0]}` : `${ids.length} invitations`;
  return [...sent, { at, actor, action: 'resend', outcome, ...(detail ? { detail } : {}) }];
}
