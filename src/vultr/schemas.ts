import { z } from 'zod';

/**
 * The contract, as tolerant as docs/vultr-api.md describes:
 * unknown fields are kept, optional ones may be absent, null or "", and the envelope of
 * single-object answers may be bare or wrapped.
 */

const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v : null));

// The id goes into a URL path; anything else is treated as a schema violation.
export const invitationIdPattern = /^[A-Za-z0-9-]{1,64}$/;

/**
 * An address as Vultr could have sent mail to it: something@something, at most 254 characters, no
 * whitespace (so no line break), control or invisible format character. Looser than the form's
 * check (Vultr's own rules are not documented; "r&d@example.com" is real), but a row holding a
 * forged line or a bidi override is skipped like any malformed row.
 */
const emailAddressPattern = /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+$/u;

export const invitationSchema = z.looseObject({
  id: z.string().regex(invitationIdPattern),
  email_invited: z.string().max(254).regex(emailAddressPattern),
  inviter_name: optionalText,
  inviter_email: optionalText,
  invite_status: optionalText,
  status: optionalText,
  status_full: optionalText,
  date_created: optionalText,
  expiration_date: optionalText,
  date_responded: optionalText,
  // The address of the account that accepted (inferred from the name; docs/vultr-api.md).
  email_registered: optionalText,
});
export type RawInvitation = z.infer<typeof invitationSchema>;

const listMetaSchema = z
  .looseObject({
    total: z.number().optional(),
    links: z
      .looseObject({
        next: z.union([z.string(), z.null()]).optional(),
        prev: z.union([z.string(), z.null()]).optional(),
      })
      .nullish(),
  })
  .nullish();

/**
 * The list's array may sit under `invites`, `invitations` or `data`. Its items are left unread
 * here: one malformed row must not hide the others (see `readRows`).
 */
export const invitationListSchema = z
  .looseObject({
    invites: z.unknown().optional(),
    invitations: z.unknown().optional(),
    data: z.unknown().optional(),
    meta: listMetaSchema,
  })
  .transform((body, ctx) => {
    const items = [body.invites, body.invitations, body.data].find(Array.isArray) as unknown[] | undefined;
    if (!items) {
      ctx.addIssue({ code: 'custom', message: 'no invitation array under invites, invitations or data' });
      return z.NEVER;
    }
    const next = body.meta?.links?.next;
    return { items, next: typeof next === 'string' && next !== '' ? next : null };
  });

/** The rows of one list page that can be shown and resent safely, and what was wrong with the others. */
export interface ReadRows {
  rows: RawInvitation[];
  /** Per field, how many rows were skipped for it (e.g. `{ id: 2, email_invited: 1 }`). */
  skippedByField: Record<string, number>;
  /** Ids of skipped rows that are themselves valid (safe to log); the others are only counted. */
  skippedIds: string[];
}

export function readRows(items: readonly unknown[]): ReadRows {
  const read: ReadRows = { rows: [], skippedByField: {}, skippedIds: [] };
  for (const item of items) {
    const parsed = invitationSchema.safeParse(item);
    if (parsed.success) {
      read.rows.push(parsed.data);
      continue;
    }
    const field = String(parsed.error.issues[0]?.path[0] ?? 'row');
    read.skippedByField[field] = (read.skippedByField[field] ?? 0) + 1;
    const id = isObject(item) ? item.id : undefined;
    if (typeof id === 'string' && invitationIdPattern.test(id)) read.skippedIds.push(id);
  }
  return read;
}

/** A single invitation may come bare or wrapped in `invitation`, `invite` or `data`. */
export const singleInvitationSchema = z.unknown().transform((body, ctx) => {
  const candidates = [body, ...['invitation', 'invite', 'data'].map((key) => (isObject(body) ? body[key] : undefined))];
  for (const candidate of candidates) {
    if (isObject(candidate) && typeof candidate.id === 'string') {
      const parsed = invitationSchema.safeParse(candidate);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
      return z.NEVER;
    }
  }
  ctx.addIssue({ code: 'custom', message: 'no invitation object (bare, or under invitation, invite or data)' });
  return z.NEVER;
});

export const errorBodySchema = z.looseObject({ error: z.string().optional() });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
