import { VultrError, type VultrErrorKind } from '../vultr/errors';

/**
 * Domain values as text for the shared store (a resend's or a creation's outcome, so a click on
 * another replica can report the one it waited for; a kept list). Dates and Vultr errors are tagged so they
 * come back as what they were.
 */
export function encodeTagged(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof VultrError) return { $vultrError: { kind: raw.kind, message: raw.message, details: raw.details } };
    return value;
  });
}

export function decodeTagged(text: string): unknown {
  try {
    return JSON.parse(text, (_key, value: unknown) => {
      if (isTagged(value, '$date')) return new Date(value.$date as string);
      if (isTagged(value, '$vultrError')) {
        const { kind, message, details } = value.$vultrError as { kind: VultrErrorKind; message: string; details: VultrError['details'] };
        return new VultrError(kind, message, details);
      }
      return value;
    }) as unknown;
  } catch {
    return null;
  }
}

function isTagged(value: unknown, tag: string): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && tag in value;
}
