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

/**
 * Every id Vultr hands out here (invitations, groups, users) goes into a URL path; anything but
 * this is treated as a schema violation, and no URL is built from it.
 */
export const vultrIdPattern = /^[A-Za-z0-9-]{1,64}$/;
export const invitationIdPattern = vultrIdPattern;

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
 * One page of a list: the array under the first of `keys` that holds one, and the cursor of the
 * next page (null at the end). The items are left unread here: one malformed row must not hide
 * the others (see `readRows`).
 */
function listPageSchema(what: string, keys: readonly string[]) {
  return z.looseObject({ meta: listMetaSchema }).transform((body, ctx) => {
    const items = keys.map((key) => (body as Record<string, unknown>)[key]).find(Array.isArray) as unknown[] | undefined;
    if (!items) {
      ctx.addIssue({ code: 'custom', message: `no ${what} array under ${keys.join(', ')}` });
      return z.NEVER;
    }
    const next = body.meta?.links?.next;
    return { items, next: typeof next === 'string' && next !== '' ? next : null };
  });
}
export type ListPageSchema = ReturnType<typeof listPageSchema>;

/** govultr reads `invites`; the others are accepted in case Vultr names it like its other lists. */
export const invitationListSchema = listPageSchema('invitation', ['invites', 'invitations', 'data']);

/** The rows of one list page that can be used safely, and what was wrong with the others. */
export interface ReadRows<Row> {
  rows: Row[];
  /** Per field, how many rows were skipped for it (e.g. `{ id: 2, email_invited: 1 }`). */
  skippedByField: Record<string, number>;
  /** Ids of skipped rows that are themselves valid (safe to log); the others are only counted. */
  skippedIds: string[];
}

export function readRowsWith<S extends z.ZodType>(schema: S, items: readonly unknown[]): ReadRows<z.output<S>> {
  const read: ReadRows<z.output<S>> = { rows: [], skippedByField: {}, skippedIds: [] };
  for (const item of items) {
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      read.rows.push(parsed.data);
      continue;
    }
    const field = String(parsed.error.issues[0]?.path[0] ?? 'row');
    read.skippedByField[field] = (read.skippedByField[field] ?? 0) + 1;
    const id = isObject(item) ? item.id : undefined;
    if (typeof id === 'string' && vultrIdPattern.test(id)) read.skippedIds.push(id);
  }
  return read;
}

/** The invitations of one list page that can be shown and resent safely. */
export function readRows(items: readonly unknown[]): ReadRows<RawInvitation> {
  return readRowsWith(invitationSchema, items);
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

/**
 * An IAM group (docs/vultr-api.md, IAM groups and users). Vultr calls its name `display_name`;
 * `name` is accepted too, and a group with neither is still listed, under its id.
 */
export const groupSchema = z
  .looseObject({
    id: z.string().regex(vultrIdPattern),
    display_name: optionalText,
    name: optionalText,
    description: optionalText,
  })
  .transform((raw) => ({ id: raw.id, name: raw.display_name ?? raw.name ?? raw.id, description: raw.description }));
export type RawGroup = z.output<typeof groupSchema>;

export const groupListSchema = listPageSchema('group', ['groups', 'data']);

/**
 * An organization user. Only a user with a usable e-mail can be matched to an invitation, so one
 * without is skipped like any malformed row. The name is `name`, else `first_name last_name`
 * (both shapes are seen in Vultr's artefacts), else unknown.
 */
export const userSchema = z
  .looseObject({
    id: z.string().regex(vultrIdPattern),
    email: z.string().max(254).regex(emailAddressPattern),
    name: optionalText,
    first_name: optionalText,
    last_name: optionalText,
    service_user: z.unknown().optional(),
  })
  .transform((raw) => {
    const fullName = [raw.first_name, raw.last_name].filter((part) => part !== null).join(' ');
    return {
      id: raw.id,
      email: raw.email,
      name: raw.name ?? (fullName === '' ? null : fullName),
      serviceUser: raw.service_user === true,
    };
  });
export type RawUser = z.output<typeof userSchema>;

export const userListSchema = listPageSchema('user', ['users', 'data']);

export const errorBodySchema = z.looseObject({ error: z.string().optional() });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
