import { z } from 'zod';
import { invitationIdPattern } from '../vultr/schemas';

/**
 * What buttons carry. A click is a separate, untrusted request: values are parsed with zod
 * and bounded in size; anything else is refused, never thrown.
 */

export const ACTION_RESEND = 'invites_resend';
export const ACTION_PAGE = 'invites_page';

/** The longest filter we echo back or carry in a button. */
export const MAX_FILTER_LENGTH = 100;
const MAX_VALUE_LENGTH = 1000;

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

export type ResendValue = z.infer<typeof resendValueSchema>;
export type PageValue = z.infer<typeof pageValueSchema>;

export function toUnixSeconds(date: Date | null): number | null {
  return date === null ? null : Math.floor(date.getTime() / 1000);
}

export const encodeResendValue = (value: ResendValue): string => JSON.stringify(value);
export const encodePageValue = (value: PageValue): string => JSON.stringify(value);

function decode<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  if (typeof raw !== 'string' || raw.length > MAX_VALUE_LENGTH) return null;
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
