import { z } from 'zod';
import { invitationIdPattern } from '../vultr/schemas';

/**
 * What buttons carry. A click is a separate, untrusted request: values are parsed with zod
 * and bounded in size; anything else is refused, never thrown.
 */

/** The `/invites` list (ephemeral, updated through the click's response_url). */
export const ACTION_RESEND = 'invites_resend';
export const ACTION_RESEND_ALL = 'invites_resend_all';
export const ACTION_PAGE = 'invites_page';
/** The reminder digest (a channel message, updated with chat.update). */
export const ACTION_DIGEST_RESEND = 'digest_resend';
export const ACTION_DIGEST_RESEND_ALL = 'digest_resend_all';
/** The App Home tab (updated with views.publish). */
export const ACTION_HOME_RESEND = 'home_resend';
export const ACTION_HOME_RESEND_ALL = 'home_resend_all';
export const ACTION_HOME_PAGE = 'home_page';
/** New invitation (the `/invites` list and the App Home): opens the invite modal; carries nothing. */
export const ACTION_NEW_INVITATION = 'invites_new';
/** The watcher's channel announcements (updated with chat.update, like the digest). */
export const ACTION_WATCH_RESEND = 'watch_resend';
export const ACTION_WATCH_RESEND_ALL = 'watch_resend_all';

/** The Older button of `/invites history` (ephemeral, replaced through the click's response_url). */
export const ACTION_HISTORY_OLDER = 'history_older';

/** Most invitations one "Resend all" button carries (each is an id and an expiry in its value). */
export const MAX_BULK = 30;

/** The longest filter we echo back or carry in a button. */
export const MAX_FILTER_LENGTH = 100;
/** Longest single-row or paging value we accept; ours are far shorter. */
const MAX_VALUE_LENGTH = 1000;
/** Slack's own limit on a button value, for the bulk value that carries many rows. */
const MAX_BULK_VALUE_LENGTH = 2000;

const listState = {
  /** The filter the list was made with. */
  q: z.string().max(MAX_FILTER_LENGTH),
  /** Zero-based page index the click came from. */
  p: z.number().int().min(0).max(10_000),
};

const resendValueSchema = z.strictObject({
  i: z.string().regex(invitationIdPattern),
  /** The expiration the row showed, in Unix seconds (null when unknown): the stale-row check. */
  e: z.number().int().nullable(),
  ...listState,
});
const pageValueSchema = z.strictObject(listState);
const bulkValueSchema = z.strictObject({
  /** [invitation id, expiration shown in Unix seconds] for each invitation the button resends. */
  b: z
    .array(z.tuple([z.string().regex(invitationIdPattern), z.number().int().nullable()]))
    .min(1)
    .max(MAX_BULK),
  ...listState,
});

const historyValueSchema = z.strictObject({
  /** The history continues below this seq… */
  s: z.number().int().min(1),
  /** …and, for Vultr's acceptances, before this time (Unix ms). */
  t: z.number().int().min(0),
  q: z.string().max(MAX_FILTER_LENGTH),
});

export type ResendValue = z.infer<typeof resendValueSchema>;
export type PageValue = z.infer<typeof pageValueSchema>;
export type BulkValue = z.infer<typeof bulkValueSchema>;
export type HistoryValue = z.infer<typeof historyValueSchema>;

export { toUnixSeconds } from '../domain/resend';

export const encodeResendValue = (value: ResendValue): string => JSON.stringify(value);
export const encodePageValue = (value: PageValue): string => JSON.stringify(value);
export const encodeBulkValue = (value: BulkValue): string => JSON.stringify(value);
export const encodeHistoryValue = (value: HistoryValue): string => JSON.stringify(value);

function decode<T>(schema: z.ZodType<T>, raw: unknown, maxLength = MAX_VALUE_LENGTH): T | null {
  if (typeof raw !== 'string' || raw.length > maxLength) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export const decodeResendValue = (raw: unknown): ResendValue | null => decode(resendValueSchema, raw);
export const decodePageValue = (raw: unknown): PageValue | null => decode(pageValueSchema, raw);
export const decodeBulkValue = (raw: unknown): BulkValue | null => decode(bulkValueSchema, raw, MAX_BULK_VALUE_LENGTH);
export const decodeHistoryValue = (raw: unknown): HistoryValue | null => decode(historyValueSchema, raw);
